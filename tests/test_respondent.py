"""respondent: the body (or person) that answered and its type, from the letterhead, the head of page 1,
the signature and the body's own sentences, else the file name. Every text here is invented."""

from __future__ import annotations

from dataclasses import replace

import pytest

from remisskoll.analysis.names import NameKind, classify_name, is_person, recase
from remisskoll.analysis.respondent import (
    detect_respondent,
    detect_respondent_and_type,
    fallback_name,
    respondent_type,
)
from remisskoll.model import Document, RespondentType

from conftest import build_document


def _doc(text: str, letterhead: tuple[str, ...] = (), path: str = "samples/test.pdf") -> Document:
    return replace(build_document(text, path=path), letterhead=letterhead)


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


# --- the letterhead: a name with the document type, a date, a page number or an address on its line ---


@pytest.mark.parametrize(
    ("letterhead", "name"),
    [
        (("Region Fjällmark YTTRANDE", "2025-01-14", "Regionstyrelsen"), "Region Fjällmark"),
        (
            ("Tillsynsmyndigheten för äldrevård REMISSVAR", "Dnr 4.2-2025/88"),
            "Tillsynsmyndigheten för äldrevård",
        ),
        (("Omvårdnadsförbundet Remissyttrande", "2025-02-02"), "Omvårdnadsförbundet"),
        (("Sköterskeföreningen Norr 2025-02-11",), "Sköterskeföreningen Norr"),
        (("GRANVIKS KOMMUN Datum 2025-01-30", "Socialförvaltningen"), "Granviks kommun"),
        (("STORA MOSSBY KOMMUN | SAMMANTRÄDESPROTOKOLL",), "Stora Mossby kommun"),
        (("Trygga Hem Omsorg AB Sida 1 (3)",), "Trygga Hem Omsorg AB"),
        (
            ("Remissvar • 2025-03-01", "Omvårdnadsförbundet • Box 123, 111 22 Stockholm"),
            "Omvårdnadsförbundet",
        ),
        (("Tallmo kommun Kommunstyrelsen",), "Tallmo kommun"),  # the body, then its unit
        (("Region Fjällmark Regionstyrelsen",), "Region Fjällmark"),
    ],
)
def test_the_letterhead_name_without_document_type_date_or_address(
    letterhead: tuple[str, ...], name: str
) -> None:
    doc = _doc("Socialdepartementet\n# Remissvar\nHär följer vårt svar på remissen om vården.", letterhead)
    assert detect_respondent(doc) == name


def test_an_all_caps_letterhead_is_written_as_the_text_writes_it() -> None:
    doc = _doc(
        "LINDBERGS UNIVERSITET REMISSYTTRANDE\nFakulteten för vårdvetenskap\n"
        "# Yttrande över betänkandet\nLindbergs universitet har anmodats att yttra sig över betänkandet."
    )
    assert detect_respondent_and_type(doc) == ("Lindbergs universitet", RespondentType.MYNDIGHET)


def test_an_all_caps_name_written_nowhere_else_gets_swedish_casing() -> None:
    doc = _doc("HÖGSKOLAN I GRANVIK YTTRANDE\n# Yttrande\nVi lämnar följande synpunkter på förslagen.")
    assert detect_respondent(doc) == "Högskolan i Granvik"


def test_the_stad_in_the_letterhead_is_reported_not_its_namnd() -> None:
    doc = _doc(
        "# Förvaltningens förslag till beslut\n"
        "Äldrenämnden godkänner förvaltningens tjänsteutlåtande och lämnar det till kommunstyrelsen.\n"
        "Socialstyrelsen föreslås få meddela föreskrifter om avtalen.",
        letterhead=("EKEVIKS STAD Tjänsteutlåtande", "Äldreförvaltningen", "Avdelningen för äldrefrågor"),
    )
    assert detect_respondent_and_type(doc) == ("Ekeviks stad", RespondentType.KOMMUN)


