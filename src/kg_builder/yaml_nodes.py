"""Read hand-written YAML keeping the line of every key and value.

Annotators fix what a message points at, so every value read from a file keeps its line.
PyYAML's composer gives nodes with marks; this module turns them into plain values and
rejects what PyYAML would silently accept: a key written twice (the second would win).
The composer is libyaml's (``CSafeLoader``, marks included) where PyYAML was built with it:
many times faster than the pure-Python one, which stays the fallback.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import yaml

from kg_builder.errors import Problem

Scalar = str | int | float | bool | None
COMPOSER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
STRING_TAG = "tag:yaml.org,2002:str"


@dataclass(frozen=True)
class Entry:
    """One ``key: value`` of a mapping, with the line of the key."""

    key: str
    node: yaml.Node
    line: int


class NodeReader:
    """Turns nodes of one file into values, collecting problems instead of stopping."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.problems: list[Problem] = []
        self._constructor = yaml.SafeLoader("")

    def problem(self, line: int | None, message: str, hint: str | None = None) -> None:
        self.problems.append(Problem(self.path, line, message, hint))

    def compose(self) -> yaml.Node | None:
        """The file's root node, or None (with a problem) when it is not valid YAML."""
        try:
            with self.path.open(encoding="utf-8") as handle:
                return yaml.compose(handle, Loader=COMPOSER)
        except UnicodeDecodeError as error:
            self.problem(None, f"not UTF-8 text ({error.reason} at byte {error.start})")
        except yaml.MarkedYAMLError as error:
            mark = error.problem_mark or error.context_mark
            line = mark.line + 1 if mark else None
            what = " ".join(part for part in (error.context, error.problem) if part)
            self.problem(line, f"not valid YAML: {what}", "check the indentation and quoting")
        except OSError as error:
            self.problem(None, f"cannot read: {error.strerror}")
        return None

    def entries(self, node: yaml.Node, what: str) -> Iterator[Entry]:
        """The entries of a mapping node; a non-mapping or a repeated key is a problem."""
        if not isinstance(node, yaml.MappingNode):
            self.problem(line_of(node), f"{what} must be a mapping of `key: value` lines")
            return
        seen: dict[str, int] = {}
        for key_node, value_node in node.value:
            key = str(key_node.value)
            line = line_of(key_node)
            if key in seen:
                self.problem(line, f"`{key}` is given twice in {what} (first on line {seen[key]})")
                continue
            seen[key] = line
            yield Entry(key, value_node, line)

    def items(self, node: yaml.Node, what: str) -> list[yaml.Node]:
        """The elements of a sequence node; a single value counts as a list of one."""
        if isinstance(node, yaml.SequenceNode):
            return list(node.value)
        if isinstance(node, yaml.MappingNode) or _is_null(node):
            self.problem(line_of(node), f"{what} must be a list or a single value")
            return []
        return [node]

    def scalar(self, node: yaml.Node, what: str) -> Scalar:
        """The plain value of a scalar node (YAML's own typing: ints stay ints)."""
        if not isinstance(node, yaml.ScalarNode):
            self.problem(line_of(node), f"{what} must be a single value, not a list or mapping")
            return None
        if node.tag == STRING_TAG:  # most values: what the constructor would return
            return str(node.value)
        value = self._constructor.construct_object(node)
        if isinstance(value, str | int | float | bool) or value is None:
            return value
        return str(node.value)  # dates and timestamps stay as written

    def text(self, node: yaml.Node, what: str) -> str | None:
        """A non-empty string value (numbers are read back as written)."""
        value = self.scalar(node, what)
        if value is None or isinstance(value, bool) or str(value).strip() == "":
            if isinstance(node, yaml.ScalarNode):
                self.problem(line_of(node), f"{what} must be non-empty text")
            return None
        return str(node.value) if isinstance(value, int | float) else str(value)


def line_of(node: yaml.Node) -> int:
    """The 1-based line a node starts on."""
    return int(node.start_mark.line) + 1


def _is_null(node: yaml.Node) -> bool:
    return isinstance(node, yaml.ScalarNode) and node.tag == "tag:yaml.org,2002:null"
