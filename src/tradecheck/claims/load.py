"""Loading one claims file: read it safely, parse it, validate it, and report every problem at
once with file, line, column and field path."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from tradecheck.claims.messages import _pydantic_message
from tradecheck.claims.model import (
    AlternativeStart,
    Claim,
    ClaimsFile,
    Measure,
    Reading,
    Reviewer,
    Source,
)
from tradecheck.claims.yamltext import _dotted, _yaml_to_python
from tradecheck.errors import ClaimsFileError, Problem
from tradecheck.paths import not_regular

# Files larger than this are refused before parsing (large archives of claims still fit).
MAX_FILE_BYTES = 64 * 1024 * 1024


@dataclass(frozen=True)
class LoadedFile:
    path: Path
    display: str
    content: ClaimsFile
    text: str  # the file's text, to find positions again when a message needs one

    @cached_property
    def positions(self) -> dict[tuple[str | int, ...], tuple[int, int]]:
        """Line and column of every value. Computed only when a message needs a position: a
        valid file is loaded without them (they cost more memory than the claims)."""
        return _yaml_to_python(self.display, self.text, with_positions=True)[1].at

    def where(self, path: tuple[str | int, ...]) -> tuple[int | None, int | None]:
        while path:
            if path in self.positions:
                return self.positions[path]
            path = path[:-1]
        return self.positions.get((), (None, None))


# The model whose fields are at each key path of a claims file (list indexes left out), for
# "did you mean" hints on unknown keys. tests/test_bad_claims.py checks that it names every
# model nested in ClaimsFile.
MODELS_AT: dict[tuple[str, ...], type[BaseModel]] = {
    (): ClaimsFile,
    ("source",): Source,
    ("reviewer",): Reviewer,
    ("claims",): Claim,
    ("claims", "measure"): Measure,
    ("claims", "reading"): Reading,
    ("claims", "alternative_start"): AlternativeStart,
}


def _field_hint(loc: tuple[str | int, ...]) -> str:
    """Close matches for an unknown field name at `loc`."""
    import difflib

    model = MODELS_AT.get(tuple(str(p) for p in loc[:-1] if not isinstance(p, int)))
    if model is None:
        return ""
    names = [f.alias or n for n, f in model.model_fields.items()]
    close = difflib.get_close_matches(str(loc[-1]), names, n=2)
    return f" (did you mean {' or '.join(repr(c) for c in close)}?)" if close else ""


# A claims file's position look-up: key path -> (line, column), None where unknown.
Where = Callable[[tuple[str | int, ...]], tuple[int | None, int | None]]


def _duplicate_ids(
    display: str,
    ids: list[str | None],
    where: Where,
) -> list[Problem]:
    """A problem for each claim whose id an earlier claim of the file already has (`ids` in
    file order, None where a claim has none)."""
    first: dict[str, int] = {}
    out = []
    for index, claim_id in enumerate(ids):
        if claim_id is None:
            continue
        if claim_id in first:
            line, col = where(("claims", index, "id"))
            out.append(
                Problem(
                    display,
                    line,
                    col,
                    f"claims[{index}].id",
                    f"duplicate claim id {claim_id!r} (first used by claims[{first[claim_id]}])",
                )
            )
        first.setdefault(claim_id, index)
    return out


def _raw_ids(data: dict[str, Any]) -> list[str | None]:
    """The claim ids of a file whose schema failed, from its raw data."""
    claims = data.get("claims")
    return [
        c["id"] if isinstance(c, dict) and isinstance(c.get("id"), str) else None
        for c in (claims if isinstance(claims, list) else [])
    ]


def raw_partners(data: object, field: str = "partner") -> list[tuple[int, str]]:
    """(claim index, partner text) of a file's raw data, whatever else is wrong with it (or
    the text of another partner field of the measure, `of`)."""
    claims = data.get("claims") if isinstance(data, dict) else None
    out = []
    for index, claim in enumerate(claims if isinstance(claims, list) else []):
        measure = claim.get("measure") if isinstance(claim, dict) else None
        partner = measure.get(field) if isinstance(measure, dict) else None
        if isinstance(partner, str | int) and not isinstance(partner, bool):
            out.append((index, str(partner).strip()))
    return out


def raw_partner_lists(data: object, field: str) -> list[tuple[int, int, str]]:
    """(claim index, item, partner text) of the partners a raw file's `field` lists (a sum's
    `partner: [...]`, a comparison's `than: [...]`), whatever else is wrong with it."""
    claims = data.get("claims") if isinstance(data, dict) else None
    out = []
    for index, claim in enumerate(claims if isinstance(claims, list) else []):
        measure = claim.get("measure") if isinstance(claim, dict) else None
        listed = measure.get(field) if isinstance(measure, dict) else None
        for item, partner in enumerate(listed if isinstance(listed, list) else []):
            if isinstance(partner, str | int) and not isinstance(partner, bool):
                out.append((index, item, str(partner).strip()))
    return out


def load_claims_file(path: Path, display: str | None = None) -> LoadedFile:
    """Read and validate one claims file, or raise ClaimsFileError listing every problem."""
    display = display or str(path)
    try:
        kind = not_regular(path)
        if kind is not None:
            raise ClaimsFileError(
                [Problem(display, None, None, "", f"is {kind}, not a regular file; not read")]
            )
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise ClaimsFileError(
                [
                    Problem(
                        display,
                        None,
                        None,
                        "",
                        f"file is {size} bytes, over the {MAX_FILE_BYTES} byte limit",
                    )
                ]
            )
        with path.open("rb") as handle:  # bounded by what is read, not by what stat says
            raw = handle.read(MAX_FILE_BYTES + 1)
        if len(raw) > MAX_FILE_BYTES:
            raise ClaimsFileError(
                [Problem(display, None, None, "", f"file is over the {MAX_FILE_BYTES} byte limit")]
            )
    except OSError as exc:
        reason = exc.strerror or str(exc)
        raise ClaimsFileError([Problem(display, None, None, "", f"cannot read: {reason}")]) from exc
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        bad_line = raw[: exc.start].count(b"\n") + 1
        raise ClaimsFileError(
            [Problem(display, bad_line, None, "", f"not UTF-8 text (byte {exc.start})")]
        ) from exc
    data, _ = _yaml_to_python(display, text)
    if not isinstance(data, dict):
        raise ClaimsFileError(
            [Problem(display, 1, 1, "", "a claims file is a mapping with 'source' and 'claims'")]
        )
    try:
        content = ClaimsFile.model_validate(data)
    except ValidationError as exc:
        positions = _yaml_to_python(display, text, with_positions=True)[1]
        problems = []
        for error in exc.errors():
            loc = tuple(p for p in error["loc"] if not (isinstance(p, str) and "[" in p))
            message = _pydantic_message(error)
            line: int | None
            col: int | None
            if error["type"] == "extra_forbidden":
                line, col = positions.keys.get(loc, (None, None))
                message += _field_hint(loc)
            else:
                probe = loc
                while probe and probe not in positions.at:
                    probe = probe[:-1]
                line, col = positions.at.get(probe, (None, None))
            problems.append(Problem(display, line, col, _dotted(loc), message))

        def where(path: tuple[str | int, ...]) -> tuple[int | None, int | None]:
            return positions.at.get(path, (None, None))

        problems += _duplicate_ids(display, _raw_ids(data), where)
        raise ClaimsFileError(problems, raw=(data, where)) from exc
    loaded = LoadedFile(path, display, content, text)
    duplicates = _duplicate_ids(display, [c.id for c in content.claims], loaded.where)
    if duplicates:
        raise ClaimsFileError(duplicates)
    return loaded
