"""YAML reading that remembers the line of every value, so errors can point into the file."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import yaml

Path = tuple[str | int, ...]


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a file, at a line (1-based)."""

    file: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.message}"


class FileRejected(Exception):
    """A file with problems; nothing of it was written."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(problems, key=lambda problem: (problem.file, problem.line))
        super().__init__("\n".join(str(problem) for problem in self.problems))


@dataclass
class Located:
    """Parsed YAML data with the line of every path inside it."""

    data: Any
    lines: dict[Path, int] = field(default_factory=dict)

    def line(self, path: Path) -> int:
        """The line of the deepest part of the path that the file has (1 for the top)."""
        for end in range(len(path), -1, -1):
            if path[:end] in self.lines:
                return self.lines[path[:end]]
        return 1


def read_located(text: str, filename: str) -> Located:
    """Parse one YAML document; raises FileRejected for syntax errors and duplicate keys."""
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else 1
        problem = getattr(exc, "problem", None) or str(exc)
        raise FileRejected([Problem(filename, line, f"not valid YAML: {problem}")]) from None
    located = Located(data=None)
    problems: list[Problem] = []
    if root is not None:
        located.data = _build(root, (), located.lines, problems, filename)
    if problems:
        raise FileRejected(problems)
    return located


def _build(
    node: yaml.Node, path: Path, lines: dict[Path, int], problems: list[Problem], filename: str
) -> Any:
    lines[path] = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            key = str(key_node.value)
            if key in result:
                problems.append(
                    Problem(filename, key_node.start_mark.line + 1, f"duplicate key '{key}'")
                )
                continue
            result[key] = _build(value_node, (*path, key), lines, problems, filename)
            lines[(*path, key)] = key_node.start_mark.line + 1
        return result
    if isinstance(node, yaml.SequenceNode):
        return [
            _build(item, (*path, index), lines, problems, filename)
            for index, item in enumerate(node.value)
        ]
    return yaml.constructor.SafeConstructor().construct_object(node, deep=True)
