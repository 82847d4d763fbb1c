"""Read a claimed value as an article wrote it ("nearly $800 billion", "a decline of 2.7 percent").

The reading is data: the number, its unit and scale, the precision it was written to, the
direction it asserts, and any bound ("more than") or hedge ("nearly") that widens it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum
from functools import cache

from tradecheck.errors import TradecheckError


class Kind(StrEnum):
    AMOUNT = "amount"  # dollars, at some scale
    PERCENT = "percent"
    POINTS = "points"  # percentage points
    MULTIPLE = "multiple"  # "doubled", "three times"
    VAGUE = "vague"  # "ballooned": needs a stated reading to be measurable
    SIGN = "sign"  # "a deficit", "a surplus": the sign of a balance, no number
    RECORD = "record"  # "a record", "the highest since 2008": the extreme of a window


class Direction(StrEnum):
    UP = "up"
    DOWN = "down"


class Bound(StrEnum):
    ABOVE = "above"  # more than, over, topped, exceeded
    AT_LEAST = "at-least"
    BELOW = "below"  # less than, under
    AT_MOST = "at-most"


class Hedge(StrEnum):
    ABOUT = "about"  # about, around, roughly, approximately, some
    NEARLY = "nearly"  # nearly, almost, close to, just under


SCALES: dict[str, int] = {
    "trillion": 10**12,
    "tn": 10**12,
    "billion": 10**9,
    "bn": 10**9,
    "b": 10**9,
    "million": 10**6,
    "mn": 10**6,
    "m": 10**6,
    "thousand": 10**3,
    "k": 10**3,
}
SCALE_NAMES = {10**12: "trillion", 10**9: "billion", 10**6: "million", 10**3: "thousand", 1: ""}

BOUND_WORDS: dict[str, Bound] = {
    "more than": Bound.ABOVE,
    "over": Bound.ABOVE,
    "above": Bound.ABOVE,
    "topped": Bound.ABOVE,
    "tops": Bound.ABOVE,
    "exceeded": Bound.ABOVE,
    "exceeds": Bound.ABOVE,
    "in excess of": Bound.ABOVE,
    "at least": Bound.AT_LEAST,
    "no less than": Bound.AT_LEAST,
    "less than": Bound.BELOW,
    "fewer than": Bound.BELOW,
    "under": Bound.BELOW,
    "below": Bound.BELOW,
    "at most": Bound.AT_MOST,
    "no more than": Bound.AT_MOST,
}
HEDGE_WORDS: dict[str, Hedge] = {
    "about": Hedge.ABOUT,
    "around": Hedge.ABOUT,
    "roughly": Hedge.ABOUT,
    "approximately": Hedge.ABOUT,
    "some": Hedge.ABOUT,
    "an estimated": Hedge.ABOUT,
    "nearly": Hedge.NEARLY,
    "almost": Hedge.NEARLY,
    "close to": Hedge.NEARLY,
    "just under": Hedge.NEARLY,
}
DIRECTION_WORDS: dict[str, Direction] = {
    "a decline of": Direction.DOWN,
    "a decrease of": Direction.DOWN,
    "a drop of": Direction.DOWN,
    "a fall of": Direction.DOWN,
    "declined": Direction.DOWN,
    "declined by": Direction.DOWN,
    "decreased": Direction.DOWN,
    "decreased by": Direction.DOWN,
    "fell": Direction.DOWN,
    "fell by": Direction.DOWN,
    "dropped": Direction.DOWN,
    "dropped by": Direction.DOWN,
    "down": Direction.DOWN,
    "down by": Direction.DOWN,
    "an increase of": Direction.UP,
    "a rise of": Direction.UP,
    "a jump of": Direction.UP,
    "growth of": Direction.UP,
    "increased": Direction.UP,
    "increased by": Direction.UP,
    "rose": Direction.UP,
    "rose by": Direction.UP,
    "grew": Direction.UP,
    "grew by": Direction.UP,
    "jumped": Direction.UP,
    "up": Direction.UP,
    "up by": Direction.UP,
}
MULTIPLE_WORDS: dict[str, tuple[Decimal, Direction]] = {
    "doubled": (Decimal(2), Direction.UP),
    "tripled": (Decimal(3), Direction.UP),
    "trebled": (Decimal(3), Direction.UP),
    "quadrupled": (Decimal(4), Direction.UP),
    "halved": (Decimal("0.5"), Direction.DOWN),
}
# "a deficit of $123.5 billion": the claimed text says how the balance is stated.
STATED_WORDS: dict[str, str] = {
    "a deficit of": "deficit",
    "a trade deficit of": "deficit",
    "deficit of": "deficit",
    "a surplus of": "surplus",
    "a trade surplus of": "surplus",
    "surplus of": "surplus",
}
# "we have a trade deficit with Canada": a balance's sign, claimed without a number.
SIGN_WORDS: dict[str, str] = {
    "a deficit": "deficit",
    "a trade deficit": "deficit",
    "deficit": "deficit",
    "a surplus": "surplus",
    "a trade surplus": "surplus",
    "surplus": "surplus",
}
# A word multiple is read to one decimal place: "doubled" claims a ratio of 2.0.
MULTIPLE_DECIMALS = 1
VAGUE_WORDS: dict[str, Direction] = {
    "ballooned": Direction.UP,
    "soared": Direction.UP,
    "surged": Direction.UP,
    "skyrocketed": Direction.UP,
    "exploded": Direction.UP,
    "grew sharply": Direction.UP,
    "plunged": Direction.DOWN,
    "plummeted": Direction.DOWN,
    "collapsed": Direction.DOWN,
    "shrank": Direction.DOWN,
}

# A claimed number is written as an article writes one: "$42.3 billion", "2.76%". Beyond
# these bounds it is not a trade figure, and arithmetic on it could leave Decimal's context.
MAX_WHOLE_DIGITS = 15
MAX_DECIMALS = 6

_NUMBER = re.compile(
    r"^(?P<sign>[-+−])?\s*(?P<dollar>(?:us)?\$)?\s*(?P<num>[0-9]{1,3}(?:,[0-9]{3})+(?:\.[0-9]+)?|[0-9]+(?:\.[0-9]+)?)"
    r"\s*(?P<rest>.*)$"
)


class ClaimedValueError(TradecheckError, ValueError):
    # A ValueError too: pydantic reports a validator's ValueError as a field problem.
    """The claimed text cannot be read as a value."""


@dataclass(frozen=True)
class ClaimedValue:
    """A claimed value as read from its text. `number` is a magnitude (never negative)."""

    text: str
    kind: Kind
    number: Decimal | None
    scale: int = 1
    decimals: int = 0
    direction: Direction | None = None
    bound: Bound | None = None
    hedge: Hedge | None = None
    # The words the claim used for its bound and hedge ("topped", "roughly"): reasons quote them.
    bound_word: str | None = None
    hedge_word: str | None = None
    stated: str | None = None  # "deficit" or "surplus" when the text says so
    record: Record | None = None  # a record claim's extreme, window and level (Kind.RECORD)

    @property
    def unit(self) -> str:
        if self.kind is Kind.AMOUNT:
            name = SCALE_NAMES.get(self.scale, f"x{self.scale}")
            return f"{name} USD".strip()
        if self.kind is Kind.PERCENT:
            return "percent"
        if self.kind is Kind.POINTS:
            return "percentage points"
        if self.kind is Kind.MULTIPLE:
            return "times"
        return "none"

    @property
    def last_digit(self) -> Decimal:
        """One unit of the last digit the claim was written to (0.1 for "42.3")."""
        return Decimal(1).scaleb(-self.decimals)

    @property
    def signed(self) -> Decimal:
        """The number with the sign its direction gives (a decline of 2.7 is -2.7)."""
        if self.number is None:
            raise ClaimedValueError(f"{self.text!r} has no number")
        if self.direction is Direction.DOWN and self.kind is not Kind.MULTIPLE:
            return -self.number
        return self.number


@cache
def _prefix_pattern(words: tuple[str, ...]) -> re.Pattern[str]:
    """One of `words` (the longest that fits) followed by the end, a space or a '$'."""
    longest_first = sorted(words, key=len, reverse=True)
    return re.compile("(?:" + "|".join(map(re.escape, longest_first)) + r")(?=$| |\$)")


def _strip_prefix(text: str, words: dict[str, object]) -> tuple[str, str | None]:
    match = _prefix_pattern(tuple(words)).match(text)
    if match is None:
        return text, None
    return text[match.end() :].strip(), match[0]


def stated_in(text: str) -> str | None:
    """ "deficit" or "surplus" when a claimed text starts by saying so ("a deficit of ...")."""
    s = " ".join(text.strip().lower().split())
    if s in SIGN_WORDS:
        return SIGN_WORDS[s]
    return STATED_WORDS.get(_strip_prefix(s, STATED_WORDS)[1] or "")  # type: ignore[arg-type]


def parse_claimed(text: str) -> ClaimedValue:
    """Read `text` or raise ClaimedValueError saying what could not be read."""
    original = text
    s = " ".join(text.strip().lower().replace("−", "-").split())
    if not s:
        raise ClaimedValueError("the claimed value is empty")
    found = parse_record(original)
    if found is not None:
        return found
    s = fraction_as_percent(s)  # "about a sixth" -> "about 17%"
    if s in SIGN_WORDS:
        return ClaimedValue(original, Kind.SIGN, None, stated=SIGN_WORDS[s])
    bound: Bound | None = None
    hedge: Hedge | None = None
    direction: Direction | None = None
    bound_word: str | None = None
    hedge_word: str | None = None
    s, stated_word = _strip_prefix(s, STATED_WORDS)  # type: ignore[arg-type]
    stated = STATED_WORDS[stated_word] if stated_word else None
    # Leading words in any order: "an increase of about 77%", "nearly doubled".
    for _ in range(3):
        s, word = _strip_prefix(s, BOUND_WORDS)  # type: ignore[arg-type]
        if word:
            bound, bound_word = BOUND_WORDS[word], word
            continue
        s, word = _strip_prefix(s, HEDGE_WORDS)  # type: ignore[arg-type]
        if word:
            hedge, hedge_word = HEDGE_WORDS[word], word
            continue
        s, word = _strip_prefix(s, DIRECTION_WORDS)  # type: ignore[arg-type]
        if word:
            direction = DIRECTION_WORDS[word]
            continue
        break
    if bound and hedge:
        raise ClaimedValueError(f"{original!r} has both a bound and a hedge; keep one")
    if stated and (direction or s in MULTIPLE_WORDS or s in VAGUE_WORDS or "%" in s):
        raise ClaimedValueError(
            f"{original!r}: 'a {stated} of' goes with an amount of dollars, "
            "e.g. 'a deficit of $27.6 billion'"
        )
    if s in MULTIPLE_WORDS:
        number, word_direction = MULTIPLE_WORDS[s]
        return ClaimedValue(
            original,
            Kind.MULTIPLE,
            number,
            1,
            MULTIPLE_DECIMALS,
            word_direction,
            bound,
            hedge,
            bound_word,
            hedge_word,
        )
    if s in VAGUE_WORDS:
        if bound or hedge:
            raise ClaimedValueError(f"{original!r}: a bound or hedge needs a number")
        return ClaimedValue(original, Kind.VAGUE, None, direction=VAGUE_WORDS[s])
    match = _NUMBER.match(s)
    if match is None:
        raise ClaimedValueError(
            f"cannot read {original!r} as a value; write it as the article did, "
            "e.g. '$42.3 billion', '2.7 percent', 'nearly $800 billion', 'more than doubled'"
        )
    raw = match["num"].replace(",", "")
    whole, _, fraction = raw.partition(".")
    if len(whole.lstrip("0")) > MAX_WHOLE_DIGITS or len(fraction) > MAX_DECIMALS:
        raise ClaimedValueError(
            f"{original!r} has more digits than a trade figure is written with (at most "
            f"{MAX_WHOLE_DIGITS} before the decimal point and {MAX_DECIMALS} after it)"
        )
    number = Decimal(raw)
    decimals = len(fraction)
    if match["sign"] in ("-", "−"):
        if direction is Direction.UP:
            raise ClaimedValueError(f"{original!r} says both up and down")
        direction = Direction.DOWN
    elif match["sign"] == "+":
        direction = direction or Direction.UP
    rest = match["rest"].strip()
    dollar = match["dollar"] is not None

    def made(kind: Kind, scale: int = 1, stated: str | None = None) -> ClaimedValue:
        return ClaimedValue(
            original, kind, number, scale, decimals, direction, bound, hedge, bound_word,
            hedge_word, stated,
        )  # fmt: skip

    scale = 1
    scale_match = re.match(r"^(trillion|billion|million|thousand|tn|bn|mn|b|m|k)\b\s*(.*)$", rest)
    if scale_match:
        scale = SCALES[scale_match[1]]
        rest = scale_match[2].strip()
    for word in ("dollars", "usd", "us dollars"):
        if rest == word:
            dollar, rest = True, ""
    if rest in ("%", "percent", "per cent", "pct"):
        if dollar or scale != 1:
            raise ClaimedValueError(f"{original!r} mixes dollars and percent")
        return made(Kind.PERCENT)
    if rest in ("percentage points", "percentage point", "points", "point", "pp"):
        if dollar or scale != 1:
            raise ClaimedValueError(f"{original!r} mixes dollars and points")
        return made(Kind.POINTS)
    if rest in ("times", "fold", "-fold", "x"):
        return made(Kind.MULTIPLE)
    if rest:
        raise ClaimedValueError(f"cannot read {rest!r} in {original!r}")
    if not dollar:
        raise ClaimedValueError(
            f"{original!r} has no unit; write '$' for dollars or '%' for a percent"
        )
    return made(Kind.AMOUNT, scale, stated)


# --- Records and shares (issue 19): claimed records ("a record", "the highest since 2008")
# and shares written as fractions ("about a sixth", "two thirds"). ---


class Extreme(StrEnum):
    HIGH = "high"
    LOW = "low"


@dataclass(frozen=True)
class Record:
    """A claimed record: the extreme, where its window starts, and any level claimed with it.

    `since`: "the highest since 2008" compares the years after 2008 (2008 itself was at least
    as high, or the phrase would say "since 2007"). `years`: "the lowest in ten years" compares
    the claimed period and the nine before it (for a month, 120 months). Neither: the window
    starts where the data do."""

    extreme: Extreme
    since: int | None = None
    years: int | None = None
    level: ClaimedValue | None = None  # "a record $418.2 billion": judged by the rubric too

    @property
    def words(self) -> str:
        return {Extreme.HIGH: "highest", Extreme.LOW: "lowest"}[self.extreme]


RECORD_WORDS: dict[str, Extreme] = {
    "record high": Extreme.HIGH,
    "record low": Extreme.LOW,
    "record": Extreme.HIGH,
    "all-time high": Extreme.HIGH,
    "all-time low": Extreme.LOW,
}
SUPERLATIVE_WORDS: dict[str, Extreme] = {
    "highest": Extreme.HIGH,
    "largest": Extreme.HIGH,
    "biggest": Extreme.HIGH,
    "greatest": Extreme.HIGH,
    "widest": Extreme.HIGH,
    "lowest": Extreme.LOW,
    "smallest": Extreme.LOW,
    "narrowest": Extreme.LOW,
}
NUMBER_WORDS: dict[str, int] = {
    word: n
    for n, word in enumerate(
        [
            "two",
            "three",
            "four",
            "five",
            "six",
            "seven",
            "eight",
            "nine",
            "ten",
            "eleven",
            "twelve",
            "thirteen",
            "fourteen",
            "fifteen",
            "sixteen",
            "seventeen",
            "eighteen",
            "nineteen",
            "twenty",
        ],
        start=2,
    )
}
# A fraction is read as the whole percent nearest it ("a sixth": 17%), as a word multiple is
# read to one decimal: the word is as coarse as a whole percent.
FRACTION_WORDS: dict[str, Decimal] = {
    "a half": Decimal(1) / 2,
    "half": Decimal(1) / 2,
    "a third": Decimal(1) / 3,
    "one third": Decimal(1) / 3,
    "two thirds": Decimal(2) / 3,
    "two-thirds": Decimal(2) / 3,
    "a quarter": Decimal(1) / 4,
    "one quarter": Decimal(1) / 4,
    "a fourth": Decimal(1) / 4,
    "three quarters": Decimal(3) / 4,
    "three-quarters": Decimal(3) / 4,
    "a fifth": Decimal(1) / 5,
    "one fifth": Decimal(1) / 5,
    "two fifths": Decimal(2) / 5,
    "a sixth": Decimal(1) / 6,
    "one sixth": Decimal(1) / 6,
    "a seventh": Decimal(1) / 7,
    "an eighth": Decimal(1) / 8,
    "a tenth": Decimal(1) / 10,
    "one tenth": Decimal(1) / 10,
}
_RECORD = re.compile(
    r"^(?:(?:a|an|the|at a|hit a|reached a|set a|new)\s+)*(?:new\s+)?"
    r"(?P<record>record high|record low|all-time high|all-time low|record)"
    r"(?:\s+(?:of\s+)?(?P<level>.+))?$"
)
_SUPERLATIVE = re.compile(
    r"^(?:(?:the|its|their)\s+)?(?P<word>" + "|".join(SUPERLATIVE_WORDS) + r")"
    r"(?:\s+[a-z -]+?)?\s+(?:since\s+(?P<since>\d{4})|in\s+(?P<years>[a-z0-9]+)\s+years"
    r"|in history|on record|ever)$"
)


def fraction_as_percent(s: str) -> str:
    """`s` (normalised text) with a trailing fraction word written as its whole percent
    ("nearly a fifth" -> "nearly 20%", "fell by a third" -> "fell by 33%"); else `s`."""
    for word in sorted(FRACTION_WORDS, key=len, reverse=True):
        if s == word or s.endswith(" " + word):
            percent = (FRACTION_WORDS[word] * 100).quantize(Decimal(1), rounding="ROUND_HALF_UP")
            return f"{s[: len(s) - len(word)]}{percent}%".strip()
    return s


def parse_record(text: str) -> ClaimedValue | None:
    """A claimed record ("a record", "record low", "the highest since 2008", "the lowest in
    ten years", "the largest deficit in history", "a record $418.2 billion"), or None when
    `text` claims no record. Raises ClaimedValueError for a record phrase it cannot read."""
    s = " ".join(text.strip().lower().replace("−", "-").split())
    match = _RECORD.match(s)
    if match is not None:
        extreme = RECORD_WORDS[match["record"]]
        level = None
        if match["level"]:
            level = parse_claimed(match["level"])
            if level.kind is not Kind.AMOUNT or level.direction is not None:
                raise ClaimedValueError(
                    f"{text!r}: a record's level is an amount of dollars, "
                    "e.g. 'a record $418.2 billion'"
                )
        return ClaimedValue(text, Kind.RECORD, None, record=Record(extreme, level=level))
    match = _SUPERLATIVE.match(s)
    if match is None:
        return None
    extreme = SUPERLATIVE_WORDS[match["word"]]
    since = int(match["since"]) if match["since"] else None
    years = None
    if match["years"]:
        raw = match["years"]
        years = int(raw) if raw.isdigit() else NUMBER_WORDS.get(raw)
        if years is None or years < 2:
            raise ClaimedValueError(f"cannot read {raw!r} years in {text!r}; write e.g. 'ten'")
    return ClaimedValue(text, Kind.RECORD, None, record=Record(extreme, since, years))
