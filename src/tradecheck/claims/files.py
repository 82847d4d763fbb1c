"""The claims files of a run: which files, every claim's partner resolved, and the warnings
about records that validate but likely mislead."""

from __future__ import annotations

import contextlib
import re
from collections.abc import Iterator
from pathlib import Path
from typing import cast

from tradecheck.claims.load import LoadedFile, Where, raw_partner_lists, raw_partners
from tradecheck.domain import Flow, Operation, PartnerInfo, PartnerKind
from tradecheck.errors import ClaimsFileError, InputError, Problem
from tradecheck.partners import PartnerError, PartnerResolver
from tradecheck.quantity import ClaimedValue, ClaimedValueError, parse_claimed, stated_in


def resolve_partners(resolver: PartnerResolver, loaded: LoadedFile) -> dict[str, PartnerInfo]:
    """Claim id -> partner, or ClaimsFileError listing every partner that cannot be resolved."""
    out: dict[str, PartnerInfo] = {}
    problems: list[Problem] = []
    for index, claim in enumerate(loaded.content.claims):
        if claim.measure is None:
            continue
        listed = _listed(resolver, loaded, index, "partner")
        problems += [f for f in listed if isinstance(f, Problem)]
        found = listed[0]
        if not isinstance(found, Problem):
            out[claim.id] = found
        problems += _repeated(loaded, index, "partner", listed)
        if claim.measure.than is not None:
            than = _listed(resolver, loaded, index, "than")
            problems += [f for f in than if isinstance(f, Problem)]
            problems += _repeated(loaded, index, "than", than)
            problems += _than_itself(loaded, index, listed, than)
        whole: PartnerInfo | None = None
        if claim.measure.of is not None:
            of = _partner(
                resolver, loaded.display, index, str(claim.measure.of), loaded.where, "of"
            )
            if isinstance(of, Problem):
                problems.append(of)
                continue
            whole = of
        if claim.operation is Operation.SHARE and not isinstance(found, Problem):
            problem = _share_of_itself(loaded.display, index, found, whole, loaded.where)
            if problem is not None:
                problems.append(problem)
        if claim.operation is Operation.RANK and not isinstance(found, Problem):
            problems.extend(_rank_problems(resolver, loaded, index, found))
    if problems:
        raise ClaimsFileError(problems)
    return out


def _listed(
    resolver: PartnerResolver, loaded: LoadedFile, index: int, field: str
) -> list[PartnerInfo | Problem]:
    """Claim `index`'s partners of `field` (`partner`, or a comparison's `than`), one or a
    list, each resolved or the problem at its position."""
    measure = loaded.content.claims[index].measure
    assert measure is not None
    written = getattr(measure, field)
    if not isinstance(written, list):
        return [_partner(resolver, loaded.display, index, str(written), loaded.where, field)]
    return [
        _partner(resolver, loaded.display, index, str(name), loaded.where, field, item)
        for item, name in enumerate(written)
    ]


def _repeated(
    loaded: LoadedFile, index: int, field: str, found: list[PartnerInfo | Problem]
) -> Iterator[Problem]:
    """A partner a list names twice (as "Canada" and "1220", say): it would count twice."""
    seen: dict[str, int] = {}
    for item, partner in enumerate(found):
        if isinstance(partner, Problem):
            continue
        if partner.code in seen:
            line, col = loaded.where(("claims", index, "measure", field, item))
            yield Problem(
                loaded.display,
                line,
                col,
                f"claims[{index}].measure.{field}[{item}]",
                f"{partner.code} {partner.name} is listed twice (items {seen[partner.code]} and "
                f"{item}): its values would be counted twice; name each partner once",
            )
        else:
            seen[partner.code] = item


