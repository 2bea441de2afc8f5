"""segment: sentences, parts and voice."""

from __future__ import annotations

import pytest

from remisskoll.analysis.segment import (
    part_of_heading,
    segment,
    sentence_voice,
    split_clauses,
    split_sentences,
)
from remisskoll.model import BlockKind, Part, Voice

from conftest import build_document


def test_sentences_do_not_break_at_abbreviations() -> None:
    text = (
        "Förvaltningen ser t.ex. behov av bl.a. fler läkare, dvs. mer stöd. Nämnden tillstyrker. 6.3 gäller."
    )
    assert split_sentences(text) == [
        "Förvaltningen ser t.ex. behov av bl.a. fler läkare, dvs. mer stöd.",
        "Nämnden tillstyrker.",
        "6.3 gäller.",
    ]


def test_clauses_split_at_contrast_semicolon_dash_and_colon() -> None:
    assert split_clauses("Vi tillstyrker A men avstyrker B; C lämnas – D: E gäller") == [
        "Vi tillstyrker A",
        "men avstyrker B",
        "C lämnas",
        "D",
        "E gäller",
    ]


@pytest.mark.parametrize(
    ("heading", "part"),
    [
        ("Protokollsutdrag", "decision"),
        ("§ 23 Yttrande över betänkandet", "decision"),
        ("Socialnämndens beslut", "decision"),
        ("Hälso- och sjukvårdsnämndens beslut", "decision"),
        ("Underlag för beslut", "other"),
        ("Bakgrund till beslut", "narrative"),
        ("Skäl för beslut", None),
        ("Tidigare politiska beslut", None),
        ("Äldre- och omsorgsnämndens förslag till beslut", "decision"),
        ("Förslag till beslut", "decision"),
        ("Bakgrund", "narrative"),
        ("Ärendebeskrivning", "narrative"),
        ("Utredningens förslag", "narrative"),
        ("Förvaltningens synpunkter", "opinion"),
        ("Region Nordmarks yttrande över SOU 2024:72", "opinion"),
        ("3. Sammanfattning", "opinion"),
        ("Reservation", "dissent"),
        ("Särskilt yttrande", "dissent"),
        ("Protokollsanteckning", "dissent"),
        ("Beslutsunderlag", "other"),
        ("Tjänsteskrivelse", "document"),
        ("6.3 Krav på medicinsk bedömning dygnet runt", None),
    ],
)
def test_part_headings(heading: str, part: str | None) -> None:
    assert part_of_heading(heading) == part


@pytest.mark.parametrize(
    ("sentence", "part", "voice"),
    [
        ("Utredningen föreslår att kommuner ska få anställa läkare.", Part.OPINION, Voice.INQUIRY),
        ("Enligt utredningen är det bra att ansvaret delas.", Part.OPINION, Voice.INQUIRY),
        ("När det gäller chefer föreslår utredningen en utbildning.", Part.OPINION, Voice.INQUIRY),
        (
            "Utredningen föreslår en samordnare, vilket förvaltningen välkomnar.",
            Part.OPINION,
            Voice.RESPONDENT,
        ),
        ("Utredningens förslag är bra.", Part.OPINION, Voice.RESPONDENT),
        ("Kommunerna ska säkerställa bedömning dygnet runt.", Part.NARRATIVE, Voice.INQUIRY),
        ("Förvaltningen tillstyrker förslaget.", Part.NARRATIVE, Voice.RESPONDENT),
        # a body by what it is; another body by its name is not the respondent
        ("Rådet avstyrker förslaget.", Part.NARRATIVE, Voice.RESPONDENT),
        ("Läkarförbundet är positivt till att kommuner får anställa läkare.", Part.NARRATIVE, Voice.INQUIRY),
        ("Inom verksamhetsområdet tillstyrks förslaget i regel.", Part.NARRATIVE, Voice.INQUIRY),
        # a bare answer, but not a sentence that begins like one
        ("Inga synpunkter.", Part.NARRATIVE, Voice.RESPONDENT),
        ("Inga synpunkter har inkommit från pensionärsrådet.", Part.NARRATIVE, Voice.INQUIRY),
        ("Inga synpunkter i övrigt.", Part.NARRATIVE, Voice.RESPONDENT),
        ("Tillstyrks i sin helhet.", Part.NARRATIVE, Voice.RESPONDENT),
        ("Inga synpunkter på förslaget om nattbemanning.", Part.NARRATIVE, Voice.RESPONDENT),
        ("Tillstyrks av regeringen enligt utredningen.", Part.NARRATIVE, Voice.INQUIRY),
        # welcoming that the question is looked into takes no word for the respondent
        ("Kommunen ser positivt på att frågan om läkare utreds.", Part.NARRATIVE, Voice.INQUIRY),
        ("Vi avstyrker förslaget.", Part.DISSENT, Voice.DISSENT),
        ("Ordföranden yrkar bifall.", Part.OTHER, Voice.OTHER),
    ],
)
def test_voice(sentence: str, part: Part, voice: Voice) -> None:
    assert sentence_voice(sentence, part) is voice


