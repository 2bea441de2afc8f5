"""Check: findings about a matrix for CI — unreadable files, new responses, changed cells against an
accepted baseline, cells a human should review, and documents that answer another remiss.

A baseline is what `remisskoll snapshot` writes: the JSON of `compare --format json` (schema 1).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import Any
from xml.etree import ElementTree as ET

from .analysis.references import inquiry_references, is_ministry_dnr
from .display import markdown, shown, shown_lines
from .errors import UsageError
from .model import Matrix, Remiss, Response, Status
from .report import command_arg
from .userfiles import Unusable, read_regular

SCHEMA_VERSION = 1


class Kind(StrEnum):
    UNREADABLE = "unreadable"
    NEW_RESPONSE = "new-response"
    CHANGED = "changed"
    LOW_CONFIDENCE = "low-confidence"
    WRONG_REMISS = "wrong-remiss"


DEFAULT_FAIL_ON = (Kind.UNREADABLE, Kind.CHANGED, Kind.WRONG_REMISS)


class BaselineError(UsageError):
    """A baseline file that cannot be used (a usage error, exit 2)."""


@dataclass(frozen=True)
class Finding:
    kind: Kind
    file: str
    message: str
    page: int | None = None
    proposal: str | None = None
    fails: bool = False


@dataclass(frozen=True)
class Baseline:
    source: str
    stances: dict[str, dict[str, str]]  # file → proposal id → stance code (empty for unreadable files)


# A baseline holds every cell's quotes: about 4 KB a response, so 64 MB is far beyond any real one.
MAX_BASELINE_BYTES = 64_000_000


def load_baseline(path: str | Path) -> Baseline:
    """Read a snapshot; anything but a remisskoll schema-1 matrix is a clear error."""
    source = str(path)
    remake = "make one with `remisskoll snapshot`"
    try:
        data = json.loads(read_regular(source, MAX_BASELINE_BYTES).decode("utf-8"))
    except FileNotFoundError:
        raise BaselineError(
            f"{source}: file not found — make one with `remisskoll snapshot … -o {source}`"
        ) from None
    except Unusable as exc:
        raise BaselineError(f"{source}: {exc}") from None
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise BaselineError(f"{source}: not a remisskoll baseline ({exc}) — {remake}") from None
    except RecursionError:  # the JSON decoder nests recursively
        raise BaselineError(f"{source}: not a remisskoll baseline (nested too deeply) — {remake}") from None
    except MemoryError:
        raise BaselineError(f"{source}: too large to read — is this the right file?") from None
    if not isinstance(data, dict) or data.get("schema_version") != SCHEMA_VERSION or "responses" not in data:
        raise BaselineError(f"{source}: not a remisskoll baseline (schema_version 1 expected)")
    responses = data["responses"]
    if not isinstance(responses, list):
        raise BaselineError(
            f"{source}: not a remisskoll baseline (responses must be a list) — regenerate it with snapshot"
        )
    stances: dict[str, dict[str, str]] = {}
    for r in responses:
        cells = r.get("stances", {}) if isinstance(r, dict) else None
        if not isinstance(r, dict) or not isinstance(r.get("file"), str) or not isinstance(cells, dict):
            raise BaselineError(f"{source}: a response lacks file or stances — regenerate it with snapshot")
        found = {pid: c.get("stance") if isinstance(c, dict) else None for pid, c in cells.items()}
        if not all(isinstance(stance, str) for stance in found.values()):
            raise BaselineError(f"{source}: a cell lacks its stance — regenerate it with snapshot")
        stances[r["file"]] = {pid: str(stance) for pid, stance in found.items()}
    return Baseline(source, stances)


def _in_baseline(baseline: Baseline, file: str) -> dict[str, str] | None:
    if file in baseline.stances:
        return baseline.stances[file]
    by_name = [v for k, v in baseline.stances.items() if Path(k).name == Path(file).name]
    return by_name[0] if len(by_name) == 1 else None


def _own_inquiry(remiss: Remiss) -> str | None:
    """This remiss's report number ("SOU 2024:72"), from its title or else its id ("sou-2024-72")."""
    cited = [ref for ref in inquiry_references(remiss.title) if not is_ministry_dnr(ref)]
    if cited:
        return cited[0]
    m = re.match(r"^(sou|ds)-(\d{4})-(\d{1,3})$", remiss.id, re.IGNORECASE)
    return f"{'SOU' if m.group(1).lower() == 'sou' else 'Ds'} {m.group(2)}:{m.group(3)}" if m else None


