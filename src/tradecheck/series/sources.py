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
    publishes,
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

    def publishes(self, key: SeriesKey) -> bool:
        return any(publishes(source, key) for source in self.sources)

    def get(self, key: SeriesKey, rule: VintageRule) -> Observation:
        """The newest answer of the sources that publish the series (when none does, every
        source is asked, so that the reason says why)."""
        answers: list[Observation] = []
        reasons: list[str] = []
        publishing = [s for s in self.sources if s.define(key) is not None] or self.sources
        if rule.pin is None and rule.as_of is None:  # the newest data: no first prints
            publishing = [s for s in publishing if not getattr(s, "first_prints", False)]
        for source in publishing:
            try:
                answers.append(source.get(key, rule))
            except Missing as exc:
                # A first print that does not answer is no reason: the files it stands in
                # for say why.
                if str(exc) and not getattr(source, "first_prints", False):
                    reasons.append(str(exc))
        found = newest(answers, earliest=rule.after)
        if found is None:
            raise Missing("; ".join(reasons) or f"{key.what}: no bundled source publishes it")
        return found
