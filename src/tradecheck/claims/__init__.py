"""Claim records: where claims are read.

- `model`: the pydantic models of a claims file (source, claims, measure, reading);
- `yamltext`: the YAML as plain data with positions, refusing what a claims file never needs;
- `load`: one file loaded and validated, every problem at once with its position;
- `messages`: pydantic's errors in tradecheck's words;
- `files`: the files of a run, partners resolved, warnings about misleading records.
"""

from tradecheck.claims.load import MAX_FILE_BYTES, MODELS_AT, LoadedFile, Where, load_claims_file
from tradecheck.claims.messages import EXPECTABLE
from tradecheck.claims.model import (
    Claim,
    ClaimsFile,
    Measure,
    Reading,
    Reviewer,
    Source,
    Span,
    as_of_day,
    claim_date,
    vintage_problem,
)
from tradecheck.domain import (
    Commodity,
    CommoditySystem,
    Flow,
    Operation,
    Period,
    StatedAs,
    Verdict,
)

__all__ = [
    "EXPECTABLE",
    "MAX_FILE_BYTES",
    "MODELS_AT",
    "Claim",
    "ClaimsFile",
    "Commodity",
    "CommoditySystem",
    "Flow",
    "LoadedFile",
    "Measure",
    "Operation",
    "Period",
    "Reading",
    "Reviewer",
    "Source",
    "Span",
    "StatedAs",
    "Verdict",
    "Where",
    "as_of_day",
    "claim_date",
    "load_claims_file",
    "vintage_problem",
]