def _than_itself(
    loaded: LoadedFile,
    index: int,
    partners: list[PartnerInfo | Problem],
    than: list[PartnerInfo | Problem],
) -> Iterator[Problem]:
    """A comparison whose other side names the claim's partner: a value against itself."""
    mine = {p.code for p in partners if not isinstance(p, Problem)}
    measure = loaded.content.claims[index].measure
    listed = measure is not None and isinstance(measure.than, list)
    for item, other in enumerate(than):
        if isinstance(other, Problem) or other.code not in mine:
            continue
        path: tuple[str | int, ...] = ("claims", index, "measure", "than")
        field = f"claims[{index}].measure.than"
        if listed:
            path, field = (*path, item), f"{field}[{item}]"
        line, col = loaded.where(path)
        yield Problem(
            loaded.display,
            line,
            col,
            field,
            f"{other.code} {other.name} is the claim's partner itself: a comparison with "
            "itself has no gap; name the partners it is compared with",
        )


def raw_partner_problems(resolver: PartnerResolver, display: str, raw: object) -> list[Problem]:
    """Unknown partners (and wholes, `measure.of`) of a file whose schema failed, from its raw
    data and positions."""
    data, where = cast("tuple[object, Where]", raw)
    found = [_partner(resolver, display, index, text, where) for index, text in raw_partners(data)]
    found += [
        _partner(resolver, display, index, text, where, "of")
        for index, text in raw_partners(data, "of")
    ]
    found += [
        _partner(resolver, display, index, text, where, field, item)
        for field in ("partner", "than")
        for index, item, text in raw_partner_lists(data, field)
    ]
    found += [
        _partner(resolver, display, index, text, where, "than")
        for index, text in raw_partners(data, "than")
    ]
    return [f for f in found if isinstance(f, Problem)]


def _partner(
    resolver: PartnerResolver,
    display: str,
    index: int,
    text: str,
    where: Where,
    field: str = "partner",
    item: int | None = None,
) -> PartnerInfo | Problem:
    """Claim `index`'s partner (or `field`'s, a share's whole; `item`: the one at that
    position of a list), or the problem (at its position) of one that does not resolve."""
    try:
        return resolver.resolve(text)
    except PartnerError as exc:
        path: tuple[str | int, ...] = ("claims", index, "measure", field)
        name = f"claims[{index}].measure.{field}"
        if item is not None:
            path, name = (*path, item), f"{name}[{item}]"
        line, col = where(path)
        return Problem(display, line, col, name, str(exc))


def _rank_problems(
    resolver: PartnerResolver, loaded: LoadedFile, index: int, partner: PartnerInfo
) -> Iterator[Problem]:
    """A rank of a partner that is not a country, or "overtook" a partner that is not one, is
    the partner itself or does not resolve."""
    claim = loaded.content.claims[index]
    if partner.kind is not PartnerKind.COUNTRY:
        line, col = loaded.where(("claims", index, "measure", "partner"))
        yield Problem(
            loaded.display,
            line,
            col,
            f"claims[{index}].measure.partner",
            f"operation 'rank' places a country among countries; {partner.code} "
            f"{partner.name} is {_kind_words(partner.kind)}, not a country",
        )
    value = claim.reading.means if claim.reading is not None else claim.claimed
    if value is None or value.rank is None or value.rank.overtook is None:
        return
    line, col = loaded.where(("claims", index, "claimed"))
    where = f"claims[{index}].claimed"
    try:
        rival = resolver.resolve(value.rank.overtook)
    except PartnerError as exc:
        yield Problem(loaded.display, line, col, where, f"overtook: {exc}")
        return
    if rival.kind is not PartnerKind.COUNTRY:
        yield Problem(
            loaded.display,
            line,
            col,
            where,
            f"overtook {rival.code} {rival.name}: a rank compares countries, and it is "
            f"{_kind_words(rival.kind)}",
        )
    elif rival.code == partner.code:
        yield Problem(
            loaded.display,
            line,
            col,
            where,
            f"overtook {rival.code} {rival.name}, the claim's partner itself: name the partner "
            "it passed",
        )


def _kind_words(kind: PartnerKind) -> str:
    return {
        PartnerKind.WORLD: "the world total",
        PartnerKind.GROUPING: "a grouping of countries",
        PartnerKind.REGION: "a region",
        PartnerKind.NOT_A_PARTNER: "a product group, not a partner",
    }.get(kind, str(kind))


