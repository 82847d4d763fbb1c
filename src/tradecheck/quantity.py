"""Read a claimed value as an article wrote it ("nearly $800 billion", "a decline of 2.7 percent").

The reading is data: the number, its unit and scale, the precision it was written to, the
direction it asserts, and any bound ("more than") or hedge ("nearly") that widens it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
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
    DIRECTION = "direction"  # "fell", "narrowed": the direction of a change, no number
    RECORD = "record"  # "a record", "the highest since 2008": the extreme of a window
    RANK = "rank"  # "the largest", "third-largest", "overtook China": a place among countries
    COMPARISON = "comparison"  # "more than", "less than": one value against another, no number
    STREAK = "streak"  # "fell for the third straight year": a run of changes, no number


class Direction(StrEnum):
    UP = "up"
    DOWN = "down"


class Bound(StrEnum):
    ABOVE = "above"  # more than, over, topped, exceeded
    AT_LEAST = "at-least"
    BELOW = "below"  # less than, under
    AT_MOST = "at-most"
    JUST_ABOVE = "just-above"  # just over: at least the claim, at most 5% above it
    JUST_BELOW = "just-below"  # just under: below the claim, at most 5% below it


class Hedge(StrEnum):
    ABOUT = "about"  # about, around, roughly, approximately, some
    NEARLY = "nearly"  # nearly, almost, close to


SCALES: dict[str, int] = {
    "trillion": 10**12,
    "tn": 10**12,
    "trn": 10**12,
    "billion": 10**9,
    "bn": 10**9,
    "b": 10**9,
    "bln": 10**9,
    "million": 10**6,
    "mn": 10**6,
    "mln": 10**6,
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
    "just over": Bound.JUST_ABOVE,
    "just above": Bound.JUST_ABOVE,
    "slightly more than": Bound.JUST_ABOVE,
    "slightly over": Bound.JUST_ABOVE,
    "just under": Bound.JUST_BELOW,
    "just below": Bound.JUST_BELOW,
    "slightly less than": Bound.JUST_BELOW,
    "well over": Bound.ABOVE,
    "well above": Bound.ABOVE,
    "well more than": Bound.ABOVE,
}
# Bound words with a qualifier the rubric does not measure: "well over" is judged as "over".
UNMEASURED_WORDS: dict[str, str] = {
    "well over": "well",
    "well above": "well",
    "well more than": "well",
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
    "jumped by": Direction.UP,
    "climbed": Direction.UP,
    "climbed by": Direction.UP,
    "shrank": Direction.DOWN,
    "shrank by": Direction.DOWN,
    "slipped": Direction.DOWN,
    "slipped by": Direction.DOWN,
    "cut": Direction.DOWN,
    "cut by": Direction.DOWN,
    "up": Direction.UP,
    "up by": Direction.UP,
}
# Said of a balance only: the size of the deficit or surplus fell ("narrowed") or rose.
BALANCE_WORDS: dict[str, Direction] = {
    "narrowed": Direction.DOWN,
    "narrowed by": Direction.DOWN,
    "widened": Direction.UP,
    "widened by": Direction.UP,
}
# After the number: "a 2.7% decline", "$1.2 billion less".
SUFFIX_DIRECTION_WORDS: dict[str, Direction] = {
    "decline": Direction.DOWN,
    "decrease": Direction.DOWN,
    "drop": Direction.DOWN,
    "fall": Direction.DOWN,
    "less": Direction.DOWN,
    "lower": Direction.DOWN,
    "increase": Direction.UP,
    "rise": Direction.UP,
    "jump": Direction.UP,
    "gain": Direction.UP,
    "more": Direction.UP,
    "higher": Direction.UP,
}
# A record word that `parse_record` does not take ("record$370 billion", with no space): read
# beside the amount, the record not checked. Every other record claim is `parse_record`'s.
RECORD_PREFIX_WORDS: dict[str, bool] = {"a record": True, "record": True}
MULTIPLE_WORDS: dict[str, tuple[Decimal, Direction | None]] = {
    "doubled": (Decimal(2), Direction.UP),
    "tripled": (Decimal(3), Direction.UP),
    "trebled": (Decimal(3), Direction.UP),
    "quadrupled": (Decimal(4), Direction.UP),
    "halved": (Decimal("0.5"), Direction.DOWN),
    "twofold": (Decimal(2), None),
    "threefold": (Decimal(3), None),
    "fourfold": (Decimal(4), None),
}
# After a fall word: "fell by half", "cut in half" are "halved".
HALF_WORDS = ("half", "in half")
# "three times", "twice as much": a ratio of the end to the start.
TIMES_WORDS: dict[str, Decimal] = {
    "twice": Decimal(2),
    "two times": Decimal(2),
    "three times": Decimal(3),
    "four times": Decimal(4),
    "five times": Decimal(5),
    "ten times": Decimal(10),
}
TIMES_SUFFIXES = ("as much", "as many", "as large", "as big", "as high", "the size")
# "three times more": read as "three times as much"; the reason notes the other reading.
AMBIGUOUS_SUFFIXES = ("more", "higher", "larger", "bigger", "greater")
# "by a third": a percent change, read as a round figure (see FRACTION_DECIMALS).
FRACTION_WORDS: dict[str, Decimal] = {
    "a third": Decimal("33.3"),
    "one third": Decimal("33.3"),
    "two thirds": Decimal("66.7"),
    "a quarter": Decimal("25.0"),
    "one quarter": Decimal("25.0"),
    "three quarters": Decimal("75.0"),
    "a fifth": Decimal("20.0"),
    "one fifth": Decimal("20.0"),
    "a tenth": Decimal("10.0"),
    "one tenth": Decimal("10.0"),
    "a sixth": Decimal("16.7"),
    "one sixth": Decimal("16.7"),
}
# A fraction is its percent to one decimal (a third: 33.3%), and a round figure: unless the
# claim hedges or bounds it, it is read with the `about` band (5% of it either side).
FRACTION_DECIMALS = 1
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
# Unit words after the number.
DOLLAR_WORDS = ("dollars", "usd", "us dollars")
PERCENT_WORDS = ("%", "percent", "per cent", "pct")
POINTS_WORDS = ("percentage points", "percentage point", "points", "point", "pp")
TIMES_UNITS = ("times", "fold", "-fold", "x")
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
}

# A claimed number is written as an article writes one: "$42.3 billion", "2.76%". Beyond
# these bounds it is not a trade figure, and arithmetic on it could leave Decimal's context.
MAX_WHOLE_DIGITS = 15
MAX_DECIMALS = 6

_NUMBER = re.compile(
    r"^(?P<sign>[-+−])?\s*(?P<dollar>(?:us)?\$|usd(?=[ 0-9]))?\s*"
    r"(?P<num>[0-9]{1,3}(?:,[0-9]{3})+(?:\.[0-9]+)?|[0-9]+(?:\.[0-9]+)?)"
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
    # A record claim's extreme, window and level (Kind.RECORD); on an amount ("a record deficit
    # of $370 billion"), the record word read beside the level and not checked.
    record: Record | None = None
    balance_word: str | None = None  # "narrowed", "widened": said of a balance's size
    # What the text leaves unmeasured or ambiguous ("well over", "three times more"): the
    # reason ends with it, and a `reading:` may settle it.
    note: str | None = None
    rank: Rank | None = None  # a claimed place among countries (Kind.RANK)
    comparison: Comparison | None = None  # more than, less than, about the same as
    streak: Streak | None = None  # a claimed run of changes (Kind.STREAK)

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


ACCEPTED = (
    "accepted forms: '$42.3 billion', '2.7%', '0.5 points', 'doubled', 'three times', "
    "'by a third', 'fell', after words such as 'more than', 'nearly', 'a decline of' "
    "(the README lists every word)"
)


def _unreadable(original: str) -> ClaimedValueError:
    return ClaimedValueError(f"cannot read {original!r} as a value; {ACCEPTED}")


def _times(s: str) -> tuple[Decimal, str | None] | None:
    """ "three times", "twice as much", "three times more": the ratio, and a note when the
    words can be read two ways."""
    for word, number in TIMES_WORDS.items():
        if s == word or any(s == f"{word} {suffix}" for suffix in TIMES_SUFFIXES):
            return number, None
        for suffix in AMBIGUOUS_SUFFIXES:
            if s == f"{word} {suffix}":
                return number, _ambiguous(f"{word} {suffix}", word, number)
    return None


def _ambiguous(phrase: str, word: str, number: Decimal) -> str:
    return (
        f"{phrase!r} is read as {word} as much (x{number}); read as {word} the start added "
        f"to it, it would be x{number + 1}"
    )


def parse_claimed(text: str) -> ClaimedValue:
    """Read `text` or raise ClaimedValueError saying what could not be read."""
    original = text
    s = " ".join(text.strip().lower().replace("−", "-").split())
    if not s:
        raise ClaimedValueError("the claimed value is empty")
    found = (
        parse_comparison(original)
        or parse_streak(original)
        or parse_record(original)
        or parse_rank(original)
    )
    if found is not None:
        return found
    if s in SIGN_WORDS:
        return ClaimedValue(original, Kind.SIGN, None, stated=SIGN_WORDS[s])
    bound: Bound | None = None
    hedge: Hedge | None = None
    direction: Direction | None = None
    bound_word: str | None = None
    hedge_word: str | None = None
    direction_word: str | None = None
    balance_word: str | None = None
    note: str | None = None
    s, record_word = _strip_prefix(s, RECORD_PREFIX_WORDS)  # type: ignore[arg-type]
    record = Record(Extreme.HIGH) if record_word is not None else None
    s, stated_word = _strip_prefix(s, STATED_WORDS)  # type: ignore[arg-type]
    stated = STATED_WORDS[stated_word] if stated_word else None
    directions = {**DIRECTION_WORDS, **BALANCE_WORDS}
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
        s, word = _strip_prefix(s, directions)  # type: ignore[arg-type]
        if word:
            direction, direction_word = directions[word], word
            if word in BALANCE_WORDS:
                balance_word = word.split()[0]
            continue
        break
    if bound and hedge:
        raise ClaimedValueError(f"{original!r} has both a bound and a hedge; keep one")
    if bound_word in UNMEASURED_WORDS:
        unmeasured = UNMEASURED_WORDS[bound_word]
        note = (
            f"{unmeasured!r} is not measured: the claim is judged as "
            f"{_PLAIN_BOUND[BOUND_WORDS[bound_word]]!r} unless a reading: gives "
            f"{unmeasured!r} a threshold"
        )
    if stated and (direction or s in MULTIPLE_WORDS or s in VAGUE_WORDS or "%" in s or not s):
        raise ClaimedValueError(
            f"{original!r}: 'a {stated} of' goes with an amount of dollars, "
            "e.g. 'a deficit of $27.6 billion'"
        )

    def word_value(
        kind: Kind, number: Decimal, decimals: int, way: Direction | None
    ) -> ClaimedValue:
        return ClaimedValue(
            original, kind, number, 1, decimals, way, bound, hedge, bound_word, hedge_word,
            record=record, balance_word=balance_word, note=note,
        )  # fmt: skip

    if not s:
        # A direction word alone ("fell", "narrowed"): a claim about the direction only.
        if direction is None or direction_word is None or direction_word.endswith((" of", " by")):
            raise _unreadable(original)
        if bound or hedge:
            raise ClaimedValueError(f"{original!r}: a bound or hedge needs a number")
        return ClaimedValue(
            original, Kind.DIRECTION, None, direction=direction, record=record,
            balance_word=balance_word,
        )  # fmt: skip

    def agreeing(way: Direction | None) -> Direction | None:
        if direction is not None and way is not None and way is not direction:
            raise ClaimedValueError(f"{original!r} says both up and down")
        return way or direction

    if s in MULTIPLE_WORDS:
        number, word_direction = MULTIPLE_WORDS[s]
        way = agreeing(word_direction)
        return word_value(Kind.MULTIPLE, number, MULTIPLE_DECIMALS, way)
    if s in HALF_WORDS and direction is Direction.DOWN:
        return word_value(Kind.MULTIPLE, Decimal("0.5"), MULTIPLE_DECIMALS, direction)
    times = _times(s)
    if times is not None:
        number, ambiguity = times
        note = note or ambiguity
        return word_value(Kind.MULTIPLE, number, MULTIPLE_DECIMALS, direction)
    fraction = s.removeprefix("by ")
    if fraction in FRACTION_WORDS:
        if bound is None and hedge is None:
            hedge, hedge_word = Hedge.ABOUT, fraction  # a round figure: the `about` band
        return word_value(Kind.PERCENT, FRACTION_WORDS[fraction], FRACTION_DECIMALS, direction)
    if s in VAGUE_WORDS:
        if bound or hedge:
            raise ClaimedValueError(f"{original!r}: a bound or hedge needs a number")
        return ClaimedValue(original, Kind.VAGUE, None, direction=VAGUE_WORDS[s])
    s = re.sub(r"^an? (?=[-+$0-9]|usd|us\$)", "", s)  # "a 2.7% decline"
    match = _NUMBER.match(s)
    if match is None:
        raise _unreadable(original)
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
            hedge_word, stated, record, balance_word, note,
        )  # fmt: skip

    scale = 1
    scale_match = _SCALE.match(rest)
    if scale_match:
        scale = SCALES[scale_match[1]]
        rest = scale_match[2].strip()
    times_rest = rest.removeprefix("times ")
    if rest.startswith("times ") and times_rest in AMBIGUOUS_SUFFIXES:
        note = note or _ambiguous(
            f"{match['num']} times {times_rest}", f"{match['num']} times", number
        )
        rest = "times"
    for word, way in SUFFIX_DIRECTION_WORDS.items():
        if rest == word or rest.endswith(" " + word):
            direction = agreeing(way)
            rest = rest.removesuffix(word).strip()
            break
    for word in DOLLAR_WORDS:
        if rest == word:
            dollar, rest = True, ""
    if rest in PERCENT_WORDS:
        if dollar or scale != 1:
            raise ClaimedValueError(f"{original!r} mixes dollars and percent")
        return made(Kind.PERCENT)
    if rest in POINTS_WORDS:
        if dollar or scale != 1:
            raise ClaimedValueError(f"{original!r} mixes dollars and points")
        return made(Kind.POINTS)
    if rest in TIMES_UNITS:
        return made(Kind.MULTIPLE)
    if rest:
        raise ClaimedValueError(f"cannot read {rest!r} in {original!r}; {ACCEPTED}")
    if not dollar:
        raise ClaimedValueError(
            f"{original!r} has no unit; write '$' for dollars or '%' for a percent"
        )
    return made(Kind.AMOUNT, scale, stated)


_PLAIN_BOUND = {
    Bound.ABOVE: "more than",
    Bound.AT_LEAST: "at least",
    Bound.BELOW: "less than",
    Bound.AT_MOST: "at most",
    Bound.JUST_ABOVE: "just over",
    Bound.JUST_BELOW: "just under",
}
_SCALE = re.compile("^(" + "|".join(sorted(SCALES, key=len, reverse=True)) + r")\b\s*(.*)$")


def accepted_forms() -> str:
    """The README's table of every word and phrase `parse_claimed` reads, made from the word
    tables above (a test checks that the README's copy is this)."""

    def words(items: Iterable[str]) -> str:
        return ", ".join(f"`{w}`" for w in items)

    def where(table: Mapping[str, object], value: object) -> str:
        return words(w for w, v in table.items() if v == value and w not in UNMEASURED_WORDS)

    bound_meaning = {
        Bound.ABOVE: "more than X",
        Bound.AT_LEAST: "X or more",
        Bound.BELOW: "less than X",
        Bound.AT_MOST: "X or less",
        Bound.JUST_ABOVE: "from X to 5% above X",
        Bound.JUST_BELOW: "from 5% below X to below X",
    }
    directions = {**DIRECTION_WORDS, **BALANCE_WORDS}
    alone = [w for w in directions if not w.endswith((" of", " by"))]
    rows = [("bound", where(BOUND_WORDS, b), m) for b, m in bound_meaning.items()]
    rows += [
        ("bound, unmeasured", words(UNMEASURED_WORDS),
         "more than X; the reason says the qualifier is not measured (a `reading:` may give "
         "it a threshold)"),
        ("hedge", where(HEDGE_WORDS, Hedge.ABOUT), "within 5% of X either side"),
        ("hedge", where(HEDGE_WORDS, Hedge.NEARLY), "within 5% short of X, never beyond"),
        ("direction, before", where(DIRECTION_WORDS, Direction.UP), "a rise"),
        ("direction, before", where(DIRECTION_WORDS, Direction.DOWN), "a fall"),
        ("direction, after", where(SUFFIX_DIRECTION_WORDS, Direction.UP), "a rise"),
        ("direction, after", where(SUFFIX_DIRECTION_WORDS, Direction.DOWN), "a fall"),
        ("balance direction", where(BALANCE_WORDS, Direction.UP),
         "the size of the deficit or surplus rose (flow: balance only)"),
        ("balance direction", where(BALANCE_WORDS, Direction.DOWN),
         "the size of the deficit or surplus fell (flow: balance only)"),
        ("direction alone", words(alone),
         "only the direction of a change (`change`, `percent-change`)"),
        ("multiple", ", ".join(f"`{w}` (x{n})" for w, (n, _) in MULTIPLE_WORDS.items()),
         f"a ratio, read to {MULTIPLE_DECIMALS} decimal"),
        ("multiple", ", ".join(f"`{w}` (x{n})" for w, n in TIMES_WORDS.items()),
         f"a ratio, read to {MULTIPLE_DECIMALS} decimal; may end with {words(TIMES_SUFFIXES)}"),
        ("multiple, ambiguous", f"`three times`, `3 times` (any multiple) followed by "
         f"{words(AMBIGUOUS_SUFFIXES)}", "read as `three times as much`; the reason notes "
         "the other reading"),
        ("half", words(f"fell by {w}" if w == "half" else f"cut {w}" for w in HALF_WORDS)
         + " (after any fall word)", "halved: a ratio of 0.5"),
        ("fraction", ", ".join(f"`{w}` ({n}%)" for w, n in FRACTION_WORDS.items()),
         "a percent change, with the `about` band unless hedged or bounded; may follow `by`"),
        ("scale", words(SCALES), "trillion, billion, million, thousand"),
        ("dollars", f"`$`, `us$`, `usd` before the number; {words(DOLLAR_WORDS)} after it",
         "an amount"),
        ("percent", words(PERCENT_WORDS), "a percent"),
        ("points", words(POINTS_WORDS), "percentage points"),
        ("times", words(TIMES_UNITS) + " after a number", "a multiple"),
        ("stated", words(STATED_WORDS), "a deficit's size or a surplus, before an amount"),
        ("sign", words(SIGN_WORDS), "only the balance's sign (`level`)"),
        ("vague", words(VAGUE_WORDS), "needs a `reading:`"),
        ("record", words(RECORD_WORDS) + ", `the highest/largest/lowest ... since YYYY`, "
         "`... in N years`, `... in history`, `... ever`",
         "a record (operation `record`), optionally with a level: `a record $418.2 billion`"),
        ("rank", "`largest`, `top`, `biggest`, `second-largest` (to `tenth-largest`, or "
         "`2nd largest`), `among the top five`, `overtook PARTNER`, `overtook PARTNER as the "
         "top`; a trailing " + words(RANK_NOUNS),
         "a place among countries (operation `rank`)"),
        ("comparison", words(COMPARISON_WORDS),
         "the claim's value against `measure.than` (partners, summed) or `measure.than_period` "
         "(operation `compare`); `about the same as`: within 5% of the other side"),
        ("streak", "a fall or rise word (" + words(STREAK_VERBS) + ") with `for the third "
         "straight year`, `for the second consecutive month`, `for three straight years`, `for "
         "the third year in a row`; `the second consecutive (monthly) increase` with "
         + words(STREAK_NOUNS) + " and " + words(STREAK_ADJECTIVES),
         "exactly that many changes in a row up to the period (operation `streak`)"),
        ("streak", "`rose every year since YYYY`, `fell every month since YYYY-MM`",
         "every change after YYYY up to the period (operation `streak`)"),
        ("streak", "`the first decline since YYYY`, `the first monthly increase since YYYY-MM`",
         "a change this way in the period, and the one before it in YYYY (operation `streak`)"),

    ]  # fmt: skip
    lines = ["| form | words | read as |", "|---|---|---|"]
    lines += [f"| {form} | {said} | {meaning} |" for form, said, meaning in rows]
    return "\n".join(lines) + "\n"


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


# --- Ranks (issue 19): a claimed place among countries ("our largest trading partner",
# "the third-largest", "among the top five", "overtook China as the top source of imports"). ---


@dataclass(frozen=True)
class Rank:
    """A claimed place among countries: `place` (1 for "the largest"), or with `within` at
    most that place ("among the top five"); with `overtook`, the partner (as written) it
    passed between the previous period and this one, and `place` only when the text says
    which ("overtook China as the top")."""

    place: int | None
    within: bool = False
    overtook: str | None = None

    def holds(self, place: int) -> bool:
        """Whether an actual place is the claimed one."""
        if self.place is None:
            return True
        return place <= self.place if self.within else place == self.place

    @property
    def words(self) -> str:
        """The claimed place in words: "1st", "among the top 5"."""
        if self.place is None:
            return ""
        return f"among the top {self.place}" if self.within else ordinal(self.place)


def ordinal(n: int) -> str:
    """1st, 2nd, 3rd, 4th, 11th, 21st."""
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


ORDINAL_WORDS: dict[str, int] = {
    word: n
    for n, word in enumerate(
        ["second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth"],
        start=2,
    )
}
# What the place is of, after the rank word: "largest trading partner", "top source of
# imports". The flow is the claim's `measure.flow`; these words are not checked against it.
RANK_NOUNS = (
    "trading partner",
    "partner",
    "source of imports",
    "supplier",
    "export market",
    "market",
    "customer",
    "buyer",
    "destination",
    "source",
)
_TOP = r"(?:largest|biggest|top|number one|no\. 1)"
_PLACE = (
    r"(?:(?P<ordinal>" + "|".join(ORDINAL_WORDS) + r"|\d+(?:st|nd|rd|th))[- ]"
    r"(?:largest|biggest)|(?P<first>" + _TOP + r")"
    r"|(?:among|one of|in) the top (?P<within>[a-z0-9]+))"
)
_NOUNS = r"(?:\s+(?:" + "|".join(RANK_NOUNS) + r"))?"
_ARTICLE = r"(?:(?:the|our|its|their|america's|the u\.s\.'s?)\s+)?"
_RANK = re.compile(r"^" + _ARTICLE + _PLACE + _NOUNS + r"$", re.IGNORECASE)
_OVERTOOK = re.compile(
    r"^(?:overtook|passed|surpassed|overtaking)\s+(?P<rival>.+?)"
    r"(?:\s+as\s+" + _ARTICLE + _PLACE + _NOUNS + r")?$",
    re.IGNORECASE,
)


def _place(match: re.Match[str], text: str) -> tuple[int | None, bool]:
    if match["first"]:
        return 1, False
    if match["ordinal"]:
        raw = match["ordinal"].lower()
        return (ORDINAL_WORDS[raw] if raw in ORDINAL_WORDS else int(raw[:-2])), False
    if match["within"]:
        raw = match["within"].lower()
        n = int(raw) if raw.isdigit() else NUMBER_WORDS.get(raw)
        if n is None or n < 2:
            raise ClaimedValueError(
                f"cannot read 'the top {raw}' in {text!r}; write e.g. 'among the top five'"
            )
        return n, True
    return None, False


def parse_rank(text: str) -> ClaimedValue | None:
    """A claimed rank ("the largest", "our largest trading partner", "third-largest",
    "among the top five", "overtook China", "overtook China as the top source of imports"),
    or None when `text` claims no rank."""
    s = " ".join(text.replace("\u2019", "'").split())  # the case kept: a rival's name
    match = _OVERTOOK.match(s)
    if match is not None:
        place, within = _place(match, text)
        rival = re.sub(r"^the\s+", "", match["rival"], flags=re.IGNORECASE)
        return ClaimedValue(text, Kind.RANK, None, rank=Rank(place, within, rival))
    match = _RANK.match(s)
    if match is None:
        return None
    place, within = _place(match, text)
    if place is not None and place < 1:
        raise ClaimedValueError(f"cannot read a place of {place} in {text!r}")
    return ClaimedValue(text, Kind.RANK, None, rank=Rank(place, within))


# --- Sums, comparisons and streaks (issue 20): "more than China, Japan and the U.K. combined"
# (the other side is the claim's `measure.than` or `measure.than_period`), "fell for the third
# straight year", "rose every year since 2016", "the first decline since 2009". ---


class Comparison(StrEnum):
    MORE = "more than"
    LESS = "less than"
    SAME = "about the same as"  # within the `about` tolerance of the other side


COMPARISON_WORDS: dict[str, Comparison] = {c.value: c for c in Comparison}


def parse_comparison(text: str) -> ClaimedValue | None:
    """A claimed comparison (`more than`, `less than`, `about the same as`: the other side is
    the claim's `measure.than` or `than_period`), or None when `text` is not one."""
    s = " ".join(text.strip().lower().split())
    if s not in COMPARISON_WORDS:
        return None
    return ClaimedValue(text, Kind.COMPARISON, None, comparison=COMPARISON_WORDS[s])


@dataclass(frozen=True)
class Streak:
    """A claimed run of changes up to and including the claimed period, each change from the
    period before. `length`: "the third straight year", exactly that many changes in a row
    (the run is the third, not the fourth). `every` with `since`: "rose every year since
    2016", every change after 2016 up to the claimed period. `first` with `since`: "the first
    decline since 2009", a decline in the claimed period and the one before it in 2009.
    `frequency` is "year", "month" or "quarter" when the text names one."""

    direction: Direction
    length: int | None = None
    since: str | None = None
    every: bool = False
    first: bool = False
    frequency: str | None = None

    @property
    def noun(self) -> str:
        return "decline" if self.direction is Direction.DOWN else "rise"


STREAK_VERBS: dict[str, Direction] = {
    "fell": Direction.DOWN,
    "declined": Direction.DOWN,
    "dropped": Direction.DOWN,
    "decreased": Direction.DOWN,
    "shrank": Direction.DOWN,
    "rose": Direction.UP,
    "increased": Direction.UP,
    "grew": Direction.UP,
    "climbed": Direction.UP,
}
STREAK_NOUNS: dict[str, Direction] = {
    "decline": Direction.DOWN,
    "drop": Direction.DOWN,
    "fall": Direction.DOWN,
    "decrease": Direction.DOWN,
    "increase": Direction.UP,
    "rise": Direction.UP,
    "gain": Direction.UP,
}
STREAK_ADJECTIVES: dict[str, str] = {
    "annual": "year",
    "yearly": "year",
    "monthly": "month",
    "quarterly": "quarter",
}
STREAK_WORDS = ("straight", "consecutive", "in a row")

_ORD = r"(?P<ord>first|" + "|".join(ORDINAL_WORDS) + r"|\d+(?:st|nd|rd|th))"
_VERB = r"(?P<verb>" + "|".join(STREAK_VERBS) + r")"
_NOUN = r"(?P<noun>" + "|".join(STREAK_NOUNS) + r")"
_ADJ = r"(?:(?P<adj>" + "|".join(STREAK_ADJECTIVES) + r")\s+)?"
_UNIT = r"(?P<unit>year|month|quarter)"
_UNIT2 = r"(?P<unit2>year|month|quarter)"
_STREAK_ORDINAL = re.compile(
    r"^" + _VERB + r"\s+(?:for\s+)?(?:the|a)\s+" + _ORD + r"\s+"
    r"(?:(?:straight|consecutive)\s+" + _UNIT + r"(?:\s+in a row)?|" + _UNIT2 + r"\s+in a row)$"
)
_STREAK_CARDINAL = re.compile(
    r"^" + _VERB + r"\s+for\s+(?P<n>[a-z0-9]+)\s+"
    r"(?:(?:straight|consecutive)\s+" + _UNIT + r"s(?:\s+in a row)?|" + _UNIT2 + r"s\s+in a row)$"
)
_STREAK_NOUN = re.compile(
    r"^(?:(?:the|a|its|their)\s+)?" + _ORD + r"\s+(?:straight|consecutive)\s+" + _ADJ + _NOUN + r"$"
)
_STREAK_EVERY = re.compile(r"^" + _VERB + r"\s+every\s+" + _UNIT + r"\s+since\s+(?P<since>\S+)$")
_STREAK_FIRST = re.compile(
    r"^(?:(?:the|its|their|a)\s+)?first\s+" + _ADJ + _NOUN + r"\s+since\s+(?P<since>\S+)$"
)
_STREAKISH = re.compile(
    r"\b(?:straight|consecutive|in a row)\b|\bevery (?:year|month|quarter) since\b"
    r"|^(?:(?:the|its|their|a)\s+)?first\s+\S+(?:\s+\S+)?\s+since\b"
)
STREAK_FORMS = (
    "write e.g. 'fell for the third straight year', 'rose for the second consecutive month', "
    "'the second consecutive monthly increase', 'rose every year since 2016', 'the first "
    "decline since 2009'"
)


def _nth(raw: str, text: str) -> int:
    n = ORDINAL_WORDS.get(raw) or (1 if raw == "first" else int(raw[:-2]))
    if n < 2:
        raise ClaimedValueError(
            f"{text!r}: a streak is at least two changes in a row ('the second straight "
            "year'); a single change is a direction ('fell', operation 'change')"
        )
    return n


def parse_streak(text: str) -> ClaimedValue | None:
    """A claimed streak ("fell for the third straight year", "the second consecutive monthly
    increase", "rose every year since 2016", "the first decline since 2009"), or None when
    `text` claims none. Raises ClaimedValueError for a streak phrase it cannot read."""
    s = " ".join(text.strip().lower().split())

    def made(streak: Streak) -> ClaimedValue:
        return ClaimedValue(text, Kind.STREAK, None, direction=streak.direction, streak=streak)

    if match := _STREAK_ORDINAL.match(s):
        unit = match["unit"] or match["unit2"]
        n = _nth(match["ord"], text)
        return made(Streak(STREAK_VERBS[match["verb"]], length=n, frequency=unit))
    if match := _STREAK_CARDINAL.match(s):
        raw = match["n"]
        n = int(raw) if raw.isdigit() else NUMBER_WORDS.get(raw, 0)
        if n < 2:
            raise ClaimedValueError(f"cannot read {raw!r} in {text!r}; {STREAK_FORMS}")
        unit = match["unit"] or match["unit2"]
        return made(Streak(STREAK_VERBS[match["verb"]], length=n, frequency=unit))
    if match := _STREAK_NOUN.match(s):
        n = _nth(match["ord"], text)
        frequency = STREAK_ADJECTIVES.get(match["adj"] or "")
        return made(Streak(STREAK_NOUNS[match["noun"]], length=n, frequency=frequency))
    if match := _STREAK_EVERY.match(s):
        way = STREAK_VERBS[match["verb"]]
        return made(Streak(way, since=match["since"], every=True, frequency=match["unit"]))
    if match := _STREAK_FIRST.match(s):
        frequency = STREAK_ADJECTIVES.get(match["adj"] or "")
        way = STREAK_NOUNS[match["noun"]]
        return made(Streak(way, since=match["since"], first=True, frequency=frequency))
    if _STREAKISH.search(s):
        raise ClaimedValueError(f"cannot read {text!r} as a streak; {STREAK_FORMS}")
    return None
