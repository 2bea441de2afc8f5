"""Load and validate a proposals YAML once, with errors that name file, line and field."""

from __future__ import annotations

import re
from importlib import resources
from pathlib import Path

import yaml

from .config import ConfigError, compose, line, mapping, read_text, string, strings
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


class ProposalsError(ConfigError):
    """A proposals file that cannot be used; the message names file, line and field."""


def default_path() -> str:
    """The bundled SOU 2024:72 file, as a display name."""
    return f"remisskoll/proposals/{DEFAULT_NAME}"


def load_proposals(path: str | Path | None = None) -> Remiss:
    """Read a proposals YAML (default: the bundled SOU 2024:72 file) and validate it."""
    if path is None:
        text = resources.files("remisskoll").joinpath("proposals", DEFAULT_NAME).read_text("utf-8")
        return parse_proposals(text, default_path())
    return parse_proposals(read_text(str(path), "--proposals", ProposalsError), str(path))


def parse_proposals(text: str, source: str = "<string>") -> Remiss:
    """Validate YAML text and build a Remiss; raise ProposalsError on the first problem."""
    root = compose(text, source, ProposalsError)
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
    return line(node)


def _mapping(node: yaml.Node, source: str, where: str, allowed: dict[str, bool]) -> dict[str, yaml.Node]:
    return mapping(node, source, where, allowed, ProposalsError)


def _string(node: yaml.Node, source: str, where: str) -> str:
    return string(node, source, where, ProposalsError)


def _strings(node: yaml.Node, source: str, where: str) -> tuple[str, ...]:
    return strings(node, source, where, ProposalsError)
