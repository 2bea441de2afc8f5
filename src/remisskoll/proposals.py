"""Load and validate a proposals YAML once, with errors that name file, line and field."""

from __future__ import annotations

import re
from importlib import resources
from pathlib import Path

import yaml

from .errors import ConfigError
from .model import Proposal, Remiss
from .userfiles import UserFile

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
    "concepts": False,
}


class ProposalsError(ConfigError):
    """A proposals file that cannot be used; the message names file, line and field."""


def default_path() -> str:
    """The bundled SOU 2024:72 file, as a display name."""
    return f"remisskoll/data/{DEFAULT_NAME}"


def load_proposals(path: str | Path | None = None) -> Remiss:
    """Read a proposals YAML (default: the bundled SOU 2024:72 file) and validate it."""
    if path is None:
        text = resources.files("remisskoll").joinpath("data", DEFAULT_NAME).read_text("utf-8")
        return parse_proposals(text, default_path())
    f, root = UserFile.read(str(path), "--proposals", ProposalsError)
    return _build(f, root)


def parse_proposals(text: str, source: str = "<string>") -> Remiss:
    """Validate YAML text and build a Remiss; raise ProposalsError listing every problem."""
    return _build(*UserFile.parse(text, source, ProposalsError))


def _build(f: UserFile, root: yaml.Node) -> Remiss:
    top = f.mapping(root, "(top level)", {"remiss": True, "proposals": True})
    remiss = f.mapping(top["remiss"], "remiss", _REMISS_FIELDS) if "remiss" in top else {}
    plist = top.get("proposals")
    if plist is not None and (not isinstance(plist, yaml.SequenceNode) or not plist.value):
        f.problem(plist, "proposals", "must be a non-empty list of proposals")
    proposals: list[Proposal] = []
    seen: dict[str, int] = {}
    nodes = plist.value if isinstance(plist, yaml.SequenceNode) else []
    for i, node in enumerate(nodes):
        where = f"proposals[{i}]"
        fields = f.mapping(node, where, _PROPOSAL_FIELDS)

        def text(name: str, fields: dict[str, yaml.Node] = fields, where: str = where) -> str:
            return f.string(fields[name], f"{where}.{name}") if name in fields else ""

        pid = text("id")
        if pid and not _ID.match(pid):
            f.problem(fields["id"], f"{where}.id", f"{pid!r} must be lower-case letters, digits, _")
        elif pid in seen:
            f.problem(fields["id"], f"{where}.id", f"duplicate id {pid!r} (first on line {seen[pid]})")
        elif pid:
            seen[pid] = (fields["id"].start_mark.line + 1) if fields["id"].start_mark else 0
        terms = f.strings(fields["terms"], f"{where}.terms") if "terms" in fields else ()
        if "terms" in fields and isinstance(fields["terms"], yaml.SequenceNode) and not terms:
            f.problem(fields["terms"], f"{where}.terms", "must list at least one term")
        sections = f.strings(fields["sections"], f"{where}.sections") if "sections" in fields else ()
        for s in sections:
            if s and not _SECTION.match(s):
                f.problem(fields["sections"], f"{where}.sections", f"{s!r} is not like '6.3' or '13.3.4'")
        concepts: list[tuple[str, tuple[str, ...]]] = []
        if "concepts" in fields:
            for name, alternatives in f.keyed(fields["concepts"], f"{where}.concepts").items():
                words = f.strings(alternatives, f"{where}.concepts.{name}")
                if isinstance(alternatives, yaml.SequenceNode) and not words:
                    f.problem(alternatives, f"{where}.concepts.{name}", "must list at least one alternative")
                concepts.append((name, words))
        proposals.append(
            Proposal(
                id=pid,
                title=text("title"),
                summary=text("summary"),
                area=text("area"),
                terms=terms,
                short=text("short"),
                sections=sections,
                concepts=tuple(concepts),
            )
        )

    def field(name: str) -> str:
        return f.string(remiss[name], f"remiss.{name}") if name in remiss else ""

    built = Remiss(
        id=field("id"),
        title=field("title"),
        ministry=field("ministry"),
        dnr=field("dnr"),
        proposals=tuple(proposals),
        source=f.source,
    )
    f.done()
    return built