def test_the_respondent_by_its_own_name_speaks_in_a_background_section() -> None:
    own = frozenset({"omsorgsinspektionen"})
    text = "Omsorgsinspektionen tillstyrker förslaget."
    assert sentence_voice(text, Part.NARRATIVE, own) is Voice.RESPONDENT
    assert sentence_voice(text, Part.NARRATIVE) is Voice.INQUIRY  # without its name it could be anyone


def test_a_municipal_pdf_is_cut_into_parts_and_dissent_ends_at_the_next_heading() -> None:
    doc = build_document(
        """
        # Protokollsutdrag
        # Socialnämndens beslut
        Nämnden antar förvaltningens förslag till yttrande.

        # Protokollsanteckning
        Per Lindqvist (SD) avstyrker förslaget om kommunala läkare.

        # Beslutet skickas till
        Socialdepartementet
        ===
        # Tjänsteskrivelse
        # Bakgrund
        Utredningen föreslår ett krav på bedömning dygnet runt.

        # Förvaltningens synpunkter
        Förvaltningen tillstyrker förslaget.
        """
    )
    seg = segment(doc)
    body = [(s.part, s.voice, s.page) for s in seg.sentences if s.voice is not Voice.HEADING]
    assert body == [
        (Part.DECISION, Voice.RESPONDENT, 1),
        (Part.DISSENT, Voice.DISSENT, 1),
        (Part.OTHER, Voice.OTHER, 1),
        (Part.NARRATIVE, Voice.INQUIRY, 2),
        (Part.OPINION, Voice.RESPONDENT, 2),
    ]


def test_a_dissent_without_a_heading_starts_at_its_paragraph() -> None:
    seg = segment(
        build_document(
            """
        # Beslut
        Kommunstyrelsen tillstyrker förslagen.

        Ledamöterna för (V) reserverar sig mot beslutet och avstyrker förslaget om Magnetmodellen.
        """
        )
    )
    assert [s.voice for s in seg.sentences if s.voice is not Voice.HEADING] == [
        Voice.RESPONDENT,
        Voice.DISSENT,
    ]


def test_bullets_headings_and_paragraph_gaps_make_blocks() -> None:
    seg = segment(
        build_document(
            """
        # Rubrik
        Första stycket, rad ett
        fortsätter här.

        - Ett påstående.
        - Ett till.
        """
        )
    )
    assert [(b.kind, b.text) for b in seg.blocks] == [
        (BlockKind.HEADING, "Rubrik"),
        (BlockKind.PARAGRAPH, "Första stycket, rad ett fortsätter här."),
        (BlockKind.ITEM, "Ett påstående."),
        (BlockKind.ITEM, "Ett till."),
    ]


def test_a_line_running_on_in_lower_case_is_not_a_heading() -> None:
    doc = build_document(
        "# Beslut\nNämnden i Ekby kommun ställer sig i stort sett bakom\nutredningens förslag, med dessa undantag:\n"
        "- Förslaget om VULF avstyrks."
    )
    seg = segment(doc)
    assert [b.kind for b in seg.blocks] == [BlockKind.HEADING, BlockKind.PARAGRAPH, BlockKind.ITEM]
    assert {b.part for b in seg.blocks} == {Part.DECISION}


def test_a_numbered_paragraph_with_a_sentence_inside_is_a_list_item() -> None:
    doc = build_document(
        "1. Förslaget om VULF (avsnitt 8.5). Nämnden avstyrker förslaget och\n"
        "anser att frågan hör till lärosätena.\n"
        "2. Förslaget om Magnetmodellen. Nämnden tillstyrker."
    )
    seg = segment(doc)
    assert [b.kind for b in seg.blocks] == [BlockKind.ITEM, BlockKind.ITEM]
    assert seg.blocks[0].text.endswith("anser att frågan hör till lärosätena.")


def test_a_paragraph_goes_on_in_the_voice_the_respondent_took() -> None:
    doc = build_document(
        """
        # Bakgrund
        Kravet ska gälla dygnet runt. Kommunen ser ett värde i kravet. Ställningstagandet gäller under
        förutsättning att staten betalar. Utredningen bedömer att kostnaden är låg.
        """
    )
    voices = [(s.text.split()[0], s.voice) for s in segment(doc).sentences if s.voice is not Voice.HEADING]
    assert voices == [
        ("Kravet", Voice.INQUIRY),
        ("Kommunen", Voice.RESPONDENT),
        ("Ställningstagandet", Voice.RESPONDENT),
        ("Utredningen", Voice.INQUIRY),
    ]