def wrong_remiss(response: Response, remiss: Remiss) -> str | None:
    """Why a readable document does not look like an answer to this remiss, or None."""
    ours = _own_inquiry(remiss)
    dnrs = [ref for ref in response.inquiries if is_ministry_dnr(ref)]
    inquiries = [ref for ref in response.inquiries if ref not in dnrs]
    others = [ref for ref in inquiries if ref != ours]
    if others and ours not in inquiries and not response.named:
        return f"cites {', '.join(others)} and none of this remiss's proposals ({ours or remiss.id})"
    if remiss.dnr and dnrs and remiss.dnr not in dnrs:
        return f"cites the ministry's diary number {', '.join(dnrs)}, this remiss is {remiss.dnr}"
    return None


def check(
    matrix: Matrix,
    baseline: Baseline | None,
    min_confidence: float,
    fail_on: tuple[Kind, ...] = DEFAULT_FAIL_ON,
) -> list[Finding]:
    """All findings, in input order; each says whether it fails the run under `fail_on`."""
    out: list[Finding] = []

    def add(
        kind: Kind, file: str, message: str, page: int | None = None, proposal: str | None = None
    ) -> None:
        out.append(Finding(kind, file, message, page, proposal, kind in fail_on))

    for r in matrix.responses:
        if r.status is not Status.OK:
            add(Kind.UNREADABLE, r.file, f"{r.status.value}: {r.error}")
        elif (why := wrong_remiss(r, matrix.remiss)) is not None:
            add(Kind.WRONG_REMISS, r.file, f"does not look like an answer to {matrix.remiss.title}: {why}")
        before = _in_baseline(baseline, r.file) if baseline is not None else None
        if baseline is not None and before is None:
            add(Kind.NEW_RESPONSE, r.file, f"new response: {r.respondent} ({r.status.value})")
        for c in r.cells:
            page = c.evidence[0].page if c.evidence else None
            if before is not None and c.proposal in before and before[c.proposal] != c.stance.value:
                quote = f" — “{c.evidence[0].quote}”" if c.evidence else ""
                add(
                    Kind.CHANGED,
                    r.file,
                    f"{c.proposal}: {before[c.proposal]} → {c.stance.value}{quote}",
                    page,
                    c.proposal,
                )
            # With --min-confidence 0.9, the cells `compare --review` lists: not yet reviewed, below it,
            # "not addressed" included (a verdict the rules could not place may be hiding there). The
            # default (0.5) keeps a CI run to the cells the rules were least sure of.
            if r.status is Status.OK and c.review is None and c.confidence < min_confidence:
                add(
                    Kind.LOW_CONFIDENCE,
                    r.file,
                    f"{c.proposal}: {c.stance.value} with confidence {c.confidence:.2f} — review it "
                    f"(remisskoll explain {command_arg(r.file)} --proposal {c.proposal})",
                    page,
                    c.proposal,
                )
        if before is not None and r.status is Status.OK and not before and r.cells:
            add(Kind.CHANGED, r.file, f"now readable: {r.status.value} (was unreadable in the baseline)")
    return out


def findings_text(findings: list[Finding]) -> str:
    """One line per finding: FAIL/warn, kind, file[:page], message."""
    if not findings:
        return "no findings\n"
    lines = []
    for f in findings:
        where = f"{f.file}" + (f" p. {f.page}" if f.page else "")
        lines.append(shown(f"{'FAIL' if f.fails else 'warn'}  {f.kind.value:<14} {where}: {f.message}"))
    return "\n".join(lines) + "\n"


# --- GitHub Actions ----------------------------------------------------------------------------


def _gh_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _gh_property(text: str) -> str:
    return _gh_data(text).replace(":", "%3A").replace(",", "%2C")


def github_commands(findings: list[Finding]) -> str:
    """Workflow commands: ::error for failing findings, ::warning for the rest."""
    lines = []
    for f in findings:
        level = "error" if f.fails else "warning"
        title = f"remisskoll {f.kind.value}" + (f" ({f.proposal})" if f.proposal else "")
        lines.append(
            f"::{level} file={_gh_property(shown(f.file))},title={_gh_property(title)}"
            f"::{_gh_data(shown_lines(f.message))}"
        )
    return "\n".join(lines) + ("\n" if lines else "")


