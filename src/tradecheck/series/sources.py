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
    number,
    publishes,
)
from tradecheck.series.vintages import newest


def _may_answer(source: Source, rule: VintageRule) -> bool:
    """Whether a source may hold a value under `rule`: a source of first prints says so with
    `answers(rule)`; any other may."""
    answers = getattr(source, "answers", None)
    return answers is None or bool(answers(rule))


class Sources:
    """The sources in order of precedence (the first defines a series and wins a tie)."""

    def __init__(self, sources: Sequence[Source]) -> None:
        assert sources, "at least one data source"
        self.sources = list(sources)
        self._publishing: dict[tuple[object, ...], list[Source]] = {}

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

    def _defining(self, key: SeriesKey) -> list[Source]:
        """The sources that define the key's series (all, when none does), remembered per
        series and frequency: a definition does not depend on the year."""
        memo_key = (key.code, key.partner.code, key.commodity, key.period.frequency, *key[4:])
        found = self._publishing.get(memo_key)
        if found is None:
            found = [s for s in self.sources if s.define(key) is not None] or self.sources
            self._publishing[memo_key] = found
        return found

    def _asked(self, key: SeriesKey, rule: VintageRule) -> list[Source]:
        """The sources asked for the key's value under `rule`."""
        publishing = self._defining(key)
        if rule.pin is None and rule.as_of is None:  # the newest data: no first prints
            publishing = [s for s in publishing if not getattr(s, "first_prints", False)]
        elif any(getattr(s, "first_prints", False) for s in publishing):
            # First prints the rule rules out (a day before DataWeb's download) have nothing
            # to say; their reasons are never shown.
            publishing = [s for s in publishing if _may_answer(s, rule)]
        return publishing

    def number(self, key: SeriesKey, rule: VintageRule) -> int:
        """The value `get` gives, alone: from the one source asked, without its provenance;
        with several (which the newest answer picks) or none, from `get`."""
        asked = self._asked(key, rule)
        if len(asked) == 1:
            try:
                return number(asked[0], key, rule)
            except Missing:
                pass  # the reason as `get` words it
        return self.get(key, rule).value

    def get(self, key: SeriesKey, rule: VintageRule) -> Observation:
        """The newest answer of the sources that publish the series (when none does, every
        source is asked, so that the reason says why)."""
        answers: list[Observation] = []
        reasons: list[str] = []
        for source in self._asked(key, rule):
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
