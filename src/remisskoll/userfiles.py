"""The YAML files users write (proposals, overrides, gold labels), validated with one small object.

A UserFile composes the YAML into nodes, so that every problem names the file, the line and the field,
and collects the problems instead of stopping at the first: `done()` raises them all at once.

    f, root = UserFile.read(path, "--overrides", OverridesError)
    fields = f.mapping(root, "(top level)", {"overrides": False})
    ...
    f.done()
"""

from __future__ import annotations

from enum import StrEnum
from typing import NoReturn, TypeVar

import yaml

from .errors import ConfigError

E = TypeVar("E", bound=StrEnum)


def line(node: yaml.Node | None) -> int | None:
    """The 1-based line a node starts on."""
    return node.start_mark.line + 1 if node is not None and node.start_mark is not None else None


class UserFile:
    """One user YAML file under validation; `error` is the ConfigError subclass to raise."""

    def __init__(self, source: str, error: type[ConfigError] = ConfigError) -> None:
        self.source = source
        self.error = error
        self.problems: list[str] = []

    @classmethod
    def read(cls, path: str, what: str, error: type[ConfigError] = ConfigError) -> tuple[UserFile, yaml.Node]:
        """Read and compose a file; `what` names the option that gave it, for the message."""
        f = cls(path, error)
        try:
            with open(path, encoding="utf-8") as fh:
                text = fh.read()
        except FileNotFoundError:
            f.stop(None, "", f"file not found — check the {what} path")
        except (OSError, UnicodeDecodeError) as exc:
            f.stop(None, "", f"cannot read the file ({exc})")
        return f, f.compose(text)

    @classmethod
    def parse(
        cls, text: str, source: str, error: type[ConfigError] = ConfigError
    ) -> tuple[UserFile, yaml.Node]:
        """Compose YAML text given directly (`source` names it in messages)."""
        f = cls(source, error)
        return f, f.compose(text)

    def compose(self, text: str) -> yaml.Node:
        """YAML text into nodes; a syntax error or an empty file stops at once."""
        try:
            root = yaml.compose(text, Loader=yaml.SafeLoader)
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            at = mark.line + 1 if mark is not None else None
            problem = getattr(exc, "problem", None) or str(exc)
            self.problems.append(self._format(at, "", f"YAML syntax error: {problem}"))
            self.done()
            raise AssertionError("unreachable") from None  # done() raised
        if root is None:
            self.stop(None, "", "the file is empty")
        return root

    # --- problems ------------------------------------------------------------------------------

    def _format(self, at: int | None, field: str, message: str) -> str:
        return str(self.error.located(self.source, at, field, message))

    def problem(self, node: yaml.Node | None, field: str, message: str) -> None:
        """Record a problem and go on."""
        self.problems.append(self._format(line(node), field, message))

    def stop(self, node: yaml.Node | None, field: str, message: str) -> NoReturn:
        """Record a problem after which nothing more can be checked, and raise every problem so far."""
        self.problem(node, field, message)
        self.done()
        raise AssertionError("unreachable")  # done() raised

    def done(self) -> None:
        """Raise every recorded problem at once, one per line."""
        if self.problems:
            raise self.error("\n".join(dict.fromkeys(self.problems)))

    # --- shapes --------------------------------------------------------------------------------

    def mapping(self, node: yaml.Node, where: str, allowed: dict[str, bool]) -> dict[str, yaml.Node]:
        """The fields of a mapping node; unknown, repeated and missing required fields are problems.
        A node that is not a mapping at all gives no fields."""
        if not isinstance(node, yaml.MappingNode):
            self.problem(node, where, "must be a mapping of fields")
            return {}
        out: dict[str, yaml.Node] = {}
        for key, value in node.value:
            name = key.value if isinstance(key, yaml.ScalarNode) else str(key)
            if name not in allowed:
                self.problem(key, f"{where}.{name}", f"unknown field (known: {', '.join(allowed)})")
            elif name in out:
                self.problem(key, f"{where}.{name}", "field given twice")
            else:
                out[name] = value
        for name, required in allowed.items():
            if required and name not in out:
                self.problem(node, f"{where}.{name}", "missing required field")
        return out

    def keyed(self, node: yaml.Node, where: str) -> dict[str, yaml.Node]:
        """A mapping whose keys are the user's (file names, proposal ids); a repeated key is a problem."""
        if not isinstance(node, yaml.MappingNode):
            self.problem(node, where, "must be a mapping")
            return {}
        out: dict[str, yaml.Node] = {}
        for key, value in node.value:
            name = str(key.value) if isinstance(key, yaml.ScalarNode) else str(key)
            if name in out:
                self.problem(key, f"{where}.{name}", "given twice")
            else:
                out[name] = value
        return out

    def sequence(self, node: yaml.Node, where: str) -> list[yaml.Node]:
        if not isinstance(node, yaml.SequenceNode):
            self.problem(node, where, "must be a list")
            return []
        return list(node.value)

    def string(self, node: yaml.Node, where: str) -> str:
        """Non-empty text; a problem gives ""."""
        if not isinstance(node, yaml.ScalarNode) or node.tag.endswith(":null"):
            self.problem(node, where, "must be text")
            return ""
        value = str(node.value).strip()
        if not value:
            self.problem(node, where, "must not be empty")
        return value

    def strings(self, node: yaml.Node, where: str) -> tuple[str, ...]:
        if not isinstance(node, yaml.SequenceNode):
            self.problem(node, where, "must be a list of text")
            return ()
        return tuple(self.string(item, f"{where}[{i}]") for i, item in enumerate(node.value))

    def choice(self, node: yaml.Node, where: str, kind: type[E]) -> E | None:
        """A text field that must be one of an enum's values; the problem lists them."""
        text = self.string(node, where)
        if not text:
            return None
        try:
            return kind(text)
        except ValueError:
            codes = ", ".join(k.value for k in kind)
            self.problem(node, where, f"{text!r} is not one of {codes}")
            return None