def markdown_matrix(matrix: Matrix) -> str:
    """The matrix as a Markdown table for $GITHUB_STEP_SUMMARY."""
    from .report import SYMBOL, cell_symbol

    head = "| Respondent | " + " | ".join(markdown(p.label) for p in matrix.remiss.proposals) + " |"
    rule = "|---|" + "---|" * len(matrix.remiss.ids)
    rows = [f"### remisskoll: {markdown(matrix.remiss.title)}", "", head, rule]
    for r in matrix.responses:
        if r.status is not Status.OK:
            rows.append(f"| {markdown(r.respondent)} | " + " | ".join("✗" for _ in matrix.remiss.ids) + " |")
            continue
        cells = [
            cell_symbol(c) + ("✓" if c.review else "") if (c := r.cell(pid)) else ""
            for pid in matrix.remiss.ids
        ]
        rows.append(f"| {markdown(r.respondent)} | " + " | ".join(markdown(c) for c in cells) + " |")
    legend = "  ".join(f"{sym} {stance.value}" for stance, sym in SYMBOL.items())
    rows += ["", f"{legend}  (x) inherited  ✗ not read", ""]
    return "\n".join(rows) + "\n"


# --- JUnit XML ---------------------------------------------------------------------------------


def junit_xml(matrix: Matrix, findings: list[Finding]) -> str:
    """One testsuite per response; a testcase "read" for file-level findings and one per proposal.

    Failing findings are <failure> elements; the others are written to the testcase's <system-out>.
    """
    suites = ET.Element("testsuites", name="remisskoll")
    total_tests = total_failures = 0
    for r in matrix.responses:
        suite = ET.SubElement(suites, "testsuite", name=shown(r.file))  # people read it in a CI page
        mine = [f for f in findings if f.file == r.file]
        cases = [("read", [f for f in mine if f.proposal is None])]
        cases += [(pid, [f for f in mine if f.proposal == pid]) for pid in matrix.remiss.ids]
        failures = 0
        for name, found in cases:
            case = ET.SubElement(
                suite, "testcase", classname=f"remisskoll.{shown(Path(r.file).stem)}", name=name, time="0"
            )
            failing = [f for f in found if f.fails]
            if failing:
                failures += 1
                failure = ET.SubElement(
                    case, "failure", type=failing[0].kind.value, message=shown(failing[0].message)
                )
                failure.text = "\n".join(shown(f"{f.kind.value}: {f.message}") for f in failing)
            notes = [f for f in found if not f.fails]
            if name != "read" and (cell := r.cell(name)) is not None:
                notes_text = f"stance: {cell.stance.value} ({cell.basis.value}, {cell.confidence:.2f})"
                ET.SubElement(case, "system-out").text = "\n".join(
                    [notes_text, *(shown(f"{f.kind.value}: {f.message}") for f in notes)]
                )
            elif notes:
                ET.SubElement(case, "system-out").text = "\n".join(
                    shown(f"{f.kind.value}: {f.message}") for f in notes
                )
        suite.set("tests", str(len(cases)))
        suite.set("failures", str(failures))
        suite.set("errors", "0")
        suite.set("skipped", "0")
        suite.set("time", "0")
        total_tests += len(cases)
        total_failures += failures
    suites.set("tests", str(total_tests))
    suites.set("failures", str(total_failures))
    suites.set("errors", "0")
    suites.set("time", "0")
    ET.indent(suites)
    # ElementTree escapes markup but writes control characters as they are, and XML 1.0 forbids them
    # (and lone surrogates) even as references: a file name with ESC in it would make the report unreadable.
    text = _NOT_XML.sub("", ET.tostring(suites, encoding="unicode"))
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + text + "\n"


# What XML 1.0 does not allow in a document (its Char production), whether raw or as a reference.
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def to_dict(findings: list[Finding]) -> dict[str, Any]:
    """Findings as versioned JSON."""
    return {
        "schema_version": SCHEMA_VERSION,
        "findings": [
            {
                "kind": f.kind.value,
                "file": f.file,
                "page": f.page,
                "proposal": f.proposal,
                "message": f.message,
                "fails": f.fails,
            }
            for f in findings
        ],
        "failing": sum(f.fails for f in findings),
    }
