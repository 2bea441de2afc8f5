"""summary: the ministry-style compilation; near-duplicate responses count once."""

from __future__ import annotations

import shutil
from pathlib import Path

from typer.testing import CliRunner

from remisskoll.analysis.duplicates import duplicate_groups
from remisskoll.analysis.respondent import respondent_type
from remisskoll.cli import app
from remisskoll.model import RespondentType


def test_summary_markdown_on_the_samples(runner: CliRunner, in_root: Path) -> None:
    result = runner.invoke(app, ["summary", "samples", "--format", "markdown", "--ocr", "never"])
    assert result.exit_code == 1  # the scanned sample
    md = result.stdout
    section = md.split("## Krav på tillgång till medicinsk bedömning dygnet runt (`dygnet_runt`)")[1].split(
        "## "
    )[0]
    assert "| **totalt** | **7** | **4** | **1** | **2** | **1** | **1** |" in section
    assert "| kommuner | 3 | 4 | 0 | 1 | 0 | 1 |" in section
    assert (
        "- **Tillstyrker:** Lillasjö kommun, Östbacka kommun, Tallmora kommun (kommuner); Region Kronsjö, "
        "Region Västland (regioner); Allmänläkarföreningen i Västland, Seniorförbundet Silverbron (organisationer)"
    ) in section
    # a member's reservation and the sentence that gives its stance are one dissent
    assert section.count("Jonas Ekberg (M)") == 1
    assert "- **Kunde inte läsas:** Skarsunds kommun (kommuner)" in section
    kl = md.split("(`kommunala_lakare`)")[1].split("## ")[0]
    assert kl.count("- **Reservation/anteckning:** Norrby kommun – Per Lindqvist (SD): avstyrker (s. 1)") == 1
    assert md.startswith("# Sammanställning av remissvar: Stärkt medicinsk kompetens")


def test_near_duplicate_responses_count_once(runner: CliRunner, tmp_path: Path, in_root: Path) -> None:
    for name in ("norrby-kommun.pdf", "region-nordmark.pdf"):
        shutil.copy(in_root / "samples" / name, tmp_path / name)
    shutil.copy(in_root / "samples" / "norrby-kommun.pdf", tmp_path / "norrby-kopia.pdf")
    result = runner.invoke(app, ["summary", str(tmp_path), "--format", "markdown"])
    assert result.exit_code == 0
    assert (
        "Svar med i stort sett samma text räknas en gång: norrby-kommun.pdf = norrby-kopia.pdf."
        in result.stdout
    )
    avtal = result.stdout.split("(`avtal`)")[1].split("## ")[0]
    assert (
        "| **totalt** | **1** | **0** | **1** | **0** | **0** | **0** |" in avtal
    )  # Norrby twice, counted once
    matrix_json = runner.invoke(app, ["compare", str(tmp_path), "-f", "json"]).stdout
    assert '"duplicate_groups": [\n    [\n' in matrix_json


def test_duplicate_groups_need_shared_long_paragraphs() -> None:
    shared = [
        "Kommunen delar SKR:s uppfattning att finansieringsprincipen måste tillämpas fullt ut för varje nytt "
        "åtagande som staten lägger på kommunerna i den kommunala hälso- och sjukvården.",
        "Kommunen vill därtill understryka att tillgången till läkare under kvällar, nätter och helger är den "
        "avgörande frågan för patientsäkerheten i den kommunala hälso- och sjukvården i hela landet.",
    ]
    own = [
        "Norrby har en åldrande befolkning och stora avstånd mellan tätorterna, vilket gör att bemanningen av "
        "sjuksköterskor dygnet runt redan i dag är en utmaning för kommunens hemsjukvård och boenden."
    ]
    groups = duplicate_groups(
        [
            ("a.pdf", shared + own),
            ("b.pdf", [shared[0].replace("Kommunen", "Regionen", 1), shared[1]]),
            ("c.pdf", own),
            ("d.pdf", ["Kort."] * 5),
        ]
    )
    assert groups == (("a.pdf", "b.pdf"),)


def test_respondent_types() -> None:
    assert [
        respondent_type(n)
        for n in (
            "Norrby kommun",
            "Göteborgs stad",
            "Region Västland",
            "Västra Götalandsregionen",
            "Socialstyrelsen",
            "Statens vårdkvalitetsmyndighet",
            "Karolinska institutet",
            "Fackförbundet Vårdkraft",
            "Sveriges Kommuner och Regioner",
            "Allmänläkarföreningen i Västland",
            "Anna Andersson",
        )
    ] == [
        RespondentType.KOMMUN,
        RespondentType.KOMMUN,
        RespondentType.REGION,
        RespondentType.REGION,
        RespondentType.MYNDIGHET,
        RespondentType.MYNDIGHET,
        RespondentType.MYNDIGHET,
        RespondentType.ORGANISATION,
        RespondentType.ORGANISATION,
        RespondentType.ORGANISATION,
        RespondentType.OTHER,
    ]
