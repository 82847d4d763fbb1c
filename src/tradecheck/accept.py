"""`tradecheck accept`: record each claim's current verdict as its `expected`, like a snapshot
update, changing only those lines of the claims files (claims.yamledit).

A file is written only when its edited text validates and reads back as the same claims
with only the `expected` verdicts changed; `unverifiable` is never recorded (it is not a
finding). Nothing here prints: the CLI shows the result.
"""

from __future__ import annotations

import contextlib
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from tradecheck.claims import load_claims_file
from tradecheck.claims.yamledit import set_expected
from tradecheck.domain import Verdict
from tradecheck.engine import prepare
from tradecheck.errors import ClaimsFileError, InputError

if TYPE_CHECKING:
    from tradecheck.claims import LoadedFile
    from tradecheck.series.cache import Cache


@dataclass(frozen=True)
class Change:
    file: str
    id: str
    before: Verdict | None  # the verdict recorded until now (None: none was)
    after: Verdict


@dataclass(frozen=True)
class Accepted:
    changes: list[Change] = field(default_factory=list)
    unverifiable: list[tuple[str, str]] = field(default_factory=list)  # (file, id): left alone
    written: list[str] = field(default_factory=list)  # the files rewritten


def accept(paths: list[Path], ids: list[str] | None = None, cache: Cache | None = None) -> Accepted:
    """Record the current verdicts of the claims in `paths` (only those with an id in `ids`
    when given) as their `expected`; raises InputError, with no file written, when an id is
    unknown, and for a file that cannot be edited (the files before it stay written)."""
    prepared = prepare(paths, cache=cache)
    wanted = set(ids or [])
    known = {claim.id for item, _ in prepared.files for claim in item.content.claims}
    unknown = sorted(wanted - known)
    if unknown:
        raise InputError(
            f"no claim with id {', '.join(repr(i) for i in unknown)} in the files given"
        )
    result = Accepted()
    edits: list[tuple[LoadedFile, dict[int, str]]] = []
    for index, (item, _) in enumerate(prepared.files):
        verdicts: dict[int, str] = {}
        reports = prepared.check_file(index, None)
        for number, (claim, report) in enumerate(zip(item.content.claims, reports, strict=True)):
            if wanted and claim.id not in wanted:
                continue
            if report.verdict is Verdict.UNVERIFIABLE:
                result.unverifiable.append((item.display, claim.id))
            elif report.verdict is not claim.expected:
                verdicts[number] = report.verdict.value
                result.changes.append(
                    Change(item.display, claim.id, claim.expected, report.verdict)
                )
        if verdicts:
            edits.append((item, verdicts))
    for item, verdicts in edits:
        _write(item, verdicts)
        result.written.append(item.display)
    return result


def _write(item: LoadedFile, verdicts: dict[int, str]) -> None:
    """Replace the file by its text with `verdicts` recorded, once that text is checked."""
    text = set_expected(item.display, item.text, verdicts)
    tmp = item.path.with_name(f".{item.path.name}.{os.getpid()}.accept")
    try:
        tmp.write_bytes(text.encode("utf-8"))
        try:
            edited = load_claims_file(tmp, item.display)
        except ClaimsFileError as exc:
            raise InputError(
                f"{item.display}: the edited file would not validate ({exc.problems[0]}); "
                "the file is unchanged"
            ) from exc
        before, after = item.content.claims, edited.content.claims
        same = len(before) == len(after) and all(
            new
            == (old.model_copy(update={"expected": Verdict(verdicts[i])}) if i in verdicts else old)
            for i, (old, new) in enumerate(zip(before, after, strict=True))
        )
        if not same or edited.content.model_copy(update={"claims": []}) != item.content.model_copy(
            update={"claims": []}
        ):
            raise InputError(
                f"{item.display}: recording the verdicts would change more than `expected`; "
                "the file is unchanged"
            )
        os.chmod(tmp, item.path.stat().st_mode & 0o7777)
        os.replace(tmp, item.path)
    finally:
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()
