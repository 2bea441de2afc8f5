"""evaluate: agreement, Cohen's κ (checked against hand computation), per label, exit on --min-kappa."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from remisskoll.cli import app
from remisskoll.evaluate import GoldError, cohen_kappa, load_gold
from remisskoll.model import Remiss, Stance

P, N, C, NOP, NA = (
    Stance.POSITIVE,
    Stance.NEGATIVE,
    Stance.CONDITIONAL,
    Stance.NO_OPINION,
    Stance.NOT_ADDRESSED,
)

# Two samples, labelled by hand with three deliberate differences from what the tool says:
# lillasjo avtal (label positive, tool not_addressed), vastland kommunala_lakare (label conditional,
# tool negative), vastland specialistsjukskoterskor (label not_addressed, tool no_opinion).
SMALL_GOLD = """\
version: 1
samples:
  lillasjo-kommun.pdf:
    status: ok
    stances:
      dygnet_runt: {stance: positive, pages: [1]}
      avtal: {stance: positive, pages: [1]}
      ledningsansvar: {stance: not_addressed}
      kommunala_lakare: {stance: not_addressed}
      nationell_samordnare: {stance: not_addressed}
      ledarskapsutbildning: {stance: not_addressed}
      magnetmodellen: {stance: not_addressed}
      specialistsjukskoterskor: {stance: not_addressed}
      vulf: {stance: not_addressed}
  region-vastland.pdf:
    status: ok
    stances:
      dygnet_runt: {stance: positive, pages: [1]}
      avtal: {stance: positive, pages: [1]}
      ledningsansvar: {stance: negative, pages: [1]}
      kommunala_lakare: {stance: conditional, pages: [2]}
      nationell_samordnare: {stance: conditional, pages: [2]}
      ledarskapsutbildning: {stance: not_addressed}
      magnetmodellen: {stance: negative, pages: [2]}
      specialistsjukskoterskor: {stance: not_addressed}
      vulf: {stance: not_addressed}
