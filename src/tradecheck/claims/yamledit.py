"""Editing a claims file's text in place: set claims' `expected` verdicts by changing only
those bytes, so comments, order, quoting and layout stay as they were (`tradecheck accept`).

A claim with an `expected` gets its value replaced (its quotes kept); a claim without one
gets `expected: VERDICT` as a new last line of a block mapping, or as `, expected: VERDICT`
before the closing brace of a flow mapping (`- {id: a, ...}`). The text must be a valid
claims file (load it first): the YAML is composed again here only for its positions.
"""

from __future__ import annotations

import re
from typing import Any

from tradecheck.errors import InputError

_VALUE = re.compile(r"""(["']?)([A-Za-z-]+|~)\1""")


def set_expected(display: str, text: str, verdicts: dict[int, str]) -> str:
    """`text` with claim `index`'s `expected` set to `verdicts[index]` (claims counted from 0
    in file order); raises InputError when a claim's text cannot be edited safely."""
    import yaml

    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError as exc:
        raise InputError(f"{display}: cannot be read as YAML ({exc})") from exc
    claims = _value_of(root, "claims")
    if not isinstance(claims, yaml.SequenceNode):
        raise InputError(f"{display}: has no list of claims")
    starts = _line_starts(text)

    def offset(mark: Any) -> int:
        return int(starts[mark.line] + mark.column)

    edits: list[tuple[int, int, str]] = []  # (start, end, replacement), applied from the end
    for index, verdict in verdicts.items():
        claim = claims.value[index]
        if not isinstance(claim, yaml.MappingNode) or not claim.value:
            raise InputError(f"{display}: claims[{index}] is not a mapping")
        current = _value_of(claim, "expected")
        if current is not None:
            start = offset(current.start_mark)
            found = _VALUE.match(text, start)
            if found is None or not isinstance(current, yaml.ScalarNode):
                raise InputError(
                    f"{display}: claims[{index}].expected: cannot edit its value in place"
                )
            if found.group(1):  # quoted: the quotes stay
                edits.append((found.start(2), found.end(2), verdict))
            else:
                edits.append((found.start(), found.end(), _scalar(verdict)))
        elif claim.flow_style:
            end = offset(_last(claim).end_mark)
            edits.append((end, end, f", expected: {_scalar(verdict)}"))
        else:
            last = _last(claim)
            end = offset(last.end_mark)
            header = text[offset(last.start_mark) :].split("\n", 1)[0].split("#")[0]
            if getattr(last, "style", None) in ("|", ">") and "+" not in header:
                # A block scalar's end takes in the blank lines after it; they are not its
                # text (unless kept with '+'), so the new line goes before them.
                end = len(text[:end].rstrip())
            if end > 0 and text[end - 1] == "\n":  # a block scalar ends after its line break
                line = text.rfind("\n", 0, end - 1) + 1
            else:
                line = text.rfind("\n", 0, end) + 1
            after = text.find("\n", line)
            if after == -1:  # the last line has no line break: give it one
                edits.append((len(text), len(text), _newline(text)))
                after = len(text)
            else:
                after += 1
            indent = claim.value[0][0].start_mark.column
            newline = _newline(text)
            edits.append((after, after, f"{' ' * indent}expected: {_scalar(verdict)}{newline}"))
    out = text
    for start, end, replacement in sorted(edits, reverse=True):
        out = out[:start] + replacement + out[end:]
    return out


def _scalar(verdict: str) -> str:
    """A verdict as a YAML value: quoted when plain it would read as something else
    (`false` is a boolean)."""
    import yaml

    return verdict if yaml.safe_load(verdict) == verdict else f'"{verdict}"'


def _value_of(node: Any, key: str) -> Any:
    """The value node of `key` in a mapping node, or None."""
    import yaml

    if not isinstance(node, yaml.MappingNode):
        return None
    for key_node, value_node in node.value:
        if isinstance(key_node, yaml.ScalarNode) and key_node.value == key:
            return value_node
    return None


def _last(node: Any) -> Any:
    """The node whose text ends a mapping's last value (a nested block mapping's or
    sequence's last scalar)."""
    import yaml

    while True:
        if isinstance(node, yaml.MappingNode) and node.value:
            value = node.value[-1][1]
        elif isinstance(node, yaml.SequenceNode) and node.value:
            value = node.value[-1]
        else:
            return node
        if getattr(value, "flow_style", False) or isinstance(value, yaml.ScalarNode):
            return value
        node = value


def _line_starts(text: str) -> list[int]:
    starts = [0]
    for found in re.finditer("\n", text):
        starts.append(found.end())
    return starts


def _newline(text: str) -> str:
    return "\r\n" if "\r\n" in text else "\n"
