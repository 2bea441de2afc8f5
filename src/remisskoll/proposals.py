"""Load and validate a proposals YAML once, with errors that name file, line and field."""

from __future__ import annotations

import re
from importlib import resources
from pathlib import Path

import yaml

from .model import Proposal, Remiss

DEFAULT_NAME = "sou-2024-72.yaml"

_ID = re.compile(r"^[a-z][a-z0-9_]*$")
_SECTION = re.compile(r"^\d+(\.\d+)*$")

_REMISS_FIELDS = {"id": True, "title": True, "ministry": True, "dnr": False}
_PROPOSAL_FIELDS = {
    "id": True,
    "title": True,
    "summary": True,
    "area": True,
    "terms": True,
    "short": False,
    "sections": False,
}


class ProposalsError(Exception):
    """A proposals file that cannot be used; the message names file, line and field."""

    def __init__(self, source: str, line: int | None, field: str, message: str) -> None:
        where = f"{source}:{line}" if line else source
        super().__init__(f"{where}: {field}: {message}" if field else f"{where}: {message}")


def default_path() -> str:
    """The bundled SOU 2024:72 file, as a display name."""
    return f"remisskoll/proposals/{DEFAULT_NAME}"


def load_proposals(path: str | Path | None = None) -> Remiss:
    """Read a proposals YAML (default: the bundled SOU 2024:72 file) and validate it."""
    if path is None:
        text = resources.files("remisskoll").joinpath("proposals", DEFAULT_NAME).read_text("utf-8")
        return parse_proposals(text, default_path())
    p = Path(path)
    try:
        text = p.read_text("utf-8")
    except FileNotFoundError:
        raise ProposalsError(str(p), None, "", "file not found — check the --proposals path") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ProposalsError(str(p), None, "", f"cannot read the file ({exc})") from None
    return parse_proposals(text, str(p))


def parse_proposals(text: str, source: str = "<string>") -> Remiss:
    """Validate YAML text and build a Remiss; raise ProposalsError on the first problem."""
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else None
        problem = getattr(exc, "problem", None) or str(exc)
        raise ProposalsError(source, line, "", f"YAML syntax error: {problem}") from None
    if root is None:
        raise ProposalsError(source, None, "", "the file is empty")
    top = _mapping(root, source, "(top level)", {"remiss": True, "proposals": True})
    remiss = _mapping(top["remiss"], source, "remiss", _REMISS_FIELDS)
    plist = top["proposals"]
    if not isinstance(plist, yaml.SequenceNode) or not plist.value:
        raise ProposalsError(source, _line(plist), "proposals", "must be a non-empty list of proposals")
    proposals: list[Proposal] = []
    seen: dict[str, int] = {}
    for i, node in enumerate(plist.value):
        where = f"proposals[{i}]"
        fields = _mapping(node, source, where, _PROPOSAL_FIELDS)
        pid = _string(fields["id"], source, f"{where}.id")
        if not _ID.match(pid):
            raise ProposalsError(
                source, _line(fields["id"]), f"{where}.id", f"{pid!r} must be lower-case letters, digits, _"
            )
        if pid in seen:
            raise ProposalsError(
                source,
                _line(fields["id"]),
                f"{where}.id",
                f"duplicate id {pid!r} (first on line {seen[pid]})",
            )
        seen[pid] = _line(fields["id"]) or 0
        terms = _strings(fields["terms"], source, f"{where}.terms")
        if not terms:
            raise ProposalsError(
                source, _line(fields["terms"]), f"{where}.terms", "must list at least one term"
            )
        sections = _strings(fields["sections"], source, f"{where}.sections") if "sections" in fields else ()
        for s in sections:
            if not _SECTION.match(s):
                raise ProposalsError(
                    source,
                    _line(fields["sections"]),
                    f"{where}.sections",
                    f"{s!r} is not like '6.3' or '13.3.4'",
                )
        proposals.append(
            Proposal(
                id=pid,
                title=_string(fields["title"], source, f"{where}.title"),
                summary=_string(fields["summary"], source, f"{where}.summary"),
                area=_string(fields["area"], source, f"{where}.area"),
                terms=terms,
                short=_string(fields["short"], source, f"{where}.short") if "short" in fields else "",
                sections=sections,
            )
        )
    return Remiss(
        id=_string(remiss["id"], source, "remiss.id"),
        title=_string(remiss["title"], source, "remiss.title"),
        ministry=_string(remiss["ministry"], source, "remiss.ministry"),
        dnr=_string(remiss["dnr"], source, "remiss.dnr") if "dnr" in remiss else "",
        proposals=tuple(proposals),
        source=source,
    )


def _line(node: yaml.Node) -> int | None:
    return node.start_mark.line + 1 if node.start_mark is not None else None


def _mapping(node: yaml.Node, source: str, where: str, allowed: dict[str, bool]) -> dict[str, yaml.Node]:
    if not isinstance(node, yaml.MappingNode):
        raise ProposalsError(source, _line(node), where, "must be a mapping of fields")
    out: dict[str, yaml.Node] = {}
    for key, value in node.value:
        name = key.value if isinstance(key, yaml.ScalarNode) else str(key)
        if name not in allowed:
            known = ", ".join(allowed)
            raise ProposalsError(source, _line(key), f"{where}.{name}", f"unknown field (known: {known})")
        if name in out:
            raise ProposalsError(source, _line(key), f"{where}.{name}", "field given twice")
        out[name] = value
    for name, required in allowed.items():
        if required and name not in out:
            raise ProposalsError(source, _line(node), f"{where}.{name}", "missing required field")
    return out


def _string(node: yaml.Node, source: str, where: str) -> str:
    if not isinstance(node, yaml.ScalarNode) or node.tag.endswith(":null"):
        raise ProposalsError(source, _line(node), where, "must be text")
    value = str(node.value).strip()
    if not value:
        raise ProposalsError(source, _line(node), where, "must not be empty")
    return value


def _strings(node: yaml.Node, source: str, where: str) -> tuple[str, ...]:
    if not isinstance(node, yaml.SequenceNode):
        raise ProposalsError(source, _line(node), where, "must be a list of text")
    return tuple(_string(item, source, f"{where}[{i}]") for i, item in enumerate(node.value))
