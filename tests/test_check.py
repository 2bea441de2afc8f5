"""snapshot and check: every finding type through the CLI, the documented command lines, JUnit, GitHub."""

from __future__ import annotations

import glob
import json
import re
import shlex
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any
from xml.etree import ElementTree as ET

import pytest
import yaml
from typer.testing import CliRunner

from remisskoll.check import Finding, Kind, github_commands, wrong_remiss
from remisskoll.cli import app
from remisskoll.model import Remiss, Response, Status

from conftest import ROOT, SAMPLES

READABLE = ("norrby-kommun.pdf", "region-vastland.pdf", "lillasjo-kommun.pdf")


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A user's repository: responses/ with three readable samples; run from its root."""
    (tmp_path / "responses").mkdir()
    for name in READABLE:
        shutil.copy(SAMPLES / name, tmp_path / "responses" / name)
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("GITHUB_STEP_SUMMARY", raising=False)
    return tmp_path


def run(runner: CliRunner, line: str, env: dict[str, str] | None = None) -> Any:
    """Run a documented command line as a shell would: split it and expand its globs."""
    words = shlex.split(line)
    assert words[0] == "remisskoll"
    args = [a for w in words[1:] for a in (sorted(glob.glob(w)) if any(c in w for c in "*?[") else [w])]
    return runner.invoke(app, args, env=env)


def documented_commands() -> list[str]:
    text = (ROOT / "docs" / "ci.md").read_text("utf-8")
    return re.findall(r"(?:^ {4}\$ |^ +- run: )(remisskoll [^\n]+)$", text, flags=re.MULTILINE)


def test_the_docs_show_the_commands_of_the_issue() -> None:
    assert documented_commands() == [
        "remisskoll snapshot responses/*.pdf -o remisskoll-baseline.json",
        "remisskoll check responses/*.pdf --baseline remisskoll-baseline.json",
        "remisskoll check responses/*.pdf --baseline remisskoll-baseline.json --format github",
        "remisskoll check responses/*.pdf --format junit -o remisskoll.xml",
        "remisskoll check responses/*.pdf --baseline remisskoll-baseline.json --format github",
        "remisskoll check responses/*.pdf --format junit -o remisskoll.xml",
        "remisskoll snapshot responses/*.pdf -o remisskoll-baseline.json",  # accepting a change
    ]


def test_documented_commands_pass_on_accepted_responses_and_fail_on_a_broken_one(
    runner: CliRunner, project: Path
) -> None:
    summary = project / "step-summary.md"
    for line in documented_commands():
        result = run(runner, line, env={"GITHUB_STEP_SUMMARY": str(summary)})
        assert result.exit_code == 0, (line, result.stdout, result.stderr)
    assert (project / "remisskoll-baseline.json").is_file()
    assert ET.parse(project / "remisskoll.xml").getroot().tag == "testsuites"
    assert "| Norrby kommun | ± | + | + | ± | + | + | (+) | (+) | (+) |" in summary.read_text("utf-8")

    (project / "responses" / "trasig.pdf").write_text("inte en pdf", "utf-8")
    result = run(
        runner, "remisskoll check responses/*.pdf --baseline remisskoll-baseline.json --format github"
    )
    assert result.exit_code == 1
    assert result.stdout.splitlines() == [
        "::error file=responses/trasig.pdf,title=remisskoll unreadable::error: not a PDF (no %25PDF header)",
        "::warning file=responses/trasig.pdf,title=remisskoll new-response::new response: Trasig (error)",
    ]
    assert result.stderr == "remisskoll check: 4 file(s), 2 finding(s), 1 failing\n"


