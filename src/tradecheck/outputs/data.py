"""`data`'s outputs: what the data sources hold, dataset by dataset, for people or as JSON;
`write(datasets, format, out, partners)` over the sources' DatasetInfo list."""

from __future__ import annotations

import json
from typing import Any, TextIO

from tradecheck.outputs import TextOrJson
from tradecheck.series.source import DatasetInfo, Definition
from tradecheck.textsafe import printable


def _definition(d: Definition) -> str:
    return f"{d.coverage.attribution}, {d.basis.value}, {d.adjustment}, {d.pricing.attribution}"


def as_data(info: DatasetInfo, partners: bool) -> dict[str, Any]:
    out: dict[str, Any] = {
        "name": info.name,
        "title": info.title,
        "agency": info.agency,
        "definitions": list(dict.fromkeys(_definition(d) for d in info.definitions)),
        "flows": [d.flow_meaning for d in info.definitions],
        "frequencies": [f.value for f in info.frequencies],
        "partner_count": len(info.partners),
        "first": info.first,
        "last": info.last,
        "vintages": [
            {
                "name": v.name,
                "published": v.published,
                "data_through": v.data_through,
                "file": v.file,
            }
            for v in info.vintages
        ],
    }
    if partners:
        out["partners"] = [{"code": code, "name": name} for code, name in info.partners]
    return out


def write(datasets: list[DatasetInfo], fmt: TextOrJson, out: TextIO, partners: bool) -> None:
    if fmt is TextOrJson.JSON:
        out.write(json.dumps([as_data(d, partners) for d in datasets], indent=2) + "\n")
        return
    for number, info in enumerate(datasets):
        data = as_data(info, partners)
        lines = [
            f"{info.name}: {info.title}",
            f"  agency: {info.agency}",
            f"  definition: {'; '.join(data['definitions'])}",
            *[f"  {meaning}" for meaning in data["flows"]],
            f"  frequency: {', '.join(data['frequencies'])}",
            f"  periods: {info.first} to {info.last}",
            f"  partners: {len(info.partners)}" + ("" if partners else " (--partners lists them)"),
            *[f"    {code}  {name}" for code, name in (info.partners if partners else ())],
            f"  vintages ({len(info.vintages)}, newest first; --vintage takes the name):",
            *[
                f"    {v.name}  published {v.published}, data through {v.data_through}: {v.file}"
                for v in info.vintages
            ],
        ]
        out.write(("\n" if number else "") + "\n".join(printable(line) for line in lines) + "\n")