def test_a_mentioned_body_in_the_text_never_wins_over_the_letterhead() -> None:
    doc = _doc(
        "Till Regeringskansliet\n# Yttrande\n"
        "Socialstyrelsen tillstyrker enligt uppgift en liknande ordning. Region Fjällmark har redan avtal.\n"
        "Inspektionen för vård och omsorg har granskat området.",
        letterhead=("HÖGSKOLAN I GRANVIK REMISSYTTRANDE", "Akademin för hälsa och välfärd"),
    )
    assert detect_respondent(doc) == "Högskolan i Granvik"


def test_a_name_broken_over_two_letterhead_lines_is_joined() -> None:
    doc = _doc(
        "# Remissvar\nVi lämnar härmed våra synpunkter.",
        letterhead=("Riksföreningen för anhörigvårdare Remissvar", "i kommunal omsorg (RAK)"),
    )
    assert detect_respondent(doc) == "Riksföreningen för anhörigvårdare i kommunal omsorg"


def test_a_name_cut_short_in_the_letterhead_is_completed_from_the_text() -> None:
    doc = _doc(
        "# Synpunkter på betänkandet\n"
        "Riksföreningen för anhöriga till personer med demens (RAPD) är en ideell förening med 4 000 "
        "medlemmar.\nRAPD tillstyrker förslaget om bedömning dygnet runt.",
        letterhead=("Riksföreningen för anhöriga Remissvar", "2025-02-20"),
    )
    assert detect_respondent_and_type(doc) == (
        "Riksföreningen för anhöriga till personer med demens",
        RespondentType.ORGANISATION,
    )


def test_a_genitive_title_names_the_body() -> None:
    assert detect_respondent(_doc("# Tallmo kommuns yttrande över betänkandet\nText.")) == "Tallmo kommun"
    # The s of "Lindås" belongs to the name: the text writes "Högskolan i Lindås" elsewhere.
    doc = _doc("# Högskolan i Lindås yttrande\nHögskolan i Lindås har tagit del av betänkandet.")
    assert detect_respondent(doc) == "Högskolan i Lindås"


# --- the body's own sentences and its signature, when no letterhead names it ---


def test_a_body_introducing_itself() -> None:
    doc = _doc(
        "Till Socialdepartementet\n# Synpunkter på betänkandet\n"
        "Region Fjällmark nämns i betänkandet.\n"
        "Tallmo kommun har utsetts som remissinstans och lämnar följande svar."
    )
    assert detect_respondent(doc) == "Tallmo kommun"


def test_a_namnd_introducing_itself_answers_for_its_kommun() -> None:
    doc = _doc(
        "Äldrenämnden\n# Yttrande\nÄldrenämnden i Ekeviks stad lämnar följande yttrande över remissen."
    )
    assert detect_respondent(doc) == "Ekeviks stad"


def test_an_association_introducing_itself_with_a_short_name() -> None:
    doc = _doc(
        "# Remissvar\nSköterskeföreningen Norr (SFN) samlar 3 000 medlemmar i hemsjukvården.\n"
        "SFN tillstyrker förslaget. Socialstyrelsen bör få ett tydligare uppdrag."
    )
    assert detect_respondent_and_type(doc) == ("Sköterskeföreningen Norr", RespondentType.ORGANISATION)


def test_for_x_above_the_signature() -> None:
    doc = _doc(
        "# Remissvar\nVi tillstyrker förslaget om ledarskapsutbildning. Socialstyrelsen bör leda arbetet.\n"
        "===\nVi har inga fler synpunkter.\nFör Sköterskeföreningen Norr\nAnna Lind\nOrdförande"
    )
    assert detect_respondent(doc) == "Sköterskeföreningen Norr"


def test_the_body_on_the_line_over_the_signers() -> None:
    doc = _doc(
        "# Remissvar\nSocialstyrelsen föreslås få meddela föreskrifter om avtalen.\n"
        "Förbundet avstyrker det förslaget.\nOmvårdnadsförbundet\nKarin Holm Per Ek\nOrdförande Utredare"
    )
    assert detect_respondent(doc) == "Omvårdnadsförbundet"