def test_changed_against_a_baseline_that_differs(runner: CliRunner, project: Path) -> None:
    assert run(runner, "remisskoll snapshot responses/*.pdf -o base.json").exit_code == 0
    data = json.loads((project / "base.json").read_text("utf-8"))
    vastland = next(r for r in data["responses"] if r["file"].endswith("region-vastland.pdf"))
    vastland["stances"]["avtal"]["stance"] = "negative"
    (project / "base.json").write_text(json.dumps(data), "utf-8")
    result = run(runner, "remisskoll check responses/*.pdf --baseline base.json")
    assert result.exit_code == 1
    assert result.stdout == (
        "FAIL  changed        responses/region-vastland.pdf p. 1: avtal: negative → positive — “Region Västland "
        "tillstyrker förslagen i avsnitt 6.2 och 6.3 men avstyrker förslaget i avsnitt 7.4.”\n"
    )
    as_json = json.loads(
        run(runner, "remisskoll check responses/*.pdf --baseline base.json --format json").stdout
    )
    assert as_json["findings"] == [
        {
            "kind": "changed",
            "file": "responses/region-vastland.pdf",
            "page": 1,
            "proposal": "avtal",
            "message": "avtal: negative → positive — “Region Västland tillstyrker förslagen i avsnitt 6.2 och 6.3 men "
            "avstyrker förslaget i avsnitt 7.4.”",
            "fails": True,
        }
    ]
    assert as_json["schema_version"] == 1


def test_new_response_is_informational_unless_asked(runner: CliRunner, project: Path) -> None:
    assert run(runner, "remisskoll snapshot responses/norrby-kommun.pdf -o base.json").exit_code == 0
    lenient = run(runner, "remisskoll check responses/*.pdf --baseline base.json")
    assert lenient.exit_code == 0
    assert lenient.stdout.splitlines() == [
        "warn  new-response   responses/lillasjo-kommun.pdf: new response: Lillasjö kommun (ok)",
        "warn  new-response   responses/region-vastland.pdf: new response: Region Västland (ok)",
    ]
    strict = run(runner, "remisskoll check responses/*.pdf --baseline base.json --fail-on new-response")
    assert strict.exit_code == 1


def test_low_confidence_cells_are_flagged_for_review(runner: CliRunner, project: Path) -> None:
    result = run(runner, "remisskoll check responses/norrby-kommun.pdf --min-confidence 0.8")
    assert result.exit_code == 0  # not failing by default
    assert result.stdout.splitlines()[0] == (
        "warn  low-confidence responses/norrby-kommun.pdf p. 3: dygnet_runt: conditional with confidence 0.75 — "
        "review it (remisskoll explain responses/norrby-kommun.pdf --proposal dygnet_runt)"
    )
    # A cell at the threshold is not flagged: 0.85 passes 0.8.
    assert "avtal" not in result.stdout
    assert (
        run(
            runner,
            "remisskoll check responses/norrby-kommun.pdf --min-confidence 0.8 --fail-on low-confidence",
        ).exit_code
        == 1
    )


def test_a_response_to_another_remiss(
    runner: CliRunner, project: Path, make_pdf: Callable[..., Path]
) -> None:
    other = make_pdf(
        "annan-remiss.pdf",
        [
            [
                "Björkby kommun",
                "Yttrande över betänkandet Tryggare hemtjänst i hela landet (SOU 2023:99)",
                "Björkby kommun tillstyrker förslagen i betänkandet om kontinuitet i hemtjänsten.",
                "Kommunen ser positivt på att varje brukare får en fast omsorgskontakt.",
            ]
        ],
    )
    shutil.copy(other, project / "responses" / "annan-remiss.pdf")
    result = run(runner, "remisskoll check responses/annan-remiss.pdf responses/norrby-kommun.pdf")
    assert result.exit_code == 1
    assert result.stdout == (
        "FAIL  wrong-remiss   responses/annan-remiss.pdf: does not look like an answer to Stärkt medicinsk kompetens "
        "i kommunal hälso- och sjukvård (SOU 2024:72): cites SOU 2023:99 and none of this remiss's proposals "
        "(SOU 2024:72)\n"
    )


def test_wrong_ministry_diary_number(remiss: Remiss) -> None:
    with_dnr = Remiss(remiss.id, remiss.title, remiss.ministry, remiss.proposals, dnr="S2024/01983")
    response = Response(
        "x.pdf", "X", Status.OK, 1, inquiries=("SOU 2024:72", "S2023/00456"), named=("avtal",)
    )
    assert (
        wrong_remiss(response, with_dnr)
        == "cites the ministry's diary number S2023/00456, this remiss is S2024/01983"
    )
    right = Response("x.pdf", "X", Status.OK, 1, inquiries=("SOU 2024:72", "S2024/01983"), named=("avtal",))
    assert wrong_remiss(right, with_dnr) is None


