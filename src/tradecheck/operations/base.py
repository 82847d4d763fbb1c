"""What an operation declares: the period shapes it takes, the claimed-value kinds it accepts,
the values it needs, how it computes its value and how explain charts it.

The engine, `fetch` (which series to request) and `explain` read only these declarations, so
a new operation is one module here plus a member of `domain.Operation` and its line in the
registry (tradecheck/operations/__init__.py).
"""

from abc import ABC, abstractmethod
from decimal import Decimal
from enum import StrEnum
from typing import NamedTuple

from tradecheck.domain import Period, When
from tradecheck.errors import NoDeficit
from tradecheck.quantity import ClaimedValue, Kind
from tradecheck.verdict import Ranking, Run, Sides, Window, fmt

AROUND = 3  # years (or 6 months) charted either side of the claimed periods


class Shape(StrEnum):
    ONE = "one period"
    SPAN = "from/to"


class Whose(StrEnum):
    """Whose value a term is: the claim's partner's, the world total, or the whole the claim
    names with `measure.of` (the world when it names none): a share's denominator."""

    PARTNER = "partner"
    WORLD = "world"
    OF = "of"
    # Every country (a rank's field): the checker gives one term per country, each with its
    # code in `Term.partner`; a country with no value for the period is left out of the field.
    EVERY = "every country"
    # The other side of a comparison: the checker gives one term per partner `measure.than`
    # names, each with its code in `Term.partner` (a list `partner:`, a sum's, is expanded
    # the same way from the terms of `Whose.PARTNER`).
    THAN = "than"


class Term(NamedTuple):
    """One value an operation needs: the claim's measure for a period, of a partner."""

    period: When
    whose: Whose = Whose.PARTNER
    # A term of a record's window: not held *before* the first held term, it lies before the
    # start of the data and outside the window; not held after it, the claim is unverifiable.
    window: bool = False
    partner: str | None = None  # a term of `Whose.EVERY` given for one country: its code


class Context(NamedTuple):
    """The terms' values in the claim's working unit, in the order `terms` gave them."""

    values: list[Decimal]
    terms: list[Term]
    expression: str  # how the measure is made, e.g. "exports" or "deficit = imports - exports"
    unit: str  # e.g. "billion USD"
    deficit: bool  # the measure is a deficit's size
    claimed: ClaimedValue | None = None  # what the claim says (a record's "since 2008")
    whole: str = "the world"  # whose values the terms of `Whose.OF` are, e.g. "0003 European Union"
    # A rank's field: the claim's partner's code, the code of the partner an "overtook" claim
    # names, every country's name by code, and what the field covers.
    partner: str = ""
    rival: str | None = None
    names: dict[str, str] | None = None
    among: str = "countries"


class Computed(NamedTuple):
    value: Decimal
    formula: str  # the computation with its numbers, as reports show it
    window: Window | None = None  # a record's window, which the rubric judges it against
    ranking: Ranking | None = None  # a rank's field, which the rubric judges it against
    # A comparison's sides or a streak's run, which the rubric judges it against.
    evidence: Sides | Run | None = None
    # The periods whose inputs a report lists (None: every one used), e.g. a streak's run.
    shown: frozenset[str] | None = None


class Spec(ABC):
    """One operation."""

    name: str
    shape: Shape
    kinds: frozenset[Kind]
    caveats: tuple[str, ...] = ()
    # Takes `measure.of` (a whole other than the world): its terms of `Whose.OF` are that
    # whole's. On an operation without it, `of:` is an input error.
    takes_whole: bool = False
    # Ranks the claim's partner among countries: a partner that is not a country (a grouping,
    # a region, a product group) is an input error.
    ranks_countries: bool = False

    def caveats_for(self, whole: str | None) -> tuple[str, ...]:
        """The caveats of a claim whose `measure.of` names `whole` (None: it names none)."""
        return self.caveats

    @abstractmethod
    def terms(self, periods: list[When]) -> list[Term]:
        """The values needed for the claim's periods (one, or the ends of a span)."""

    @abstractmethod
    def compute(self, context: Context) -> Computed:
        """The claim's value; Missing or NoDeficit when it has none."""

    def shape_problem(self, single: bool) -> str | None:
        """Why a claim's period does not fit this operation, or None."""
        if self.shape is Shape.ONE and not single:
            return f"operation '{self.name}' takes one period (a year or a month), not from/to"
        if self.shape is Shape.SPAN and single:
            return f"operation '{self.name}' needs a period with from and to"
        return None

    def claim_problem(self, periods: list[When], claimed: ClaimedValue) -> str | None:
        """Why a claim's periods and claimed value do not fit this operation beyond its shape
        and kinds (a record's window of one period), or None."""
        return None

    def measure_problems(
        self, periods: list[When], partners: int, than: int, than_period: When | None
    ) -> list[str]:
        """Why a claim's list of partners (`partners`: how many it lists, 0 for one partner
        written alone), `measure.than` partners and `than_period` do not fit this operation:
        only a sum takes a list of partners, only a comparison the other side."""
        out = []
        if partners:
            out.append(
                f"measure.partner is a list; operation '{self.name}' takes one partner (a list "
                "of partners is for operation 'sum')"
            )
        if than or than_period is not None:
            field = "than" if than else "than_period"
            out.append(
                f"measure.{field} names the other side of a comparison; operation "
                f"'{self.name}' has none (use operation: compare, or leave {field} out)"
            )
        return out

    def chart(self, periods: list[When]) -> list[Period]:
        """The periods `explain` charts: the claimed ones and a few either side."""
        parts = [p for period in periods for p in period.parts()]
        first, last = min(parts), max(parts)
        around = AROUND if first.annual else 2 * AROUND  # months and quarters: twice as many
        out = [first.shift(-around)]
        while out[-1] < last.shift(around):
            out.append(out[-1].shift(1))
        return out


class SpanSpec(Spec):
    """An operation comparing the two ends of a span."""

    shape = Shape.SPAN

    def terms(self, periods: list[When]) -> list[Term]:
        return [Term(periods[0]), Term(periods[1])]

    @abstractmethod
    def of(self, start: Decimal, end: Decimal) -> Decimal:
        """The operation's value from the two ends' values (Missing, without a reason, when
        it is undefined: a zero start it divides by)."""

    def between(
        self, start: Decimal, end: Decimal, scale: Decimal, sizes: bool, deficit: bool
    ) -> Decimal:
        """The value `compute` gives, from the ends' values in dollars, without its formula
        or reasons (the neighbouring windows compute thousands): in the working unit
        `scale`; with `sizes`, of the balance's size ("narrowed"); NoDeficit for a balance
        that changed sign, or a deficit that was a surplus at either end."""
        if sizes:
            if min(start, end) < 0 < max(start, end):
                raise NoDeficit("")
            start, end = abs(start), abs(end)
        start, end = start / scale, end / scale
        if deficit and (start <= 0 or end <= 0):
            raise NoDeficit("")
        return self.of(start, end)

    def ends(self, context: Context) -> tuple[Decimal, Decimal, str]:
        """(start value, end value, the two shown with their periods), or NoDeficit for a
        deficit that was a surplus at either end (it has no growth as a deficit)."""
        va, vb = context.values
        start, end = context.terms[0].period, context.terms[1].period
        shown = (
            f"{fmt(vb, 6)} ({end}) and {fmt(va, 6)} ({start}) {context.unit}, {context.expression}"
        )
        if context.deficit and (va <= 0 or vb <= 0):
            period = start if va <= 0 else end
            raise NoDeficit(f"there was no deficit in {period}: {shown}")
        return va, vb, shown
