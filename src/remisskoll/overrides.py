"""Review: analysts' corrections from an overrides YAML, applied on top of the tool's cells.

remisskoll never writes this file; `remisskoll explain FILE --proposal ID` prints a stanza to paste.

    overrides:
      - file: norrby-kommun.pdf          # file name or path as given, or instead:
        # respondent: Norrby kommun
        proposal: avtal
        stance: negative                   # or in Swedish: avstyrker
        note: Tjänsteskrivelsen avstyrker på s. 4
        reviewer: Anna Analytiker
        date: 2026-11-20                   # required, ISO (YYYY-MM-DD)
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
from .model import Basis, Cell, Matrix, Remiss, RespondentType, Response, Review, Stance
from .userfiles import UserFile, line
from .words import STANCE_WORDS, Lang


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
    "date": True,  # when the analyst decided: an audit trail is not filled in with today's date
}
# The stance as an analyst writes it: the code, or the Swedish word the matrix and workbook show.
_STANCES = {s.value: s for s in Stance} | {w.casefold(): s for s, w in STANCE_WORDS[Lang.SV].items()}
_RESPONDENT_FIELDS = {"file": False, "respondent": False, "name": False, "type": False}


def load_overrides(path: str | Path, remiss: Remiss | None = None) -> Overrides:
    """Read and validate an overrides file; every problem names file, line and field, all at once.

    With `remiss`, a proposal id it does not have is a problem too. Two entries for the same cell (the
    same file or respondent and proposal) are a problem: which one holds would be an accident of order.
    """
    f, root = UserFile.read(str(path), "--overrides", OverridesError)
    top = f.mapping(root, "(top level)", {"overrides": False, "respondents": False})
    cells = []
    seen: dict[tuple[str, str], int] = {}
    for i, node in enumerate(f.sequence(top["overrides"], "overrides") if "overrides" in top else []):
        where = f"overrides[{i}]"
        fields = f.mapping(node, where, _CELL_FIELDS)
        file, respondent = _target(f, fields, where, node)
        stance = _stance(f, fields["stance"], f"{where}.stance") if "stance" in fields else None
        proposal = f.string(fields["proposal"], f"{where}.proposal") if "proposal" in fields else ""
        if proposal and remiss is not None and proposal not in remiss.ids:
            f.problem(
                fields["proposal"],
                f"{where}.proposal",
                f"unknown proposal {proposal!r} (known: {', '.join(remiss.ids)})",
            )
        reviewer = f.string(fields["reviewer"], f"{where}.reviewer") if "reviewer" in fields else ""
        date = _date(f, fields["date"], f"{where}.date") if "date" in fields else ""
        at = line(node) or 0
        key = ((file or respondent).casefold(), proposal)
        if proposal and (file or respondent):
            if key in seen:
                f.problem(
                    node,
                    where,
                    f"a second override for {file or respondent!r} / {proposal} (the first is on line "
                    f"{seen[key]}) — keep one",
                )
            seen.setdefault(key, at)
        if stance is not None:
            cells.append(
                Override(
                    proposal=proposal,
                    stance=stance,
                    note=_optional(f, fields, "note", where),
                    reviewer=reviewer,
                    date=date,
                    line=at,
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


def _stance(f: UserFile, node: yaml.Node, where: str) -> Stance | None:
    text = f.string(node, where)
    if not text:
        return None
    stance = _STANCES.get(" ".join(text.split()).casefold())
    if stance is None:
        words = ", ".join(w.lower() for w in STANCE_WORDS[Lang.SV].values())
        codes = ", ".join(s.value for s in Stance)
        f.problem(node, where, f"{text!r} is not one of {codes} (or in Swedish: {words})")
    return stance


def is_iso_date(text: str) -> bool:
    """A real date written YYYY-MM-DD: the form a reader recognises (Python also reads "20261120")."""
    try:
        return len(text) == 10 and dt.date.fromisoformat(text).isoformat() == text
    except ValueError:
        return False


def _date(f: UserFile, node: yaml.Node, where: str) -> str:
    # An unquoted 2026-11-20 is a YAML timestamp node; its text is what the analyst wrote.
    text = str(node.value).strip() if isinstance(node, yaml.ScalarNode) else ""
    if not is_iso_date(text):
        f.problem(node, where, f"{text!r} is not a date — write it as YYYY-MM-DD, e.g. 2026-11-20")
        return ""
    return text


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
    if isinstance(node, yaml.ScalarNode) and node.style in ('"', "'") and not node.value.strip():
        return ""  # note: "" as explain's stanza prints it — an optional field left empty
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
    """The matrix with reviewed cells replaced and marked; warnings for overrides that match nothing.

    Raises OverridesError (every problem at once) for an override that names an unknown proposal, a
    bare file name that matches files in two folders, or a cell that two overrides would change.
    """
    warnings: list[str] = []
    problems: list[str] = []
    responses = list(matrix.responses)
    known = set(matrix.remiss.ids)

    def problem(at: int, message: str) -> None:
        problems.append(OverridesError.located(overrides.source, at, "", message))

    def hits_for(file: str, respondent: str, at: int) -> list[int]:
        hits = [i for i, r in enumerate(responses) if _matches(r, file, respondent)]
        folders = sorted({str(Path(responses[i].file).parent) for i in hits})
        if file and len(folders) > 1:
            problem(
                at,
                f"file {file!r} matches files in {len(folders)} folders ({', '.join(folders)}) — give "
                "the path as in the matrix (e.g. " + str(Path(responses[hits[0]].file)) + ")",
            )
            return []
        return hits

    for fix in overrides.respondents:
        hits = hits_for(fix.file, fix.respondent, fix.line)
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
    original = list(responses)  # after name fixes, before any cell is overridden
    changed: dict[tuple[int, str], Override] = {}
    for o in overrides.cells:
        if o.proposal not in known:
            problem(
                o.line,
                f"override for {o.target()!r} names unknown proposal {o.proposal!r} (known: "
                f"{', '.join(matrix.remiss.ids)})",
            )
            continue
        hits = hits_for(o.file, o.respondent, o.line)
        if not hits and not any(p.startswith(f"{overrides.source}:{o.line}:") for p in problems):
            warnings.append(
                f"{overrides.source}:{o.line}: override for {o.target()!r} / {o.proposal} matches no input "
                "file — renamed or removed?"
            )
        for i in hits:
            first = changed.get((i, o.proposal))
            if first is not None:
                problem(
                    o.line,
                    f"override for {o.target()!r} / {o.proposal} changes the same cell of "
                    f"{responses[i].file} as line {first.line} ({first.target()!r}) — keep one",
                )
                continue
            changed[(i, o.proposal)] = o
            responses[i] = _override_cell(responses[i], original[i], o)
    if problems:
        raise OverridesError("\n".join(dict.fromkeys(problems)))
    return replace(matrix, responses=tuple(responses)), warnings


def _override_cell(r: Response, tool: Response, o: Override) -> Response:
    """`r` with the cell replaced; the review records what remisskoll itself said (`tool`'s cell)."""
    old = r.cell(o.proposal)
    said = tool.cell(o.proposal)
    review = Review(o.reviewer, o.note, o.date, said.stance if said else None)
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
    # As YAML writes the name: quoted when it has "#", ": " or a leading "[" that would change its meaning.
    file = yaml.safe_dump(Path(response.file).name, allow_unicode=True, width=10**6)
    file = file.removesuffix("\n...\n").strip()
    return (
        f"  - file: {file}\n"
        f"    proposal: {cell.proposal}\n"
        f"    stance: {cell.stance.value}   # remisskoll said: {cell.stance.value} "
        f"({cell.basis.value}, {cell.confidence:.2f}); change if wrong\n"
        f'    note: ""\n'
        f'    reviewer: ""\n'
        f"    date: {today or dt.date.today().isoformat()}\n"
    )
