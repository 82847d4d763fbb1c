"""DataWeb names its countries, never codes: each name's Census (Schedule C) code.

A name maps when it is, letter for letter (case and spacing aside), a partner's name or
Schedule C name in the bundled partner table; `DATAWEB_CODES` gives the code of every other
name that has one, and `NO_COUNTERPART` lists, with the reason, the names that have none.
`tests/test_dataweb.py` checks that every name of both files is one of the three.
"""

from __future__ import annotations

# Names the partner table spells otherwise, or that several codes share (the one DataWeb's
# series is: the current code for the plain name, the older code for "prior to ...").
DATAWEB_CODES: dict[str, str] = {
    "Curaçao": "2777",
    "Czechia (Czech Republic)": "4351",
    "Côte d`Ivoire": "7480",
    "Democratic Republic of the Congo": "7660",
    "Eswatini (Swaziland)": "7950",
    "Ethiopia": "7749",
    "Ethiopia prior to Eritrea split": "7740",
    "Falkland Islands": "3720",
    "Gaza Strip": "5082",
    "Israel": "5081",
    "Myanmar (Burma)": "5460",
    "North Korea": "5790",
    "Republic of the Congo": "7630",
    "Saudi Arabian-Iraqi neutral zone": "5160",
    "Serbia": "4801",
    "Serbia prior to 2009": "4802",
    "South Korea": "5800",
    "Soviet Union": "4610",
    "Sudan": "7321",
    "Sudan prior to South Sudan split": "7320",
    "São Tomé and Príncipe": "7644",
    "West Bank": "5083",
    "Yemen": "5210",
    "Yugoslavia": "4790",
}

NO_COUNTERPART: dict[str, str] = {
    "East Germany": "no code in the bundled country files (they start in 1985 with Germany)",
    "Internat Organization": "not a country: shipments to international organizations",
    "Israel prior to 1989": "the country files have no separate code for Israel before 1989",
    "Puerto Rico/US": "Puerto Rico is U.S. territory, not a foreign partner in the country file",
    "South Yemen": "no code in the bundled country files",
    "Transshipment": "not a country",
    "Unspecified": "not a country",
}


def normalized(name: str) -> str:
    return " ".join(name.lower().split())


def code_for(name: str, by_name: dict[str, str]) -> str | None:
    """The code of a DataWeb name; `by_name` maps normalized partner-table names to codes
    (names shared by several codes left out). None for a name with no counterpart."""
    if name in NO_COUNTERPART:
        return None
    if name in DATAWEB_CODES:
        return DATAWEB_CODES[name]
    return by_name.get(normalized(name))