def test_a_company_from_the_signers_title() -> None:
    doc = _doc(
        "# Synpunkter\nVi driver boenden i tolv kommuner och vill lämna några synpunkter.\n"
        "Karin Holm\nVd, Trygga Hem Omsorg AB"
    )
    assert detect_respondent_and_type(doc) == ("Trygga Hem Omsorg AB", RespondentType.FORETAG)


def test_a_company_introducing_itself_by_its_short_name() -> None:
    doc = _doc(
        "# Synpunkter på betänkandet\n"
        "Trygghemma har inte fått betänkandet på remiss men vill ändå lämna synpunkter. "
        "Trygghemma Omsorg AB driver tolv boenden."
    )
    assert detect_respondent_and_type(doc) == ("Trygghemma Omsorg AB", RespondentType.FORETAG)


def test_the_body_speaking_of_itself_most_often() -> None:
    doc = _doc(
        "# Läkare i kommunen\nTallmo kommun tillstyrker förslaget. Tallmo kommun välkomnar också avtalen.\n"
        "Region Fjällmark ställer sig enligt uppgift bakom förslaget."
    )
    assert detect_respondent(doc) == "Tallmo kommun"


# --- a private person ---


def test_a_private_persons_letter_with_name_and_address_at_the_top() -> None:
    doc = _doc(
        "Sten Lövgren\nBjörkvägen 12\n456 78 Lillby\nLillby den 3 mars 2025\nTill Socialdepartementet\n"
        "# Om läkare i kommunerna\nJag har inte fått remissen men vill ändå säga min mening. Jag har arbetat "
        "i Tallmo kommun i många år.\nMed vänlig hälsning\nSten Lövgren"
    )
    assert detect_respondent_and_type(doc) == ("Sten Lövgren", RespondentType.ENSKILD)


def test_a_private_persons_closing_in_a_letter_written_as_jag() -> None:
    doc = _doc(
        "Jag bor i Tallmo kommun och har läst utredningen. Jag tycker att förslaget om läkare är bra.\n"
        "Vänliga hälsningar\nBritt-Marie Ekdahl\nundersköterska"
    )
    assert detect_respondent_and_type(doc) == ("Britt-Marie Ekdahl", RespondentType.ENSKILD)


def test_a_bodys_signer_is_not_a_private_person() -> None:
    doc = _doc(
        "# Remissvar\nSköterskeföreningen Norr har beretts möjlighet att yttra sig. Jag vill som ordförande "
        "tacka för det; jag ser fram emot fortsatt arbete.\nMed vänlig hälsning\nAnna Lind"
    )
    assert detect_respondent_and_type(doc) == ("Sköterskeföreningen Norr", RespondentType.ORGANISATION)


# --- the file name, last ---


def test_the_file_name_as_the_text_spells_it() -> None:
    doc = _doc(
        "Vi i Sköterskeföreningen Norr har läst betänkandet med intresse.",
        path="svar/07_skoterskeforeningen-norr.pdf",
    )
    assert detect_respondent(doc) == "Sköterskeföreningen Norr"


def test_the_file_name_when_the_text_names_nobody() -> None:
    doc = _doc("Vi har läst betänkandet med intresse.", path="svar/d12-tallmo-kommun.pdf")
    assert detect_respondent(doc) == "Tallmo kommun"


def test_fallback_from_the_file_name() -> None:
    assert fallback_name("svar/norrby-kommun_2025.pdf") == "Norrby kommun 2025"
    assert fallback_name("svar/d06-tallmo-kommun.pdf") == "Tallmo kommun"
    assert fallback_name("svar/07_omvardnadsforbundet.pdf") == "Omvardnadsforbundet"


