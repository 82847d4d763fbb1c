"""Text from outside (claims files, servers) made safe to show: control characters escaped.

A quote or a server's error line could carry terminal escapes (OSC 8 hyperlinks, a BEL, a
screen clear) or characters XML 1.0 cannot hold; every human output shows them as escapes.
"""

from __future__ import annotations


def printable(text: str) -> str:
    """`text` with every non-printable character (control, format, line separator) escaped
    as Python would write it: '\\x1b', '\\u2028'."""
    if text.isprintable():
        return text
    return "".join(
        c if c.isprintable() else c.encode("unicode_escape").decode("ascii") for c in text
    )


def printable_lines(text: str) -> str:
    """Like `printable`, keeping the line breaks of a text of several lines."""
    return "\n".join(printable(line) for line in text.split("\n"))
