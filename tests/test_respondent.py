"""respondent: the body's name from the letterhead or first page, else the file name."""

from __future__ import annotations

import pytest

from remisskoll.analysis.respondent import detect_respondent, fallback_name

from conftest import build_document


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Socialdepartementet\nYttrande från Norrby kommun", "Norrby kommun"),
        ("Region Västra Kust\nRegionstyrelsen", "Region Västra Kust"),
        ("Upplands Väsby kommun\nKommunstyrelsen", "Upplands Väsby kommun"),
        ("Göteborgs stad\nSocialnämnden", "Göteborgs stad"),
        ("Västra Götalandsregionen\nYttrande", "Västra Götalandsregionen"),
        (
            "Regeringskansliet\nSocialdepartementet\nStatens vårdkvalitetsmyndighet",
            "Statens vårdkvalitetsmyndighet",
        ),
        ("Fackförbundet Vårdkraft\nRemissvar", "Fackförbundet Vårdkraft"),
        ("Yttrande\nVård- och omsorgsnämnden har yttrat sig.", "Vård- och omsorgsnämnden"),
        ("Varje kommun ska göra något.\nYttrande", "Test"),  # "Varje kommun" names nobody
    ],
)
def test_detects_the_body(text: str, name: str) -> None:
    assert detect_respondent(build_document(text, path="samples/test.pdf")) == name


def test_fallback_from_the_file_name() -> None:
    assert fallback_name("svar/norrby-kommun_2025.pdf") == "Norrby kommun 2025"
