"""The remisslista: who was invited to answer, matched to the responses that came in.

A ministry's compilation counts every invited body: those that answered, those that declined ("avstår"),
those that did not answer, and answers from bodies that were not invited ("ej remissinstans"). The list
is a text file (one body a line) or YAML (name, optional type and order):

    # remissinstanser.yaml
    - name: Lindviks kommun
      type: kommun
    - name: Socialstyrelsen
      type: myndighet
      order: 1          # optional: the list's own order; else the order of the file

A response is matched to the invited body whose name it carries ("Socialnämnden, Lindviks kommun" →
Lindviks kommun) with rapidfuzz on normalised names. A response whose best match is shared by another
body is reported as ambiguous and never assigned.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from pathlib import Path

import yaml
from rapidfuzz import fuzz

from .analysis.respondent import respondent_type
from .errors import ConfigError
from .model import Invitee, Matrix, RespondentType, Response, RollAnswer, RollEntry, Stance, Status
from .userfiles import UserFile, line

MATCH = 90  # token-set similarity of two names, 0–100, from which a response is that body's
TIE = 5  # a second body within this many points of the best (by whole-name similarity) makes it ambiguous


class RemisslistaError(ConfigError):
    """A remisslista that cannot be used."""


@dataclass(frozen=True)
class Remisslista:
    source: str
    bodies: tuple[Invitee, ...]


def load_remisslista(path: str | Path) -> Remisslista:
    """Read `--invited FILE`: .yaml/.yml as a list of names or of {name, type, order}; any other file as
    one name a line (blank lines and lines starting with # are skipped). Every problem at once."""
    source = str(path)
    if Path(source).suffix.lower() in (".yaml", ".yml"):
        return _from_yaml(source)
    f, text = UserFile.read_text(
        source, "--invited", RemisslistaError, "utf-8-sig", "save it as UTF-8 text, one body a line"
    )
    bodies: list[Invitee] = []
    for number, raw in enumerate(text.splitlines(), start=1):
        name = " ".join(raw.split())
        if name and not name.startswith("#"):
            bodies.append(Invitee(name, respondent_type(name), len(bodies) + 1, number))
    return _checked(f, bodies)


def _from_yaml(source: str) -> Remisslista:
    f, root = UserFile.read(source, "--invited", RemisslistaError)
    bodies: list[Invitee] = []
    for i, node in enumerate(f.sequence(root, "(top level)")):
        where = f"[{i}]"
        if isinstance(node, yaml.ScalarNode):
            name = f.string(node, where)
            kind: RespondentType | None = respondent_type(name) if name else None
            order = len(bodies) + 1
        else:
            fields = f.mapping(node, where, {"name": True, "type": False, "order": False})
            name = f.string(fields["name"], f"{where}.name") if "name" in fields else ""
            kind = f.choice(fields["type"], f"{where}.type", RespondentType) if "type" in fields else None
            kind = kind or (respondent_type(name) if name else None)
            order = _order(f, fields.get("order"), f"{where}.order", len(bodies) + 1)
        if name and kind is not None:
            bodies.append(Invitee(" ".join(name.split()), kind, order, line(node) or 0))
    return _checked(f, bodies)


def _order(f: UserFile, node: yaml.Node | None, where: str, default: int) -> int:
    if node is None:
        return default
    text = str(node.value) if isinstance(node, yaml.ScalarNode) else ""
    if not (text.isascii() and text.isdigit() and len(text) <= 6 and int(text) >= 1):
        f.problem(node, where, f"{text!r} is not a position in the list (a whole number from 1)")
        return default
    return int(text)


def _checked(f: UserFile, bodies: list[Invitee]) -> Remisslista:
    seen: dict[str, Invitee] = {}
    for b in bodies:
        key = _normal(b.name)
        if key in seen:
            f.problems.append(
                RemisslistaError.located(
                    f.source, b.line, "", f"{b.name!r} is listed twice (first on line {seen[key].line})"
                )
            )
        seen.setdefault(key, b)
    if not bodies:
        f.problems.append(RemisslistaError.located(f.source, None, "", "no bodies listed"))
    f.done()
    return Remisslista(f.source, tuple(sorted(bodies, key=lambda b: b.order)))


# --- matching ---------------------------------------------------------------------------------------

_STOP = {"i", "och", "för", "av", "på", "the", "of"}


def _normal(name: str) -> str:
    words = re.sub(r"[^\w]+", " ", name.casefold()).split()
    return " ".join(w for w in words if w not in _STOP)


def _candidates(
    name: str, kind: RespondentType, bodies: tuple[Invitee, ...]
) -> list[tuple[float, float, Invitee]]:
    """Bodies this respondent may be, best first: (token-set score, whole-name score, body)."""
    mine = _normal(name)
    out = []
    for b in bodies:
        theirs = _normal(b.name)
        if kind is not RespondentType.OTHER and b.type is not RespondentType.OTHER and kind is not b.type:
            continue  # "Region Västland" is not "Västlands kommun", however alike the words
        score = 100.0 if mine == theirs else fuzz.token_set_ratio(mine, theirs)
        if score >= MATCH:
            out.append((score, 100.0 if mine == theirs else fuzz.ratio(mine, theirs), b))
    return sorted(out, key=lambda c: (-c[0], -c[1], c[2].order))


def match_remisslista(matrix: Matrix, lista: Remisslista) -> tuple[Matrix, list[str]]:
    """The matrix with its roll call: each response assigned to an invited body (and shown under the
    list's name and type), a row for each invited body that did not answer, unsolicited answers marked.
    Warnings name the responses that could not be assigned safely."""
    warnings: list[str] = []
    taken: dict[str, str] = {}  # invitee name → file
    responses: list[Response] = []
    entries: list[RollEntry] = []
    for r in matrix.responses:
        found = _candidates(r.respondent, r.respondent_type, lista.bodies)
        if not found:
            entries.append(RollEntry(r.respondent, r.respondent_type, RollAnswer.UNSOLICITED, r.file, 10**6))
            responses.append(r)
            continue
        best = found[0]
        rivals = [c for c in found[1:] if c[0] == best[0] and best[1] - c[1] < TIE]
        if rivals:
            candidates = tuple(c[2].name for c in sorted((best, *rivals), key=lambda c: c[2].order))
            names = " or ".join(repr(n) for n in candidates)
            warnings.append(
                f"{r.file}: {r.respondent!r} could be {names} — not assigned; name the body in a "
                "respondents: entry of an overrides file, or make the list's names tell them apart"
            )
            entries.append(
                RollEntry(r.respondent, r.respondent_type, RollAnswer.AMBIGUOUS, r.file, 10**6, candidates)
            )
            responses.append(r)
            continue
        body = best[2]
        if body.name in taken:
            warnings.append(
                f"{r.file}: {body.name!r} already answered in {taken[body.name]} — both are counted; check "
                "whether one is a copy"
            )
        taken.setdefault(body.name, r.file)
        answer = RollAnswer.DECLINED if _declined(r) else RollAnswer.ANSWERED
        entries.append(RollEntry(body.name, body.type, answer, r.file, body.order))
        responses.append(replace(r, respondent=body.name, respondent_type=body.type))
    for b in lista.bodies:
        if b.name not in taken:
            entries.append(RollEntry(b.name, b.type, RollAnswer.NO_ANSWER, None, b.order))
    entries.sort(key=lambda e: (e.order, e.name.casefold(), e.file or ""))
    return replace(
        matrix, responses=tuple(responses), roll=tuple(entries), roll_source=lista.source
    ), warnings


def _declined(r: Response) -> bool:
    """Answered, but took no position on anything: a blanket "avstår"/"inga synpunkter" and no verdict."""
    if r.status is not Status.OK:
        return False
    verdicts = {Stance.POSITIVE, Stance.NEGATIVE, Stance.CONDITIONAL}
    stances = {c.stance for c in r.cells}
    return not stances & verdicts and Stance.NO_OPINION in stances