def _share_of_itself(
    display: str, index: int, partner: PartnerInfo, whole: PartnerInfo | None, where: Where
) -> Problem | None:
    """The problem of a share whose whole is its partner (a share of itself, 100%), or None."""
    if whole is not None and whole.code == partner.code:
        line, col = where(("claims", index, "measure", "of"))
        return Problem(
            display,
            line,
            col,
            f"claims[{index}].measure.of",
            f"{whole.code} {whole.name} is the claim's partner itself: a share of itself is "
            "always 100%; name the whole the partner is a share of (leave of out for the world)",
        )
    if whole is None and partner.kind is PartnerKind.WORLD:
        line, col = where(("claims", index, "measure", "partner"))
        return Problem(
            display,
            line,
            col,
            f"claims[{index}].measure.partner",
            f"{partner.code} {partner.name} is the whole of a share of the world: a share of "
            "itself is always 100%; name the partner whose share it is",
        )
    return None


def expand_paths(paths: list[Path]) -> list[Path]:
    """Files as given, and the *.yaml/*.yml files of any directory, in name order."""
    out: list[Path] = []
    for path in paths:
        if path.is_dir():
            found = sorted(
                p for p in path.iterdir() if p.suffix in (".yaml", ".yml") and p.is_file()
            )
            if not found:
                raise InputError(f"{path}: no claims files (*.yaml, *.yml) in this directory")
            out.extend(found)
        elif path.exists():
            out.append(path)
        elif path.is_symlink():
            raise InputError(f"{path}: a symbolic link that leads nowhere (a loop, or no target)")
        else:
            raise InputError(f"{path}: no such file or directory")
    return out


_STATED_WORD = re.compile(r"\b(deficit|surplus)(?:es|s)?\b", re.IGNORECASE)


def record_warnings(item: LoadedFile) -> Iterator[Problem]:
    """Records that validate but likely mislead: a balance whose quote says "deficit" or
    "surplus" while the record does not, so the balance is compared signed."""
    for index, claim in enumerate(item.content.claims):
        measure = claim.measure
        if measure is None:
            continue
        warning = _stated_warning(
            item.display,
            index,
            claim.quote,
            measure.flow.value,
            "stated_as" in measure.model_fields_set or _by_size(claim.claimed),
            item.where,
        )
        if warning is not None:
            yield warning


def raw_record_warnings(display: str, raw: object) -> Iterator[Problem]:
    """The same warnings for a file whose schema failed, from its raw data and positions."""
    data, where = cast("tuple[object, Where]", raw)
    claims = data.get("claims") if isinstance(data, dict) else None
    for index, claim in enumerate(claims if isinstance(claims, list) else []):
        measure = claim.get("measure") if isinstance(claim, dict) else None
        if not isinstance(measure, dict) or not isinstance(claim.get("quote"), str):
            continue
        claimed = claim.get("claimed")
        stated = "stated_as" in measure or (isinstance(claimed, str) and stated_in(claimed))
        if isinstance(claimed, str):
            # An unreadable value is a schema problem, reported; only the warning is left out.
            with contextlib.suppress(ClaimedValueError):
                stated = stated or _by_size(parse_claimed(claimed))

        warning = _stated_warning(
            display, index, claim["quote"], measure.get("flow"), bool(stated), where
        )
        if warning is not None:
            yield warning


def _by_size(claimed: ClaimedValue | None) -> bool:
    """Whether a claimed value compares a balance by its size, whatever its sign ("narrowed",
    "widened"), so that a quote saying "deficit" needs no stated_as."""
    return claimed is not None and claimed.balance_word is not None


def _stated_warning(
    display: str,
    index: int,
    quote: str,
    flow: object,
    stated: bool,
    where: Where,
) -> Problem | None:
    if flow != Flow.BALANCE.value or stated:
        return None
    found = _STATED_WORD.search(quote)
    if found is None:
        return None
    line, column = where(("claims", index))
    return Problem(
        display,
        line,
        column,
        f"claims[{index}]",
        f"the quote says {found[1].lower()!r} but the record has no stated_as, so the balance "
        "is compared signed (a deficit is negative); add stated_as: deficit to measure, or "
        "write the claimed value as 'a deficit of ...'",
    )
