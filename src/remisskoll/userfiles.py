"""The YAML files users write (proposals, overrides, gold labels), validated with one small object.

A UserFile composes the YAML into nodes, so that every problem names the file, the line and the field,
and collects the problems instead of stopping at the first: `done()` raises them all at once.

    f, root = UserFile.read(path, "--overrides", OverridesError)
    fields = f.mapping(root, "(top level)", {"overrides": False})
    ...
    f.done()
"""

from __future__ import annotations

import os
import stat
from enum import StrEnum
from typing import NoReturn, TypeVar

import yaml

from .errors import ConfigError

E = TypeVar("E", bound=StrEnum)

# Limits on what a user's file may hold. The largest real files are gold labels: 2 MB for 400 responses
# of 40 proposals, which PyYAML composes in about 5 s. Values are counted through aliases, so that an
# alias bomb (a few lines that expand to billions of values) stops at the limit.
MAX_BYTES = 4_000_000
MAX_VALUES = 1_000_000
MAX_DEPTH = 100


class Unusable(Exception):
    """A path that is not a regular file of a sensible size; the message says so and what to do."""


def read_regular(path: str, limit: int) -> bytes:
    """The bytes of the regular file at `path`, at most `limit` of them.

    A device, a FIFO or a directory is refused before it is read (a FIFO would block until a writer
    comes, /dev/zero never ends), and so is a file larger than `limit`. Raises FileNotFoundError,
    Unusable, or OSError when the file cannot be opened.
    """
    info = os.stat(path)
    if not stat.S_ISREG(info.st_mode):
        raise Unusable("not a regular file (a directory, a device or a pipe) — give the path of a file")
    if info.st_size > limit:
        raise Unusable(_too_large(info.st_size, limit))
    # O_NONBLOCK: if a FIFO took the file's place since the stat, opening it must not wait for a writer.
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    with os.fdopen(fd, "rb") as fh:
        if not stat.S_ISREG(os.fstat(fh.fileno()).st_mode):
            raise Unusable("not a regular file (a directory, a device or a pipe) — give the path of a file")
        data = fh.read(limit + 1)
    if len(data) > limit:  # it grew since the stat
        raise Unusable(_too_large(len(data), limit))
    return data


def _too_large(size: int, limit: int) -> str:
    return f"too large ({size / 1e6:.1f} MB, at most {limit / 1e6:.0f} MB) — is this the right file?"


def line(node: yaml.Node | None) -> int | None:
    """The 1-based line a node starts on."""
    return node.start_mark.line + 1 if node is not None and node.start_mark is not None else None


_NOT_A_KEY = "a key must be text, not a list or a mapping"


class UserFile:
    """One user YAML file under validation; `error` is the ConfigError subclass to raise."""

    def __init__(self, source: str, error: type[ConfigError] = ConfigError) -> None:
        self.source = source
        self.error = error
        self.problems: list[str] = []

    @classmethod
    def read(cls, path: str, what: str, error: type[ConfigError] = ConfigError) -> tuple[UserFile, yaml.Node]:
        """Read and compose a file; `what` names the option that gave it, for the message."""
        f, text = cls.read_text(path, what, error)
        return f, f.compose(text)

    @classmethod
    def read_text(
        cls,
        path: str,
        what: str,
        error: type[ConfigError] = ConfigError,
        encoding: str = "utf-8",
        advice: str = "",
    ) -> tuple[UserFile, str]:
        """The text of a user's file (a regular file, size-capped), every failure one problem raised at
        once; `advice` follows the reason when it cannot be decoded or read."""
        f = cls(path, error)
        try:
            return f, read_regular(path, MAX_BYTES).decode(encoding)
        except FileNotFoundError:
            f.stop(None, "", f"file not found — check the {what} path")
        except Unusable as exc:
            f.stop(None, "", str(exc))
        except (OSError, UnicodeDecodeError) as exc:
            f.stop(None, "", f"cannot read the file ({exc})" + (f" — {advice}" if advice else ""))

    @classmethod
    def parse(
        cls, text: str, source: str, error: type[ConfigError] = ConfigError
    ) -> tuple[UserFile, yaml.Node]:
        """Compose YAML text given directly (`source` names it in messages)."""
        f = cls(source, error)
        return f, f.compose(text)

    def compose(self, text: str) -> yaml.Node:
        """YAML text into nodes; a syntax error, an empty file or one beyond the limits stops at once."""
        if len(text) > MAX_BYTES:
            self.stop(None, "", _too_large(len(text), MAX_BYTES))
        try:
            root = yaml.compose(text, Loader=yaml.SafeLoader)
        except RecursionError:  # PyYAML composes nested collections recursively
            self.stop(None, "", "nested too deeply to read — is this the right file?")
        except MemoryError:
            self.stop(None, "", "too large to read — is this the right file?")
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            at = mark.line + 1 if mark is not None else None
            problem = getattr(exc, "problem", None) or str(exc)
            self.problems.append(self._format(at, "", f"YAML syntax error: {problem}"))
            self.done()
            raise AssertionError("unreachable") from None  # done() raised
        if root is None:
            self.stop(None, "", "the file is empty")
        self._bounded(root)
        return root

    def _bounded(self, root: yaml.Node) -> None:
        """Stop at a file that holds too many values (counted through aliases) or nests too deeply,
        before anything walks it: the checks below visit every value an alias stands for."""
        stack: list[tuple[yaml.Node, int]] = [(root, 1)]
        values = 0
        while stack:
            node, depth = stack.pop()
            values += 1
            if values > MAX_VALUES:
                self.stop(None, "", f"more than {MAX_VALUES:,} values (aliases counted as what they repeat)")
            if depth > MAX_DEPTH:
                self.stop(node, "", f"nested more than {MAX_DEPTH} levels deep — is this the right file?")
            if isinstance(node, yaml.SequenceNode):
                stack.extend((item, depth + 1) for item in node.value)
            elif isinstance(node, yaml.MappingNode):
                for key, value in node.value:
                    stack += [(key, depth + 1), (value, depth + 1)]

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
            if not isinstance(key, yaml.ScalarNode):
                self.problem(key, where, _NOT_A_KEY)  # never format the node: it may stand for millions
                continue
            name = str(key.value)
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
            if not isinstance(key, yaml.ScalarNode):
                self.problem(key, where, _NOT_A_KEY)
                continue
            name = str(key.value)
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