# --- the type ---


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("Trygga Hem Omsorg AB", RespondentType.FORETAG),
        ("Aktiebolaget Vårdhjälpen", RespondentType.FORETAG),
        ("Lindbergs universitet", RespondentType.MYNDIGHET),
        ("Högskolan i Granvik", RespondentType.MYNDIGHET),
        ("Tillsynsmyndigheten för äldrevård", RespondentType.MYNDIGHET),
        ("Ekeviks stad", RespondentType.KOMMUN),
        ("Äldrenämnden", RespondentType.KOMMUN),
        ("Region Fjällmark", RespondentType.REGION),
        ("Omvårdnadsförbundet", RespondentType.ORGANISATION),
        ("Svenska sällskapet för hemsjukvård", RespondentType.ORGANISATION),
        ("Sten Lövgren", RespondentType.OTHER),  # enskild only from a letter's form, below
        ("Trygghemma", RespondentType.OTHER),
    ],
)
def test_respondent_type(name: str, kind: RespondentType) -> None:
    assert respondent_type(name) is kind


# --- the forms of names ---


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Omvårdnadsförbundet", ("Omvårdnadsförbundet", NameKind.BODY)),
        ("Förbundet", None),  # the kind, not the name
        ("Förbundet vill betona", None),  # a clause about a body
        ("Fackförbundet Vårdkraft organiserar sjuksköterskor", None),
        ("Socialnämnden", ("Socialnämnden", NameKind.UNIT)),
        ("Kommunstyrelsen", ("Kommunstyrelsen", NameKind.UNIT)),
        ("Socialstyrelsen", ("Socialstyrelsen", NameKind.BODY)),  # an agency, not a kommun's styrelse
        ("Institutionen för omvårdnad", ("Institutionen för omvårdnad", NameKind.UNIT)),
        ("Socialnämnden i Tallmo kommun", ("Tallmo kommun", NameKind.KOMMUN)),
        ("Varje kommun", None),
        ("Sten Lövgren", None),
    ],
)
def test_classify_name(text: str, expected: tuple[str, NameKind] | None) -> None:
    assert classify_name(text) == expected


def test_recase_and_person() -> None:
    assert recase("STORA MOSSBY KOMMUN", "") == "Stora Mossby kommun"
    assert recase("OMVÅRDNADSFÖRBUNDET", "… Omvårdnadsförbundet anser …") == "Omvårdnadsförbundet"
    assert is_person("Anna-Karin von Essen, förbundsordförande")
    assert not is_person("Med vänlig hälsning")
    assert not is_person("Region Fjällmark")


@pytest.mark.parametrize(
    "head",
    [
        "Sten Lövgren, Strandvägen 4, 123 45 Ekby",
        "Sten Lövgren Strandvägen 4 123 45 Ekby",  # a name and address run together, as a letter is typed
        "Anna-Karin Berg Kvarnbacken 12 B 123 45 Ekby",
    ],
)
def test_a_private_letter_with_name_and_address_on_one_line(head: str) -> None:
    from remisskoll.analysis.respondent import detect_respondent_and_type
    from remisskoll.model import RespondentType

    doc = build_document(
        f"{head}\nEkby 2 mars 2025\nTill Socialdepartementet\n"
        "Jag har läst betänkandet och vill säga vad jag tycker om förslaget om VULF."
    )
    assert detect_respondent_and_type(doc)[1] is RespondentType.ENSKILD
    assert detect_respondent_and_type(doc)[0] == " ".join(head.split(",")[0].split()[:2])


def test_an_agencys_decision_formula_makes_a_rad_an_agency() -> None:
    from remisskoll.analysis.respondent import detect_respondent_and_type
    from remisskoll.model import RespondentType

    body = "# Yttrande\nKompetensrådet för vård och omsorg tillstyrker förslagen.\n"
    plain = build_document("KOMPETENSRÅDET FÖR VÅRD OCH OMSORG\n" + body)
    agency = build_document(
        "KOMPETENSRÅDET FÖR VÅRD OCH OMSORG\n" + body + "Detta yttrande har beslutats av direktören Eva Ek."
    )
    assert detect_respondent_and_type(plain)[1] is RespondentType.ORGANISATION
    assert detect_respondent_and_type(agency) == (
        "Kompetensrådet för vård och omsorg",
        RespondentType.MYNDIGHET,
    )
