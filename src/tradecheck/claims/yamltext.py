"""A claims file's YAML as plain data, with the line and column of every key and value.

Aliases, non-standard tags, duplicate and non-text keys, YAML 1.1's other ways of writing a
number and deep nesting are refused, each at its position.
"""

from __future__ import annotations

import re
from typing import Any, NoReturn

from tradecheck.errors import ClaimsFileError, Problem

# Aliases and anchors have no use in a claims file; refusing them stops "billion laughs".
_ALLOWED_TAGS = {
    "tag:yaml.org,2002:str",
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:null",
    "tag:yaml.org,2002:timestamp",
    "tag:yaml.org,2002:map",
    "tag:yaml.org,2002:seq",
}


_INT_TAG = "tag:yaml.org,2002:int"
_LEADING_ZERO = re.compile(r"0[0-9_]+")


class _Positions:
    def __init__(self) -> None:
        self.at: dict[tuple[str | int, ...], tuple[int, int]] = {}
        self.keys: dict[tuple[str | int, ...], tuple[int, int]] = {}


# How deep a claims file's YAML may nest (it needs 4: claims, a claim, measure, a field).
MAX_DEPTH = 20


def _yaml_to_python(
    display: str, text: str, with_positions: bool = False
) -> tuple[Any, _Positions]:
    """The YAML as plain data, refusing aliases, non-standard tags, duplicate and non-text
    keys; with `with_positions`, also the line and column of every key and value."""
    import yaml

    loader_cls = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    try:
        loader = loader_cls(text)
        try:
            root = loader.get_single_node()
        finally:
            loader.dispose()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        column = mark.column + 1 if mark else None
        what = exc.problem or exc.context or "malformed YAML"
        if mark is not None and text[mark.index : mark.index + 1] == "\t":
            what = "a tab character; YAML indents with spaces"
        raise ClaimsFileError(
            [Problem(display, line, column, "", f"invalid YAML: {what}")]
        ) from exc
    except yaml.YAMLError as exc:
        raise ClaimsFileError([Problem(display, None, None, "", f"invalid YAML: {exc}")]) from exc
    if root is None:
        raise ClaimsFileError([Problem(display, None, None, "", "the file is empty")])
    positions = _Positions()
    # An alias is a second reference to an already composed node. Without a '*' in the text
    # there can be none, and the (large) set of seen nodes is not needed.
    seen: set[int] | None = set() if "*" in text else None
    constructor = yaml.SafeLoader("")

    def refuse(node: yaml.Node, path: tuple[str | int, ...] | None, message: str) -> NoReturn:
        """Stop at `node` (a problem of the whole file when `path` is None)."""
        line, col = _mark(node)
        raise ClaimsFileError([Problem(display, line, col, _dotted(path or ()), message)])

    def convert(node: yaml.Node, path: tuple[str | int, ...]) -> Any:
        if len(path) > MAX_DEPTH:
            refuse(node, None, f"nested more than {MAX_DEPTH} levels deep (a claims file needs 4)")
        if seen is not None:
            if id(node) in seen:
                refuse(node, path, "YAML aliases (*name) are not allowed")
            seen.add(id(node))
        if with_positions:
            positions.at[path] = _mark(node)
        if node.tag not in _ALLOWED_TAGS:
            refuse(node, path, f"YAML tag {node.tag!r} is not allowed")
        if isinstance(node, yaml.MappingNode):
            result: dict[str, Any] = {}
            for key_node, value_node in node.value:
                if not isinstance(key_node, yaml.ScalarNode):
                    refuse(key_node, path, "a key must be text")
                key = str(key_node.value)
                if key in result:
                    refuse(key_node, (*path, key), f"duplicate key {key!r}")
                if with_positions:
                    positions.keys[(*path, key)] = _mark(key_node)
                result[key] = convert(value_node, (*path, key))
            return result
        if isinstance(node, yaml.SequenceNode):
            return [convert(item, (*path, i)) for i, item in enumerate(node.value)]
        if node.tag == _INT_TAG and _LEADING_ZERO.fullmatch(str(node.value)):
            # YAML 1.1 reads `partner: 0003` as octal 3; in a claims file a number with a
            # leading zero is a Census code, so it stays the text that was written.
            return str(node.value)
        if node.tag == _INT_TAG and not re.fullmatch(r"-?[0-9]+", str(node.value)):
            # YAML 1.1 also reads 33:36, 0x7E0, 0b11111100000, 2_016 and +2016 as 2016.
            refuse(
                node,
                path,
                f"{node.value!r} is a YAML 1.1 way of writing a number; write plain digits "
                "(2016) or quote it",
            )
        try:
            return constructor.construct_object(node)
        except (yaml.YAMLError, ValueError) as exc:
            refuse(node, path, f"cannot read value: {exc}")

    return convert(root, ()), positions


def _mark(node: Any) -> tuple[int, int]:
    """A YAML node's line and column, counted from 1."""
    return node.start_mark.line + 1, node.start_mark.column + 1


def _dotted(path: tuple[str | int, ...]) -> str:
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out
