"""BEA's partner names in trad-geo-time-series (Tables 1-9, header row 6) and their Census codes.

One explicit table, checked by tests/test_bea_geo.py: every name in the header row of every
table is either in `CENSUS_CODE` or in `NO_COUNTERPART`, and every code is a partner of the
bundled Census store. The import script stops on a name that is in neither.

Decisions:
- The 23 countries map to their Census (Schedule C) codes; Israel is 5081 (5080 is an old
  code, used by the country files for 1993-2003 only).
- `CAFTA-DR` (0017), `European Union` (0003) and `South/\nCentral America` (0009 "South and
  Central America") are areas both agencies publish under these names. BEA's footnote says
  area data reflect the composition of the areas at the time of reporting, and Census draws
  its groupings in each vintage; the composition is not listed in the file. Evidence that they
  are the same areas: BEA's goods on the BOP basis (Tables 4, 5) and the Census country file's
  goods for the mapped code differ by no more than the BOP adjustments make of a single
  country (tests/test_bea_geo.py checks every mapped partner, 2016 and 2024, both flows,
  within 10%; most are within 2%). BEA's South/Central America excludes Mexico, as Census's
  0009 does (its exports are smaller than Mexico's alone).
- `All other countries` is a residual of BEA's table (the world less the countries shown):
  Census publishes no such series.
"""

from __future__ import annotations

from types import MappingProxyType

# BEA's header text (verbatim, embedded newline included) -> Census code.
CENSUS_CODE = MappingProxyType(
    {
        "Australia": "6021",
        "Belgium": "4231",
        "Brazil": "3510",
        "Canada": "1220",
        "China": "5700",
        "France": "4279",
        "Germany": "4280",
        "Hong Kong": "5820",
        "India": "5330",
        "Ireland": "4190",
        "Israel": "5081",
        "Italy": "4759",
        "Japan": "5880",
        "Korea, South": "5800",
        "Malaysia": "5570",
        "Mexico": "2010",
        "Netherlands": "4210",
        "Saudi Arabia": "5170",
        "Singapore": "5590",
        "Switzerland": "4419",
        "Taiwan": "5830",
        "United Kingdom": "4120",
        "Vietnam": "5520",
        "CAFTA-DR": "0017",
        "European Union": "0003",
        "South/\nCentral America": "0009",
    }
)

# BEA's header text -> why no Census series is the same thing.
NO_COUNTERPART = MappingProxyType(
    {
        "All other countries": (
            "a residual of BEA's table (the world less the countries shown); "
            "Census publishes no such series"
        ),
    }
)

# Census code -> BEA's header text.
BEA_NAME = MappingProxyType({code: name for name, code in CENSUS_CODE.items()})


def display(name: str) -> str:
    """BEA's header text on one line ("South/Central America")."""
    return " ".join(name.replace("/\n", "/").split())
