"""Summary: a compilation like the ministry's remissammanställning, per proposal and respondent type.

Near-duplicate responses (the same paragraphs, e.g. copied from SKR's answer) count once.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .model import Basis, Dissent, Matrix, Proposal, RespondentType, Response, Stance, Status

UNREADABLE = "unreadable"
# The compilation's own words, as a ministry writes them.
HEADINGS = {
    Stance.POSITIVE.value: "Tillstyrker",
    Stance.CONDITIONAL.value: "Tillstyrker med förbehåll",
    Stance.NEGATIVE.value: "Avstyrker",
    Stance.NO_OPINION.value: "Har inga synpunkter",
    Stance.NOT_ADDRESSED.value: "Yttrar sig inte",
    UNREADABLE: "Kunde inte läsas",
}
KEYS = tuple(HEADINGS)
TYPE_NAMES = {
    RespondentType.KOMMUN: "kommuner",
    RespondentType.REGION: "regioner",
    RespondentType.MYNDIGHET: "myndigheter",
    RespondentType.ORGANISATION: "organisationer",
    RespondentType.FORETAG: "företag",
    RespondentType.ENSKILD: "enskilda",
    RespondentType.OTHER: "övriga",
}


@dataclass(frozen=True)
class Named:
    respondent: str
    type: RespondentType
    general: bool  # the stance was inherited from a blanket statement
    reviewed: bool


@dataclass(frozen=True)
class ProposalSummary:
    proposal: Proposal
    counts: dict[str, int]  # key → count, near-duplicate groups once
    by_type: dict[RespondentType, dict[str, int]]
    names: dict[str, tuple[Named, ...]]
    dissents: tuple[tuple[str, Dissent], ...]  # (respondent, dissent)


@dataclass(frozen=True)
class Summary:
    title: str
    responses: int
    unreadable: int
    duplicate_groups: tuple[tuple[str, ...], ...]
    proposals: tuple[ProposalSummary, ...]


def _key(r: Response, pid: str) -> str | None:
    if r.status is not Status.OK:
        cell = r.cell(pid)  # an analyst may have read an unreadable file and overridden its cells
        return cell.stance.value if cell is not None else UNREADABLE
    cell = r.cell(pid)
    return cell.stance.value if cell is not None else None


def summarise(matrix: Matrix) -> Summary:
    """Counts and names per proposal, split by respondent type; near-duplicates counted once."""
    group_of: dict[str, str] = {}
    for group in matrix.duplicate_groups:
        for f in group:
            group_of[f] = group[0]
    out = []
    for p in matrix.remiss.proposals:
        seen: dict[str, set[str]] = {k: set() for k in KEYS}
        by_type: dict[RespondentType, dict[str, set[str]]] = {
            t: {k: set() for k in KEYS} for t in RespondentType
        }
        names: dict[str, list[Named]] = {k: [] for k in KEYS}
        dissents: list[tuple[str, Dissent]] = []
        for r in matrix.responses:
            key = _key(r, p.id)
            if key is None:
                continue
            unit = group_of.get(r.file, r.file)
            seen[key].add(unit)
            by_type[r.respondent_type][key].add(unit)
            cell = r.cell(p.id)
            names[key].append(
                Named(
                    r.respondent,
                    r.respondent_type,
                    general=cell is not None and cell.basis is Basis.GENERAL,
                    reviewed=cell is not None and cell.review is not None,
                )
            )
            dissents.extend((r.respondent, d) for d in r.dissents if p.id in d.proposals)
        out.append(
            ProposalSummary(
                proposal=p,
                counts={k: len(v) for k, v in seen.items()},
                by_type={t: {k: len(v) for k, v in d.items()} for t, d in by_type.items()},
                names={k: tuple(v) for k, v in names.items()},
                dissents=tuple(dissents),
            )
        )
    return Summary(
        title=matrix.remiss.title,
        responses=len(matrix.responses),
        unreadable=len(matrix.failed),
        duplicate_groups=matrix.duplicate_groups,
        proposals=tuple(out),
    )


def _names(items: tuple[Named, ...]) -> str:
    parts = []
    for t in RespondentType:
        group = [n for n in items if n.type is t]
        if not group:
            continue
        listed = ", ".join(
            n.respondent + (" (allmänt)" if n.general else "") + (" (granskad)" if n.reviewed else "")
            for n in group
        )
        parts.append(f"{listed} ({TYPE_NAMES[t]})")
    return "; ".join(parts)


def to_markdown(s: Summary, matrix: Matrix) -> str:
    """The compilation as Markdown (also what the terminal renders)."""
    lines = [f"# Sammanställning av remissvar: {s.title}", ""]
    read = s.responses - s.unreadable
    lines.append(f"{s.responses} svar, varav {read} kunde läsas och {s.unreadable} inte kunde läsas.")
    if s.duplicate_groups:
        groups = "; ".join(" = ".join(Path(f).name for f in g) for g in s.duplicate_groups)
        lines.append(f"Svar med i stort sett samma text räknas en gång: {groups}.")
    lines.append("")
    lines.append(
        "(allmänt) = ställningstagandet följer av ett allmänt uttalande om betänkandet; "
        "(granskad) = rättat av en granskare."
    )
    types = [t for t in RespondentType if any(r.respondent_type is t for r in matrix.responses)]
    for ps in s.proposals:
        lines += ["", f"## {ps.proposal.title} (`{ps.proposal.id}`)", ""]
        header = "| | " + " | ".join(HEADINGS[k] for k in KEYS) + " |"
        lines += [header, "|---|" + "---:|" * len(KEYS)]
        for t in types:
            row = ps.by_type[t]
            lines.append(f"| {TYPE_NAMES[t]} | " + " | ".join(str(row[k]) for k in KEYS) + " |")
        lines.append("| **totalt** | " + " | ".join(f"**{ps.counts[k]}**" for k in KEYS) + " |")
        lines.append("")
        for k in KEYS:
            if ps.names[k] and k != Stance.NOT_ADDRESSED.value:
                lines.append(f"- **{HEADINGS[k]}:** {_names(ps.names[k])}")
        dissents = []
        for who, d in ps.dissents:
            by = d.who or "en ledamot"
            said = HEADINGS[d.stance.value].lower() if d.stance else "reservation"
            dissents.append(f"- **Reservation/anteckning:** {who} – {by}: {said} (s. {d.page})")
        lines += dict.fromkeys(dissents)  # one line per member and stance, however many sentences
    return "\n".join(lines) + "\n"
