"""Several data sources as one: each is asked, the newest vintage's answer is kept."""

from __future__ import annotations

from collections.abc import Sequence

from tradecheck.series.source import (
    DatasetInfo,
    Definition,
    Missing,
    Observation,
    SeriesKey,
    Source,
    VintageRule,
)
from tradecheck.series.vintages import newest


class Sources:
    """The sources in order of precedence (the first defines a series and wins a tie)."""

    def __init__(self, sources: Sequence[Source]) -> None:
        assert sources, "at least one data source"
        self.sources = list(sources)

    def datasets(self) -> list[DatasetInfo]:
        return [d for source in self.sources for d in source.datasets()]

    def describe(self) -> Definition:
        return self.sources[0].describe()

    def define(self, key: SeriesKey) -> Definition | None:
        """The definition of the first source that publishes the series."""
        for source in self.sources:
            found = source.define(key)
            if found is not None:
                return found
        return None

    def get(self, key: SeriesKey, rule: VintageRule) -> Observation:
        answers: list[Observation] = []
        reasons: list[str] = []
        for source in self.sources:
            try:
                answers.append(source.get(key, rule))
            except Missing as exc:
                if str(exc):
                    reasons.append(str(exc))
        found = newest(answers)
        if found is None:
            raise Missing("; ".join(reasons))
        return found
