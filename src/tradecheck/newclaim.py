"""`tradecheck new`: append one claim to a claims file without disturbing what is there.

The claim is written as YAML text after the file's last line (so comments, order and layout
of everything before it stay byte for byte), the whole new file is validated exactly as
`verify` would, and only then does it replace the old one (atomically). On any problem the
file is left as it was.
"""

from __future__ import annotations

import contextlib
import os
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tradecheck.errors import InputError

if TYPE_CHECKING:
    from tradecheck.report import ClaimReport

ORDER = (
    "id",
    "quote",
    "speaker",
    "measure",
    "period",
    "operation",
    "claimed",
    "reading",
    "expected",
    "note",
)


def claim_text(fields: dict[str, Any], indent: int) -> str:
    import yaml

    ordered = {k: fields[k] for k in ORDER if fields.get(k) is not None}
    text = yaml.safe_dump([ordered], sort_keys=False, allow_unicode=True, width=96)
    pad = " " * indent
    return "".join(pad + line if line.strip() else line for line in text.splitlines(True))


def new_file_text(title: str, publisher: str, date: str) -> str:
    import yaml

    source = {"source": {"title": title, "publisher": publisher, "date": date}}
    return yaml.safe_dump(source, sort_keys=False, allow_unicode=True) + "claims:\n"


def preview(path: Path, fields: dict[str, Any], header: str | None = None) -> ClaimReport:
    """The new claim judged once, as `verify` would judge it in the file (nothing written)."""
    from tradecheck.engine import prepare, verify_prepared

    tmp = path.with_name(f".{path.name}.{os.getpid()}.preview")
    try:
        tmp.write_text(_with_claim(path, fields, header), encoding="utf-8")
        report = verify_prepared(prepare([tmp], display={tmp: str(path)}), None, False)
    finally:
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()
    return report.files[0].claims[-1]


def append_claim(path: Path, fields: dict[str, Any], header: str | None = None) -> list[str]:
    """Validate the file with the claim appended, then write it; raises on any problem.
    Returns the warnings about the new claim (as `lint` gives them: a record likely to
    mislead, e.g. a quote saying "deficit" on a signed balance)."""
    from tradecheck.engine import prepare

    new = _with_claim(path, fields, header)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.new")
    try:
        tmp.write_text(new, encoding="utf-8")
        prepared = prepare([tmp], display={tmp: str(path)})
        mine = f"claims[{prepared.count - 1}]"
        warnings = [w for w in prepared.warnings if f": {mine}:" in w or w.endswith(mine)]
        if path.exists():
            os.chmod(tmp, path.stat().st_mode & 0o7777)
        os.replace(tmp, path)
    finally:
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()
    return warnings


def _with_claim(path: Path, fields: dict[str, Any], header: str | None) -> str:
    """The file's text with the claim appended after its last line (checked to be possible)."""
    if path.exists():
        try:
            text = path.read_text(encoding="utf-8")
        except UnicodeDecodeError as exc:
            raise InputError(f"{path}: not UTF-8 text (byte {exc.start}); not changed") from None
    elif header is not None:
        text = header
    else:
        raise InputError(
            f"{path}: no such claims file; give --title, --publisher and --date to start one"
        )
    tops = re.findall(r"^([A-Za-z_][\w-]*)\s*:", text, flags=re.MULTILINE)
    if not tops or tops[-1] != "claims":
        raise InputError(f"{path}: 'claims:' must be the file's last top-level key to append to it")
    # A file started as `claims: []` (no claims yet, flow style) takes block-style claims.
    text = re.sub(r"^claims:[ \t]*\[[ \t]*\][ \t]*(#.*)?$", r"claims:  \1", text, flags=re.M)
    text = re.sub(r"^claims:  $", "claims:", text, flags=re.M)
    match = re.search(r"^( *)- ", text[text.rindex("claims:") :], flags=re.MULTILINE)
    indent = len(match[1]) if match else 2
    if text and not text.endswith("\n"):
        text += "\n"
    return text + claim_text(fields, indent)
