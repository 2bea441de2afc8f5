"""Validation helpers for the YAML files users write (proposals, overrides, gold labels).

Each file is composed into nodes so that every error can name the file, the line and the field.
"""

from __future__ import annotations

from enum import StrEnum
from typing import TypeVar

import yaml


class ConfigError(Exception):
    """A user's YAML file that cannot be used; the message names file, line and field."""

    def __init__(self, source: str, line: int | None, field: str, message: str) -> None:
        where = f"{source}:{line}" if line else source
        super().__init__(f"{where}: {field}: {message}" if field else f"{where}: {message}")


def compose(text: str, source: str, error: type[ConfigError] = ConfigError) -> yaml.Node:
    """Parse YAML text into nodes; syntax errors and empty files become `error`."""
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else None
        problem = getattr(exc, "problem", None) or str(exc)
        raise error(source, line, "", f"YAML syntax error: {problem}") from None
    if root is None:
        raise error(source, None, "", "the file is empty")
    return root


def read_text(path: str, what: str, error: type[ConfigError] = ConfigError) -> str:
    try:
        with open(path, encoding="utf-8") as fh:
            return fh.read()
    except FileNotFoundError:
        raise error(path, None, "", f"file not found — check the {what} path") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise error(path, None, "", f"cannot read the file ({exc})") from None


def line(node: yaml.Node) -> int | None:
    return node.start_mark.line + 1 if node.start_mark is not None else None


def mapping(
    node: yaml.Node, source: str, where: str, allowed: dict[str, bool], error: type[ConfigError] = ConfigError
) -> dict[str, yaml.Node]:
    """The fields of a mapping node; unknown, repeated and missing required fields are errors."""
    if not isinstance(node, yaml.MappingNode):
        raise error(source, line(node), where, "must be a mapping of fields")
    out: dict[str, yaml.Node] = {}
    for key, value in node.value:
        name = key.value if isinstance(key, yaml.ScalarNode) else str(key)
        if name not in allowed:
            known = ", ".join(allowed)
            raise error(source, line(key), f"{where}.{name}", f"unknown field (known: {known})")
        if name in out:
            raise error(source, line(key), f"{where}.{name}", "field given twice")
        out[name] = value
    for name, required in allowed.items():
        if required and name not in out:
            raise error(source, line(node), f"{where}.{name}", "missing required field")
    return out


def string(node: yaml.Node, source: str, where: str, error: type[ConfigError] = ConfigError) -> str:
    if not isinstance(node, yaml.ScalarNode) or node.tag.endswith(":null"):
        raise error(source, line(node), where, "must be text")
    value = str(node.value).strip()
    if not value:
        raise error(source, line(node), where, "must not be empty")
    return value


def strings(
    node: yaml.Node, source: str, where: str, error: type[ConfigError] = ConfigError
) -> tuple[str, ...]:
    if not isinstance(node, yaml.SequenceNode):
        raise error(source, line(node), where, "must be a list of text")
    return tuple(string(item, source, f"{where}[{i}]", error) for i, item in enumerate(node.value))


def sequence(
    node: yaml.Node, source: str, where: str, error: type[ConfigError] = ConfigError
) -> list[yaml.Node]:
    if not isinstance(node, yaml.SequenceNode):
        raise error(source, line(node), where, "must be a list")
    return list(node.value)


def keyed(
    node: yaml.Node, source: str, where: str, error: type[ConfigError] = ConfigError
) -> dict[str, yaml.Node]:
    """A mapping whose keys are the user's (file names, proposal ids); a repeated key is an error."""
    if not isinstance(node, yaml.MappingNode):
        raise error(source, line(node), where, "must be a mapping")
    out: dict[str, yaml.Node] = {}
    for key, value in node.value:
        name = str(key.value) if isinstance(key, yaml.ScalarNode) else str(key)
        if name in out:
            raise error(source, line(key), f"{where}.{name}", "given twice")
        out[name] = value
    return out


E = TypeVar("E", bound=StrEnum)


def choice(
    node: yaml.Node, source: str, where: str, kind: type[E], error: type[ConfigError] = ConfigError
) -> E:
    """A text field that must be one of an enum's values; the error lists them."""
    text = string(node, source, where, error)
    try:
        return kind(text)
    except ValueError:
        codes = ", ".join(k.value for k in kind)
        raise error(source, line(node), where, f"{text!r} is not one of {codes}") from None
