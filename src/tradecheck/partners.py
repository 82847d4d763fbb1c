"""Resolve a partner as an analyst writes it ("South Korea", "KR", "5800") to a Census code.

Names come from the Schedule C list and the bundled files' own names; a small alias table
adds the common short forms. Accents are dropped before comparing ("Côte d'Ivoire" is
"Cote d'Ivoire"). An unknown or ambiguous name is an error listing candidates.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from functools import cached_property

from tradecheck.domain import PartnerKind
from tradecheck.errors import TradecheckError
from tradecheck.series.bundle import COUNTRY_WORLD, ENDUSE_WORLD, Bundle, PartnerInfo

# Short forms a newsroom uses that neither the Schedule C list nor the country file spells
# out. Keys are normalized (lower case, punctuation dropped). Documented in the README.
ALIASES: dict[str, str] = {
    "korea": "5800",
    "south korea": "5800",
    "republic of korea": "5800",
    "rok": "5800",
    "north korea": "5790",
    "eu": "0003",
    "european union": "0003",
    "world": "0015",
    "the world": "0015",
    "all countries": "0015",
    "world total": "0015",
    "uk": "4120",
    "britain": "4120",
    "great britain": "4120",
    "united kingdom": "4120",
    "china": "5700",
    "mainland china": "5700",
    "prc": "5700",
    "taiwan": "5830",
    "germany": "4280",
    "russia": "4621",
    "vietnam": "5520",
    "viet nam": "5520",
    "turkiye": "4890",  # Turkey's official name since 2022; "Türkiye" normalizes to this
    "czechia": "4351",  # Czech Republic
    "holland": "4210",  # Netherlands
    "ivory coast": "7480",  # Cote d'Ivoire
}

# The bundled files name some partners by another file's code: the end-use files' world is
# 0000 ("World Total"), the country file's (and so the partner table's) is 0015.
SAME_PARTNER: dict[str, str] = {ENDUSE_WORLD: COUNTRY_WORLD}


class PartnerError(TradecheckError, ValueError):
    """A partner cannot be resolved; the message lists candidates where there are any."""


def normalize(name: str) -> str:
    """Lower case, accents dropped ("Türkiye" -> "turkiye"), punctuation made spaces."""
    text = unicodedata.normalize("NFKD", name.lower())
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = text.replace("&", " and ")
    text = re.sub(r"[^a-z0-9 ]+", " ", text)
    return " ".join(text.split())


class PartnerResolver:
    """Codes, ISO codes and aliases resolve at once; the name tables are built on first need."""

    def __init__(self, bundle: Bundle) -> None:
        self.bundle = bundle
        self.partners = bundle.partners
        self._iso = {p.iso: p.code for p in self.partners.values() if p.iso}

    @cached_property
    def _tables(self) -> tuple[dict[str, set[str]], dict[str, set[str]]]:
        schedule_c: dict[str, set[str]] = {}
        file_names: dict[str, set[str]] = {}
        for file_code, name, source in self.bundle.partner_names:
            code = SAME_PARTNER.get(file_code, file_code)
            if code not in self.partners:  # a name must lead to a partner it can describe
                continue
            table = schedule_c if source == "schedule-c" else file_names
            for variant in _variants(name):
                table.setdefault(variant, set()).add(code)
        return schedule_c, file_names

    @property
    def _schedule_c(self) -> dict[str, set[str]]:
        return self._tables[0]

    @property
    def _file_names(self) -> dict[str, set[str]]:
        return self._tables[1]

    def resolve(self, text: str) -> PartnerInfo:
        raw = text.strip()
        if re.fullmatch(r"\d{4}", raw):
            if raw not in self.partners:
                raise PartnerError(f"no Census partner has code {raw}")
            return self._usable(self.partners[raw])
        if re.fullmatch(r"[A-Za-z]{2}", raw) and raw.upper() in self._iso:
            return self._usable(self.partners[self._iso[raw.upper()]])
        key = normalize(raw)
        if key in ALIASES and ALIASES[key] in self.partners:
            return self._usable(self.partners[ALIASES[key]])
        for table in (self._schedule_c, self._file_names):
            codes = table.get(key, set())
            if len(codes) == 1:
                return self._usable(self.partners[next(iter(codes))])
            if len(codes) > 1:
                raise PartnerError(
                    f"partner {raw!r} is ambiguous: {self._describe(sorted(codes))}; write the code"
                )
        contains = sorted(
            {c for name, codes in self._schedule_c.items() if key and key in name for c in codes}
        )
        if 1 < len(contains) <= 8:
            raise PartnerError(
                f"partner {raw!r} is ambiguous: {self._describe(contains)}; write the code"
            )
        if len(contains) == 1:
            return self._usable(self.partners[contains[0]])
        names = list(self._schedule_c) + [a for a, c in ALIASES.items() if c in self.partners]
        close = difflib.get_close_matches(key, names, n=3, cutoff=0.75)
        suggestions = sorted({ALIASES.get(n) or min(self._schedule_c[n]) for n in close})
        if not suggestions:  # "Total": part of only a file's name ("World Total")
            in_files = {
                c for name, codes in self._file_names.items() if key and key in name for c in codes
            }
            if 1 <= len(in_files) <= 3:
                suggestions = sorted(in_files)
        hint = f"; did you mean {self._describe(suggestions)}?" if suggestions else ""
        raise PartnerError(f"unknown partner {raw!r}{hint}")

    def _describe(self, codes: list[str]) -> str:
        return ", ".join(f"{c} {self.partners[c].name}" for c in codes)

    def _usable(self, info: PartnerInfo) -> PartnerInfo:
        if info.kind is PartnerKind.NOT_A_PARTNER:
            hint = "; use partner: world with adjustment: sa" if info.code == "0004" else ""
            raise PartnerError(
                f"{info.code} ({info.name}) is {info.what}; it cannot answer a partner claim{hint}"
            )
        return info


def _variants(name: str) -> set[str]:
    """A name plus the parts of "South Korea (Republic of Korea)" and "Korea, South"."""
    out = {normalize(name)}
    paren = re.fullmatch(r"(.*?)\s*\((.*?)\)?\s*", name)
    if paren:
        out.add(normalize(paren[1]))
        if not paren[2].lower().startswith("formerly"):
            out.add(normalize(paren[2]))
    comma = re.fullmatch(r"([^,]+),\s*([^,]+)", name)
    if comma:
        out.add(normalize(f"{comma[2]} {comma[1]}"))
    out.discard("")
    return out


def search(resolver: PartnerResolver, query: str | None) -> list[PartnerInfo]:
    """Partners matching a name, alias, ISO code or code: the one `resolve` finds (if any),
    then every partner whose names contain the query. No query: every partner."""
    partners = resolver.partners
    if not query or not query.strip():
        return sorted(partners.values(), key=lambda p: p.code)
    found: dict[str, PartnerInfo] = {}
    for variant in {query, *_variants(query)}:
        try:
            info = resolver.resolve(variant)
        except PartnerError:
            continue
        found.setdefault(info.code, info)
    keys = {key for key in _variants(query) if len(key) >= 3}  # "kr" is not part of "ukraine"
    raw = query.strip()
    if re.fullmatch(r"\d{4}", raw) and raw in partners:
        found.setdefault(raw, partners[raw])
    for table in (resolver._schedule_c, resolver._file_names):
        for name, codes in table.items():
            if any(key and key in name for key in keys):
                for code in sorted(codes):
                    found.setdefault(code, partners[code])
    for alias, code in ALIASES.items():
        if code in partners and any(key in alias for key in keys):
            found.setdefault(code, partners[code])
    return list(found.values())
