"""YAML read strictly, with the line of every value, for error messages.

PyYAML raises a plain ``ValueError`` without a position for a date that does
not exist (``2026-13-45``), and callers that catch only ``yaml.YAMLError`` then
crash or, like MkDocs's front matter reader, drop the whole block. Here every
problem is a :class:`YamlError` with a line, and the composed nodes are kept so
callers can point at the line of any value they refuse.

    >>> data, node = load("a: 1\\nwhen: 2026-13-45\\n")
    Traceback (most recent call last):
    kyr.yamltext.YamlError: line 2: '2026-13-45' is not a date (month must be in 1..12)
"""

from __future__ import annotations

import yaml
from yaml.constructor import ConstructorError, SafeConstructor


class YamlError(ValueError):
    """Text that is not YAML, or a value YAML cannot construct; ``line`` is 1-based in the text."""

    def __init__(self, line: int, message: str):
        self.line = line
        self.message = message
        super().__init__(f"line {line}: {message}")


class _Loader(yaml.SafeLoader):
    """SafeLoader whose dates fail like every other YAML error: with a position."""


def _timestamp(loader: _Loader, node: yaml.Node):
    try:
        return SafeConstructor.construct_yaml_timestamp(loader, node)
    except ValueError as exc:
        raise ConstructorError(None, None, f"{node.value!r} is not a date ({exc})", node.start_mark) from None


_Loader.add_constructor("tag:yaml.org,2002:timestamp", _timestamp)


def load(text: str) -> tuple[object, yaml.Node | None]:
    """The data of a YAML document, and its node tree (None for an empty document)."""
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        data = loader.construct_document(node) if node is not None else None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        raise YamlError(mark.line + 1 if mark else 1, " ".join(filter(None, [exc.context, exc.problem]))) from None
    except yaml.YAMLError as exc:
        raise YamlError(1, str(exc)) from None
    finally:
        loader.dispose()
    return data, node


def line_of(node: yaml.Node | None, *path: str | int) -> int:
    """1-based line of the value at `path` (keys and list indices) below `node`; the nearest found.

    >>> _, node = load("a: 1\\nlist:\\n  - x: 2\\n  - x: 3\\n")
    >>> line_of(node, "list", 1, "x"), line_of(node, "list", 9)
    (4, 3)
    """
    line = node.start_mark.line + 1 if node is not None else 1
    for step in path:
        if isinstance(node, yaml.MappingNode):
            node = next((value for key, value in node.value if key.value == step), None)
        elif isinstance(node, yaml.SequenceNode) and isinstance(step, int) and step < len(node.value):
            node = node.value[step]
        else:
            node = None
        if node is None:
            break
        line = node.start_mark.line + 1
    return line
