"""Review: analysts' corrections from an overrides YAML, applied on top of the tool's cells.

remisskoll never writes this file; `remisskoll explain FILE --proposal ID` prints a stanza to paste.

    overrides:
      - file: norrby-kommun.pdf          # file name or path as given, or instead:
        # respondent: Norrby kommun
        proposal: avtal
        stance: negative
        note: Tjänsteskrivelsen avstyrker på s. 4
        reviewer: Anna Analytiker
        date: 2026-11-20
    respondents:                          # optional: correct a name or a respondent type
      - file: lillasjo-kommun.pdf
        name: Lillasjö kommun
        type: kommun
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from pathlib import Path

import yaml

from .errors import ConfigError
from .model import Basis, Cell, Matrix, RespondentType, Response, Review, Stance
from .userfiles import UserFile, line


class OverridesError(ConfigError):
    """An overrides file that cannot be used."""


@dataclass(frozen=True)
class Override:
    proposal: str
    stance: Stance
    note: str
    reviewer: str
    date: str
    line: int
    file: str = ""
    respondent: str = ""

    def target(self) -> str:
        return self.file or self.respondent


@dataclass(frozen=True)
class RespondentFix:
    line: int
    file: str = ""
    respondent: str = ""
    name: str = ""
    type: RespondentType | None = None


@dataclass(frozen=True)
class Overrides:
    source: str
    cells: tuple[Override, ...]
    respondents: tuple[RespondentFix, ...] = ()


_CELL_FIELDS = {
    "file": False,
    "respondent": False,
    "proposal": True,
    "stance": True,
    "note": False,
    "reviewer": True,
    "date": False,
}
_RESPONDENT_FIELDS = {"file": False, "respondent": False, "name": False, "type": False}


def load_overrides(path: str | Path) -> Overrides:
    """Read and validate an overrides file; every problem names file, line and field."""
    f, root = UserFile.read(str(path), "--overrides", OverridesError)
    top = f.mapping(root, "(top level)", {"overrides": False, "respondents": False})
    cells = []
    for i, node in enumerate(f.sequence(top["overrides"], "overrides") if "overrides" in top else []):
        where = f"overrides[{i}]"
        fields = f.mapping(node, where, _CELL_FIELDS)
        file, respondent = _target(f, fields, where, node)
        stance = f.choice(fields["stance"], f"{where}.stance", Stance) if "stance" in fields else None
        proposal = f.string(fields["proposal"], f"{where}.proposal") if "proposal" in fields else ""
        reviewer = f.string(fields["reviewer"], f"{where}.reviewer") if "reviewer" in fields else ""
        if stance is not None:
            cells.append(
                Override(
                    proposal=proposal,
                    stance=stance,
                    note=_optional(f, fields, "note", where),
                    reviewer=reviewer,
                    date=_optional(f, fields, "date", where),
                    line=line(node) or 0,
                    file=file,
                    respondent=respondent,
                )
            )
    fixes = []
    for i, node in enumerate(f.sequence(top["respondents"], "respondents") if "respondents" in top else []):
        where = f"respondents[{i}]"
        fields = f.mapping(node, where, _RESPONDENT_FIELDS)
        file, respondent = _target(f, fields, where, node)
        kind = f.choice(fields["type"], f"{where}.type", RespondentType) if "type" in fields else None
        name = _optional(f, fields, "name", where)
        fixes.append(RespondentFix(line(node) or 0, file, respondent, name, kind))
    f.done()
    return Overrides(str(path), tuple(cells), tuple(fixes))


def _target(f: UserFile, fields: dict[str, yaml.Node], where: str, node: yaml.Node) -> tuple[str, str]:
    file = f.string(fields["file"], f"{where}.file") if "file" in fields else ""
    respondent = f.string(fields["respondent"], f"{where}.respondent") if "respondent" in fields else ""
    if bool(file) == bool(respondent) and not ({"file", "respondent"} <= set(fields) and not file):
        f.problem(node, where, "give either file or respondent (one of them)")
    return file, respondent


def _optional(f: UserFile, fields: dict[str, yaml.Node], name: str, where: str) -> str:
    node = fields.get(name)
    if node is None:
        return ""
    if isinstance(node, yaml.ScalarNode) and node.tag.endswith(":timestamp"):
        return str(node.value)  # an unquoted 2026-11-20 is a YAML date: keep it as written
    return f.string(node, f"{where}.{name}")


def _matches(response: Response, file: str, respondent: str) -> bool:
    if file:
        given = Path(file)
        actual = Path(response.file)
        return file == response.file or (given.name == file and actual.name == file) or _same(given, actual)
    return response.respondent.casefold() == respondent.casefold()


def _same(a: Path, b: Path) -> bool:
    try:
        return a.resolve() == b.resolve()
    except OSError:  # pragma: no cover - resolve() on odd paths
        return False


def apply_overrides(matrix: Matrix, overrides: Overrides) -> tuple[Matrix, list[str]]:
    """The matrix with reviewed cells replaced and marked; warnings for overrides that match nothing."""
    warnings: list[str] = []
    responses = list(matrix.responses)
    known = set(matrix.remiss.ids)
    for fix in overrides.respondents:
        hits = [i for i, r in enumerate(responses) if _matches(r, fix.file, fix.respondent)]
        if not hits:
            who = fix.file or fix.respondent
            warnings.append(
                f"{overrides.source}:{fix.line}: respondent fix for {who!r} matches no input file"
            )
        for i in hits:
            r = responses[i]
            responses[i] = replace(
                r, respondent=fix.name or r.respondent, respondent_type=fix.type or r.respondent_type
            )
    for o in overrides.cells:
        if o.proposal not in known:
            warnings.append(
                f"{overrides.source}:{o.line}: override for {o.target()!r} names unknown proposal "
                f"{o.proposal!r} — not applied (known: {', '.join(matrix.remiss.ids)})"
            )
            continue
        hits = [i for i, r in enumerate(responses) if _matches(r, o.file, o.respondent)]
        if not hits:
            warnings.append(
                f"{overrides.source}:{o.line}: override for {o.target()!r} / {o.proposal} matches no input "
                "file — renamed or removed?"
            )
        for i in hits:
            responses[i] = _override_cell(responses[i], o)
    return replace(matrix, responses=tuple(responses)), warnings


def _override_cell(r: Response, o: Override) -> Response:
    old = r.cell(o.proposal)
    review = Review(o.reviewer, o.note, o.date or dt.date.today().isoformat(), old.stance if old else None)
    new = Cell(
        proposal=o.proposal,
        stance=o.stance,
        basis=Basis.EXPLICIT,
        confidence=1.0,
        evidence=old.evidence if old else (),
        rule="reviewed by an analyst",
        review=review,
    )
    cells = tuple(new if c.proposal == o.proposal else c for c in r.cells) if old else (*r.cells, new)
    return replace(r, cells=cells)


def stanza(response: Response, cell: Cell, today: str | None = None) -> str:
    """A ready-to-paste overrides entry for one cell (the tool never writes the file itself)."""
    file = Path(response.file).name
    return (
        f"  - file: {file}\n"
        f"    proposal: {cell.proposal}\n"
        f"    stance: {cell.stance.value}   # remisskoll said: {cell.stance.value} "
        f"({cell.basis.value}, {cell.confidence:.2f}); change if wrong\n"
        f'    note: ""\n'
        f'    reviewer: ""\n'
        f"    date: {today or dt.date.today().isoformat()}\n"
    )