def test_junit_is_well_formed_and_counts_add_up(runner: CliRunner, project: Path) -> None:
    (project / "responses" / "trasig.pdf").write_text("inte en pdf", "utf-8")
    result = run(runner, "remisskoll check responses/*.pdf --format junit -o remisskoll.xml")
    assert result.exit_code == 1
    root = ET.parse(project / "remisskoll.xml").getroot()
    assert root.tag == "testsuites"
    suites = root.findall("testsuite")
    assert [s.get("name") for s in suites] == [
        "responses/lillasjo-kommun.pdf",
        "responses/norrby-kommun.pdf",
        "responses/region-vastland.pdf",
        "responses/trasig.pdf",
    ]
    for suite in suites:
        cases = suite.findall("testcase")
        assert int(suite.get("tests", "-1")) == len(cases) == 10  # read + nine proposals
        assert int(suite.get("failures", "-1")) == sum(1 for c in cases if c.find("failure") is not None)
        assert suite.get("errors") == "0" and suite.get("skipped") == "0"
        for case in cases:
            assert case.get("classname") and case.get("name")
            assert float(case.get("time", "x")) >= 0
    assert int(root.get("tests", "-1")) == 40
    assert int(root.get("failures", "-1")) == 1
    failure = suites[3].find("testcase[@name='read']/failure")
    assert failure is not None and failure.get("type") == "unreadable"
    out = suites[1].find("testcase[@name='avtal']/system-out")
    assert out is not None and out.text == "stance: positive (explicit, 0.85)"


def test_github_commands_escape_what_would_break_them() -> None:
    finding = Finding(Kind.CHANGED, "svar/a,b:c.pdf", "100% säker\nny rad", None, "avtal", True)
    assert github_commands([finding]) == (
        "::error file=svar/a%2Cb%3Ac.pdf,title=remisskoll changed (avtal)::100%25 säker%0Any rad\n"
    )


def test_usage_errors(runner: CliRunner, project: Path) -> None:
    bad_kind = run(runner, "remisskoll check responses/norrby-kommun.pdf --fail-on broken")
    assert bad_kind.exit_code == 2
    assert "unknown finding 'broken'" in bad_kind.stderr
    (project / "base.json").write_text("{}", "utf-8")
    bad_base = run(runner, "remisskoll check responses/norrby-kommun.pdf --baseline base.json")
    assert (bad_base.exit_code, bad_base.stderr) == (
        2,
        "error: base.json: not a remisskoll baseline (schema_version 1 expected)\n",
    )
    missing = run(runner, "remisskoll check responses/norrby-kommun.pdf --baseline saknas.json")
    assert missing.exit_code == 2
    assert missing.stderr == (
        "error: saknas.json: file not found — make one with `remisskoll snapshot … -o saknas.json`\n"
    )


def test_pre_commit_hook_runs_check_on_pdfs(runner: CliRunner, project: Path) -> None:
    (hook,) = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text("utf-8"))
    assert hook["id"] == "remisskoll-check"
    assert re.search(hook["files"], "responses/norrby-kommun.pdf")
    assert not re.search(hook["files"], "README.md")
    assert run(runner, "remisskoll snapshot responses/*.pdf -o remisskoll-baseline.json").exit_code == 0
    # pre-commit appends the staged file names to the entry
    result = run(runner, f"{hook['entry']} responses/region-vastland.pdf")
    assert (result.exit_code, result.stdout) == (0, "no findings\n")


def test_check_at_the_review_threshold_lists_the_cells_review_lists(runner: CliRunner, in_root: Path) -> None:
    review = runner.invoke(app, ["compare", "--review", "samples/", "--ocr", "never"])
    to_check = int(review.stdout.split(" of ")[0])
    result = runner.invoke(
        app, ["check", "samples/", "--ocr", "never", "--min-confidence", "0.9", "--format", "json"]
    )
    kinds = [f["kind"] for f in json.loads(result.stdout)["findings"]]
    assert kinds.count("low-confidence") == to_check > 0