"""
# By hand: 18 cells, 15 agree → p_o = 15/18.
# Label marginals  P 4, N 2, C 2, O 0, NA 10;  tool marginals  P 3, N 3, C 1, O 1, NA 10.
# p_e = (4·3 + 2·3 + 2·1 + 0·1 + 10·10) / 18² = 120/324;  κ = (270 − 120) / (324 − 120) = 150/204.
HAND_KAPPA = 150 / 204


def test_cohen_kappa_textbook_case() -> None:
    pairs = [(P, P), (P, P), (P, P), (P, N), (N, N), (N, N), (NOP, NOP), (NOP, NA), (NA, NA), (NA, NA)]
    # p_o = 0.8; p_e = (4·3 + 2·3 + 2·1 + 2·3) / 100 = 0.26; κ = 0.54 / 0.74
    assert cohen_kappa(pairs) == pytest.approx(0.54 / 0.74)
    assert cohen_kappa([(P, P), (P, P)]) == 1.0
    assert cohen_kappa([]) == 0.0


@pytest.fixture
def small_gold(tmp_path: Path) -> Path:
    path = tmp_path / "gold.yaml"
    path.write_text(SMALL_GOLD, "utf-8")
    return path


def test_evaluate_on_a_small_gold_file(runner: CliRunner, in_root: Path, small_gold: Path) -> None:
    args = [
        "evaluate",
        "--gold",
        str(small_gold),
        "samples/lillasjo-kommun.pdf",
        "samples/region-vastland.pdf",
    ]
    result = runner.invoke(app, [*args, "--format", "json"])
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert data["cells"] == 18
    assert data["agreement"] == pytest.approx(15 / 18)
    assert data["kappa"] == pytest.approx(HAND_KAPPA)
    assert data["per_label"]["conditional"] == {"precision": 1.0, "recall": 0.5, "support": 2}
    assert data["per_label"]["no_opinion"] == {"precision": 0.0, "recall": None, "support": 0}
    assert data["confusion"]["conditional"]["negative"] == 1
    assert [(d["file"], d["proposal"], d["gold"], d["tool"]) for d in data["disagreements"]] == [
        ("samples/lillasjo-kommun.pdf", "avtal", "positive", "not_addressed"),
        ("samples/region-vastland.pdf", "kommunala_lakare", "conditional", "negative"),
        ("samples/region-vastland.pdf", "specialistsjukskoterskor", "not_addressed", "no_opinion"),
    ]
    assert data["disagreements"][1]["evidence"][0]["page"] == 1
    text = runner.invoke(app, args)
    assert text.stdout.splitlines()[0] == "18 cells compared   agreement 0.833   Cohen's κ 0.735"
    flowing = " ".join(text.stdout.split())  # long lines wrap at the terminal width
    assert (
        "samples/region-vastland.pdf kommunala_lakare: label conditional, remisskoll negative (0.95) — p. 1:"
        in flowing
    )


def test_min_kappa_holds_the_line(runner: CliRunner, in_root: Path, small_gold: Path) -> None:
    args = [
        "evaluate",
        "--gold",
        str(small_gold),
        "samples/lillasjo-kommun.pdf",
        "samples/region-vastland.pdf",
    ]
    below = runner.invoke(app, [*args, "--min-kappa", "0.8"])
    assert below.exit_code == 1
    assert below.stderr == "remisskoll: Cohen's κ 0.735 is below --min-kappa 0.8\n"
    assert runner.invoke(app, [*args, "--min-kappa", "0.7"]).exit_code == 0


def test_samples_agree_with_their_labels(runner: CliRunner, in_root: Path, needs_ocr: None) -> None:
    result = runner.invoke(app, ["evaluate", "--gold", "samples/gold.yaml", "samples", "--min-kappa", "0.99"])
    assert result.exit_code == 0
    assert result.stdout.splitlines()[:2] == [
        "144 cells compared   agreement 1.000   Cohen's κ 1.000",
        "evidence on a labelled page: 100.0 %   basis (explicit/general) agrees: 100.0 %",
    ]


def test_a_status_the_labels_disagree_with_fails(runner: CliRunner, in_root: Path, tmp_path: Path) -> None:
    gold = tmp_path / "gold.yaml"
    gold.write_text("samples:\n  skarsunds-kommun.pdf:\n    status: ok\n    stances: {}\n", "utf-8")
    # an ok file needs labels for every proposal
    result = runner.invoke(app, ["evaluate", "--gold", str(gold), "samples/skarsunds-kommun.pdf"])
    assert result.exit_code == 2
    assert result.stderr.startswith(
        f"error: {gold}:3: samples.skarsunds-kommun.pdf.stances: labels missing for: dygnet_runt"
    )
    gold.write_text("samples:\n  skarsunds-kommun.pdf:\n    status: error\n    stances: {}\n", "utf-8")
    result = runner.invoke(
        app, ["evaluate", "--gold", str(gold), "samples/skarsunds-kommun.pdf", "--ocr", "never"]
    )
    assert result.exit_code == 1
    flowing = " ".join(result.stdout.split())
    assert (
        "status differs: samples/skarsunds-kommun.pdf: labelled error, remisskoll says unreadable" in flowing
    )
    assert result.stderr == "remisskoll: 1 file(s) read differently than labelled\n"


def test_gold_file_errors_name_line_and_field(remiss: Remiss, tmp_path: Path) -> None:
    gold = tmp_path / "g.yaml"
    gold.write_text(
        "samples:\n  a.pdf:\n    status: ok\n    stances:\n      avtal: {stance: maybe}\n", "utf-8"
    )
    with pytest.raises(
        GoldError,
        match=r"g\.yaml:5: samples\.a\.pdf\.stances\.avtal\.stance: 'maybe' is not one of positive, negative, conditional, no_opinion, not_addressed",
    ):
        load_gold(gold, remiss.ids)
    gold.write_text(
        "samples:\n  a.pdf:\n    status: ok\n    stances:\n      okänd: {stance: positive}\n", "utf-8"
    )
    with pytest.raises(GoldError, match=r"g\.yaml:5: samples\.a\.pdf\.stances\.okänd: unknown proposal id"):
        load_gold(gold, remiss.ids)


def test_an_answer_in_also_agrees_and_respondents_are_checked(
    runner: CliRunner, in_root: Path, small_gold: Path
) -> None:
    text = small_gold.read_text("utf-8")
    # the tool says not_addressed for lillasjo avtal; a labeller who accepts it says so in `also`
    text = text.replace(
        "      avtal: {stance: positive, pages: [1]}\n      ledningsansvar: {stance: not_addressed}\n      kommunala",
        "      avtal: {stance: positive, pages: [1], also: [not_addressed]}\n"
        "      ledningsansvar: {stance: not_addressed}\n      kommunala",
        1,
    )
    text = text.replace(
        "  lillasjo-kommun.pdf:\n    status: ok",
        "  lillasjo-kommun.pdf:\n    respondent: Lillasjö kommun (kommunstyrelsen)\n    respondent_type: kommun\n"
        "    status: ok",
    )
    text = text.replace(
        "  region-vastland.pdf:\n    status: ok",
        "  region-vastland.pdf:\n    respondent: Region Östland\n    respondent_type: myndighet\n    status: ok",
    )
    small_gold.write_text(text, "utf-8")
    args = [
        "evaluate",
        "--gold",
        str(small_gold),
        "samples/lillasjo-kommun.pdf",
        "samples/region-vastland.pdf",
    ]
    data = json.loads(runner.invoke(app, [*args, "-f", "json"]).stdout)
    assert data["agreement"] == pytest.approx(16 / 18)
    assert [d["proposal"] for d in data["disagreements"]] == ["kommunala_lakare", "specialistsjukskoterskor"]
    # the same body with or without the answering nämnd; another region is another body
    assert [(r["tool"], r["same_body"]) for r in data["respondents"]] == [
        ("Lillasjö kommun", True),
        ("Region Västland", False),
    ]
    assert (data["respondent_agreement"], data["respondent_type_agreement"]) == (0.5, 0.5)
    shown = runner.invoke(app, args).stdout
    assert "respondent: the same body 1/2, the same type 1/2" in shown
    assert "labelled “Region Östland”, remisskoll “Region Västland” (myndighet / region)" in " ".join(
        shown.split()
    )


def test_the_reliability_table_bands_cells_by_confidence(
    runner: CliRunner, in_root: Path, small_gold: Path
) -> None:
    args = [
        "evaluate",
        "--gold",
        str(small_gold),
        "samples/lillasjo-kommun.pdf",
        "samples/region-vastland.pdf",
    ]
    data = json.loads(runner.invoke(app, [*args, "-f", "json"]).stdout)
    bands = data["reliability"]
    assert [(b["low"], b["high"]) for b in bands] == [(0.0, 0.5), (0.5, 0.7), (0.7, 0.9), (0.9, 1.0)]
    assert sum(b["cells"] for b in bands) == 18
    assert sum(round(b["cells"] * (b["agreement"] or 0)) for b in bands) == 15
    below = sum(b["cells"] for b in bands[:3])
    assert data["review_share"] == pytest.approx(below / 18)
    above = bands[3]
    assert data["trusted_agreement"] == above["agreement"]
    text = " ".join(runner.invoke(app, args).stdout.split())
    assert "Reliability (per confidence band)" in text
    assert f"review below 0.90: {100 * below / 18:.1f} % of cells" in text


def test_same_body_ignores_case_punctuation_and_the_namnd() -> None:
    from remisskoll.evaluate import same_body

    assert same_body("Hällebergs kommun", "Hällebergs kommun (kommunstyrelsen)")
    assert same_body("HÄLLEBERGS KOMMUN", "Hällebergs kommun")
    assert same_body("Riksföreningen X (RX)", "Riksföreningen X")
    assert not same_body("Socialstyrelsen", "Hällebergs kommun (kommunstyrelsen)")
    assert not same_body("Norrby kommun", "Norrby stad")
