"""Pydantic's validation errors in tradecheck's words."""

from __future__ import annotations

from typing import Any

from tradecheck.domain import Verdict

# The verdicts a claims file may record as `expected`: 'unverifiable' says data is missing.
EXPECTABLE = tuple(v for v in Verdict if v is not Verdict.UNVERIFIABLE)


def _pydantic_message(error: Any) -> str:
    kind = error["type"]
    if kind == "extra_forbidden":
        return "unknown field"
    if kind == "missing":
        return "missing required field"
    if kind == "enum":
        if error["loc"][-1] == "expected":
            allowed = ", ".join(repr(v.value) for v in EXPECTABLE)
            if isinstance(error["input"], bool):
                word = str(error["input"]).lower()
                return (
                    f"{word} is read by YAML as a yes/no value; write the verdict in quotes "
                    f'(expected: "{word}"), one of {allowed}'
                )
            return f"{error['input']!r} is not one of {allowed}"
        expected = error.get("ctx", {}).get("expected", "")
        return f"{error['input']!r} is not one of {expected}"
    if kind == "string_pattern_mismatch" and error["loc"][-1] == "id":
        return (
            "an id is lower-case letters, digits, '.', '_' or '-', starting with a letter or digit"
        )
    if kind == "string_pattern_mismatch" and error["loc"][-1] == "date":
        return f"{error['input']!r} is not a date (YYYY, YYYY-MM or YYYY-MM-DD)"
    plain = {
        "string_type": "must be text",
        "int_type": "must be a whole number",
        "list_type": "must be a list",
        "dict_type": "must be a mapping of fields",
        "model_type": "must be a mapping of fields",
        "too_short": "must not be empty",
        "string_too_short": "must not be empty",
    }
    if kind in plain:
        return plain[kind]
    message = str(error["msg"])
    return message.removeprefix("Value error, ")
