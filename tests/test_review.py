"""Overrides: reviewed cells replace the tool's, are marked in every format, stale ones warn."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from remisskoll.cli import app
from remisskoll.overrides import OverridesError, load_overrides

OVERRIDES = """\
overrides:
  - file: region-vastland.pdf
    proposal: kommunala_lakare
    stance: conditional
    note: Avstyrker bara i nuvarande form, se s. 2
    reviewer: Anna Analytiker
    date: 2026-11-20
  - respondent: Lillasjö kommun
    proposal: avtal
    stance: tillstyrker
    reviewer: Anna Analytiker
    date: 2026-11-21
  - file: borttagen-kommun.pdf
    proposal: avtal
    stance: negative
    reviewer: Anna Analytiker
    date: 2026-11-21
respondents:
  - file: region-vastland.pdf
    name: Region Västland (regionstyrelsen)
"""


@pytest.fixture
def overrides(tmp_path: Path) -> Path:
    path = tmp_path / "granskning.yaml"
    path.write_text(OVERRIDES, "utf-8")
    return path


ARGS = ["compare", "samples/region-vastland.pdf", "samples/lillasjo-kommun.pdf"]


def test_override_changes_a_cell_and_marks_it_reviewed_in_json(
    runner: CliRunner, in_root: Path, overrides: Path
) -> None:
    result = runner.invoke(app, [*ARGS, "--overrides", str(overrides), "-f", "json"])
    assert result.exit_code == 0
    vastland, lillasjo = json.loads(result.stdout)["responses"]
    assert vastland["respondent"] == "Region Västland (regionstyrelsen)"
    cell = vastland["stances"]["kommunala_lakare"]
    assert cell["stance"] == "conditional"
    assert cell["review"] == {
        "reviewer": "Anna Analytiker",
        "note": "Avstyrker bara i nuvarande form, se s. 2",
        "date": "2026-11-20",
        "original": "negative",
    }
    assert cell["evidence"][0]["page"] == 1  # the tool's evidence stays for the reader to check
    assert lillasjo["stances"]["avtal"]["review"]["original"] == "not_addressed"
    assert "review" not in vastland["stances"]["avtal"]


def test_stale_overrides_warn_on_stderr(runner: CliRunner, in_root: Path, overrides: Path) -> None:
    result = runner.invoke(app, [*ARGS, "--overrides", str(overrides), "-f", "json"])
    assert result.stderr.splitlines()[:1] == [
        f"warning: {overrides}:13: override for 'borttagen-kommun.pdf' / avtal matches no input file — renamed or removed?",
    ]


def test_reviewed_cells_in_table_and_csv(runner: CliRunner, in_root: Path, overrides: Path) -> None:
    table = runner.invoke(app, [*ARGS, "--overrides", str(overrides)])
    row = next(line for line in table.stdout.splitlines() if line.startswith("│Region Västland"))
    assert row.split("│")[5].strip() == "±✓"  # the fourth proposal column, kommunala_lakare
    assert "✓ reviewed by an analyst" in " ".join(table.stdout.split())
    wide = runner.invoke(app, [*ARGS, "--overrides", str(overrides), "-f", "csv", "--csv-dialect", "rfc4180"])
    rows = list(csv.DictReader(io.StringIO(wide.stdout)))
    assert rows[0]["kommunala_lakare"] == "conditional"
    assert (
        rows[0]["reviewed"] == "kommunala_lakare: Anna Analytiker – Avstyrker bara i nuvarande form, se s. 2"
    )
    long = runner.invoke(
        app, [*ARGS, "--overrides", str(overrides), "-f", "csv", "--csv-dialect", "rfc4180", "--long"]
    )
    cells = {(r["file"], r["proposal"]): r for r in csv.DictReader(io.StringIO(long.stdout))}
    assert cells[("samples/lillasjo-kommun.pdf", "avtal")]["reviewed_by"] == "Anna Analytiker"


def test_the_tool_never_writes_the_overrides_file(runner: CliRunner, in_root: Path, overrides: Path) -> None:
    before = overrides.read_bytes()
    runner.invoke(app, [*ARGS, "--overrides", str(overrides)])
    assert overrides.read_bytes() == before


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "overrides:\n  - file: a.pdf\n    proposal: avtal\n    stance: kanske\n    reviewer: X\n    date: 2026-11-20\n",
            "o.yaml:4: overrides[0].stance: 'kanske' is not one of positive, negative, conditional, no_opinion, "
            "not_addressed (or in Swedish: tillstyrker, tillstyrker med förbehåll, avstyrker, inga synpunkter, "
            "yttrar sig inte)",
        ),
        (
            "overrides:\n  - file: a.pdf\n    respondent: A\n    proposal: avtal\n    stance: positive\n    reviewer: X\n    date: 2026-11-20\n",
            "o.yaml:2: overrides[0]: give either file or respondent (one of them)",
        ),
        (
            "overrides:\n  - file: a.pdf\n    proposal: avtal\n    stance: positive\n    date: 2026-11-20\n",
            "o.yaml:2: overrides[0].reviewer: missing required field",
        ),
        (
            # an audit trail: a missing date is not filled in with today's
            "overrides:\n  - file: a.pdf\n    proposal: avtal\n    stance: positive\n    reviewer: X\n",
            "o.yaml:2: overrides[0].date: missing required field",
        ),
        (
            "overrides:\n  - file: a.pdf\n    proposal: avtal\n    stance: positive\n    reviewer: X\n    date: 2026-11-20\n    färg: röd\n",
            "o.yaml:7: overrides[0].färg: unknown field (known: file, respondent, proposal, stance, note, reviewer, date)",
        ),
        (
            "respondents:\n  - file: a.pdf\n    type: kyrka\n",
            "o.yaml:3: respondents[0].type: 'kyrka' is not one of kommun, region, myndighet, organisation, foretag, enskild, other",
        ),
    ],
)
def test_bad_overrides_name_line_and_field(tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "o.yaml"
    path.write_text(text, "utf-8")
    with pytest.raises(OverridesError) as err:
        load_overrides(path)
    assert str(err.value).endswith(message)


def test_bad_overrides_file_is_a_usage_error(runner: CliRunner, in_root: Path, tmp_path: Path) -> None:
    path = tmp_path / "o.yaml"
    path.write_text("overrides: [\n", "utf-8")
    result = runner.invoke(app, [*ARGS, "--overrides", str(path)])
    assert result.exit_code == 2
    assert result.stderr.startswith(f"error: {path}:2: YAML syntax error")


def test_review_lists_low_confidence_cells_in_page_order(runner: CliRunner, in_root: Path) -> None:
    result = runner.invoke(app, ["compare", "--review", "samples/norrby-kommun.pdf"])
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[:4] == [
        "3 of 9 cells to check (confidence below 0.90), in 1 file(s)",
        "",
        "samples/norrby-kommun.pdf — Norrby kommun",
        "  Dygnet runt: conditional, confidence 0.75 — positive with a reservation",
    ]
    heads = [line for line in lines if line.startswith("  ") and not line.startswith("    ")]
    assert heads == [
        "  Dygnet runt: conditional, confidence 0.75 — positive with a reservation",
        "  Avtal: positive, confidence 0.85 — positive cue",
        "  Kom. läkare: conditional, confidence 0.75 — positive with a reservation",
    ]
    assert "    remisskoll explain samples/norrby-kommun.pdf --proposal avtal" in lines


def test_review_is_for_reading_only(runner: CliRunner, in_root: Path) -> None:
    result = runner.invoke(app, ["compare", "--review", "-f", "json", "samples/norrby-kommun.pdf"])
    assert result.exit_code == 2
    assert "--review is a list for reading" in result.stderr


def test_cells_to_check_are_marked_in_the_table(runner: CliRunner, in_root: Path) -> None:
    table = runner.invoke(app, ["compare", "samples/norrby-kommun.pdf"], env={"COLUMNS": "200"}).stdout
    row = next(line for line in table.splitlines() if "Norrby" in line)
    assert [c.strip() for c in row.split("│")[2:-1]] == ["±?", "+?", "+", "±?", "+", "+", "(+)", "(+)", "(+)"]
    assert "? check it (confidence below 0.9" in " ".join(table.split())


def test_a_reviewed_cell_is_no_longer_to_check(runner: CliRunner, in_root: Path, tmp_path: Path) -> None:
    reviewed = tmp_path / "reviewed.yaml"
    reviewed.write_text(
        "overrides:\n  - file: norrby-kommun.pdf\n    proposal: avtal\n    stance: positive\n"
        "    reviewer: Anna Analytiker\n    date: 2026-11-20\n",
        "utf-8",
    )
    result = runner.invoke(
        app, ["compare", "--review", "--overrides", str(reviewed), "samples/norrby-kommun.pdf"]
    )
    assert result.stdout.splitlines()[0] == "2 of 9 cells to check (confidence below 0.90), in 1 file(s)"
    assert "Avtal:" not in result.stdout


ENTRY = "  - {target}\n    proposal: {proposal}\n    stance: {stance}\n    reviewer: Anna Analytiker\n    date: {date}\n"


def _overrides_file(tmp_path: Path, *entries: dict[str, str]) -> Path:
    path = tmp_path / "o.yaml"
    defaults = {
        "target": "file: norrby-kommun.pdf",
        "proposal": "avtal",
        "stance": "negative",
        "date": "2026-11-20",
    }
    path.write_text("overrides:\n" + "".join(ENTRY.format(**(defaults | e)) for e in entries), "utf-8")
    return path


@pytest.mark.parametrize("date", ["20 nov", "2026-11-31", "20261120", "'2026-11-20T10:00'"])
def test_a_review_date_is_an_iso_date(tmp_path: Path, date: str) -> None:
    with pytest.raises(OverridesError) as err:
        load_overrides(_overrides_file(tmp_path, {"date": date}))
    assert str(err.value).endswith("is not a date — write it as YYYY-MM-DD, e.g. 2026-11-20")
    assert str(err.value).startswith(f"{tmp_path / 'o.yaml'}:6: overrides[0].date: ")


def test_a_quoted_iso_date_is_kept_as_written(tmp_path: Path) -> None:
    loaded = load_overrides(_overrides_file(tmp_path, {"date": "'2026-11-20'"}))
    assert loaded.cells[0].date == "2026-11-20"


def test_stance_in_swedish_words(tmp_path: Path) -> None:
    words = ["Tillstyrker", "tillstyrker med  förbehåll", "AVSTYRKER", "inga synpunkter", "yttrar sig inte"]
    path = _overrides_file(
        tmp_path, *({"stance": w, "proposal": p} for w, p in zip(words, remiss_ids()[:5], strict=True))
    )
    assert [o.stance.value for o in load_overrides(path).cells] == [
        "positive",
        "conditional",
        "negative",
        "no_opinion",
        "not_addressed",
    ]


def remiss_ids() -> list[str]:
    from remisskoll import load_proposals

    return list(load_proposals().ids)


def test_every_problem_at_once_with_unknown_proposal_and_a_second_entry(tmp_path: Path) -> None:
    from remisskoll import load_proposals

    path = _overrides_file(
        tmp_path,
        {"proposal": "tandvard"},
        {"stance": "positive"},
        {"stance": "negative", "date": "i går"},
        {"target": "file: Norrby-Kommun.pdf", "stance": "positive"},
    )
    with pytest.raises(OverridesError) as err:
        load_overrides(path, load_proposals())
    assert str(err.value).splitlines() == [
        f"{path}:3: overrides[0].proposal: unknown proposal 'tandvard' (known: dygnet_runt, avtal, "
        "ledningsansvar, kommunala_lakare, nationell_samordnare, ledarskapsutbildning, magnetmodellen, "
        "specialistsjukskoterskor, vulf)",
        f"{path}:16: overrides[2].date: 'i går' is not a date — write it as YYYY-MM-DD, e.g. 2026-11-20",
        f"{path}:12: overrides[2]: a second override for 'norrby-kommun.pdf' / avtal (the first is on line 7) "
        "— keep one",
        f"{path}:17: overrides[3]: a second override for 'Norrby-Kommun.pdf' / avtal (the first is on line 7) "
        "— keep one",
    ]


def test_unknown_proposal_is_a_usage_error(runner: CliRunner, in_root: Path, tmp_path: Path) -> None:
    path = _overrides_file(tmp_path, {"proposal": "tandvard"})
    result = runner.invoke(app, ["compare", "samples/norrby-kommun.pdf", "--overrides", str(path)])
    assert result.exit_code == 2
    assert result.stderr.startswith(f"error: {path}:3: overrides[0].proposal: unknown proposal 'tandvard'")


def test_the_review_records_what_remisskoll_said(runner: CliRunner, in_root: Path, tmp_path: Path) -> None:
    # A file fix and a respondent-name override may reach one cell through two entries: refused, so
    # the recorded original can only ever be the tool's own stance.
    path = _overrides_file(tmp_path, {"target": "respondent: Norrby kommun", "stance": "negative"})
    result = runner.invoke(
        app, ["compare", "samples/norrby-kommun.pdf", "--overrides", str(path), "-f", "json"]
    )
    assert result.exit_code == 0
    review = json.loads(result.stdout)["responses"][0]["stances"]["avtal"]["review"]
    assert review == {"reviewer": "Anna Analytiker", "note": "", "date": "2026-11-20", "original": "positive"}
    both = _overrides_file(
        tmp_path,
        {"target": "respondent: Norrby kommun", "stance": "negative"},
        {"target": "file: samples/norrby-kommun.pdf", "stance": "no_opinion"},
    )
    result = runner.invoke(app, ["compare", "samples/norrby-kommun.pdf", "--overrides", str(both)])
    assert result.exit_code == 2
    assert result.stderr == (
        f"error: {both}:7: override for 'samples/norrby-kommun.pdf' / avtal changes the same cell of "
        "samples/norrby-kommun.pdf as line 2 ('Norrby kommun') — keep one\n"
    )


def test_a_bare_file_name_in_two_folders_asks_for_the_path(
    runner: CliRunner, in_root: Path, tmp_path: Path
) -> None:
    import shutil

    for folder in ("a", "b"):
        (tmp_path / folder).mkdir()
        shutil.copy("samples/norrby-kommun.pdf", tmp_path / folder / "norrby-kommun.pdf")
    path = _overrides_file(tmp_path, {})
    a, b = tmp_path / "a", tmp_path / "b"
    result = runner.invoke(app, ["compare", str(a), str(b), "--overrides", str(path)])
    assert result.exit_code == 2
    assert result.stderr == (
        f"error: {path}:2: file 'norrby-kommun.pdf' matches files in 2 folders ({a}, {b}) — give the path "
        f"as in the matrix (e.g. {a / 'norrby-kommun.pdf'})\n"
    )
    fixed = _overrides_file(tmp_path, {"target": f"file: {a / 'norrby-kommun.pdf'}"})
    result = runner.invoke(app, ["compare", str(a), str(b), "--overrides", str(fixed), "-f", "json"])
    assert result.exit_code == 0
    first, second = json.loads(result.stdout)["responses"]
    assert first["stances"]["avtal"]["stance"] == "negative"
    assert second["stances"]["avtal"]["stance"] == "positive"
