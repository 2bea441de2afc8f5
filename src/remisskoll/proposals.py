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
    top = mapping(root, source, "(top level)", {"remiss": True, "proposals": True})
    remiss = mapping(top["remiss"], source, "remiss", _REMISS_FIELDS, ProposalsError)
    plist = top["proposals"]
    if not isinstance(plist, yaml.SequenceNode) or not plist.value:
        raise ProposalsError(source, line(plist), "proposals", "must be a non-empty list of proposals")
    proposals: list[Proposal] = []
    seen: dict[str, int] = {}
    for i, node in enumerate(plist.value):
        where = f"proposals[{i}]"
        fields = mapping(node, source, where, _PROPOSAL_FIELDS, ProposalsError)
        pid = string(fields["id"], source, f"{where}.id", ProposalsError)
        if not _ID.match(pid):
            raise ProposalsError(
                source, line(fields["id"]), f"{where}.id", f"{pid!r} must be lower-case letters, digits, _"
            )
        if pid in seen:
            raise ProposalsError(
                source,
                line(fields["id"]),
                f"{where}.id",
                f"duplicate id {pid!r} (first on line {seen[pid]})",
            )
        seen[pid] = line(fields["id"]) or 0
        terms = strings(fields["terms"], source, f"{where}.terms", ProposalsError)
        if not terms:
            raise ProposalsError(
                source, line(fields["terms"]), f"{where}.terms", "must list at least one term"
            )
        sections = (
            strings(fields["sections"], source, f"{where}.sections", ProposalsError)
            if "sections" in fields
            else ()
        )
        for s in sections:
            if not _SECTION.match(s):
                raise ProposalsError(
                    source,
                    line(fields["sections"]),
                    f"{where}.sections",
                    f"{s!r} is not like '6.3' or '13.3.4'",
                )
        proposals.append(
            Proposal(
                id=pid,
                title=string(fields["title"], source, f"{where}.title", ProposalsError),
                summary=string(fields["summary"], source, f"{where}.summary", ProposalsError),
                area=string(fields["area"], source, f"{where}.area", ProposalsError),
                terms=terms,
                short=string(fields["short"], source, f"{where}.short", ProposalsError)
                if "short" in fields
                else "",
                sections=sections,
            )
        )
    return Remiss(
        id=string(remiss["id"], source, "remiss.id", ProposalsError),
        title=string(remiss["title"], source, "remiss.title", ProposalsError),
        ministry=string(remiss["ministry"], source, "remiss.ministry", ProposalsError),
        dnr=string(remiss["dnr"], source, "remiss.dnr", ProposalsError) if "dnr" in remiss else "",
        proposals=tuple(proposals),
        source=source,
    )
