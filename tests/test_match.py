"""match: distinctive terms (fuzzy), section references, headings and context."""

from __future__ import annotations

import pytest

from remisskoll.analysis.match import learn_sections, match, section_refs, term_hits
from remisskoll.analysis.segment import segment
from remisskoll.model import MatchHow, Remiss

from conftest import build_document


@pytest.mark.parametrize(
    ("text", "pid"),
    [
        ("kravet på läkarbedömning dygnet runt", "dygnet_runt"),
        ("stärkta avtal om läkarmedverkan", "avtal"),
        ("en särskilt ledningsansvarig", "ledningsansvar"),
        ("MAS kan ha uppdraget", "ledningsansvar"),
        ("kommuner som anställer egna läkare", "kommunala_lakare"),
        ("riktvärdet 1 100 invånare per specialist", "nationell_samordnare"),
        ("ledarskapsutbildningen för chefer", "ledarskapsutbildning"),
        ("Magnetmodellens principer", "magnetmodellen"),
        ("specialistsjuksköterskeutbildningen", "specialistsjukskoterskor"),
        ("överenskommelsen om VULF", "vulf"),
        ("specialistsjukskötersor", "specialistsjukskoterskor"),  # an OCR slip
    ],
)
def test_terms_match_inflected_and_slightly_misspelt(remiss: Remiss, text: str, pid: str) -> None:
    assert term_hits(text, remiss.proposal(pid))


@pytest.mark.parametrize(
    ("text", "pid"),
    [
        ("massor av patienter", "ledningsansvar"),  # MAS is a word, not a prefix
        ("tillgång till läkare", "dygnet_runt"),  # läkare alone is everywhere
        ("avtalen i stort", "avtal"),
        ("omvårdnadens ledare", "ledarskapsutbildning"),
    ],
)
def test_common_words_do_not_match(remiss: Remiss, text: str, pid: str) -> None:
    assert not term_hits(text, remiss.proposal(pid))


def test_section_references() -> None:
    assert section_refs("förslagen i avsnitt 6.2 och 6.3 men inte kapitel 7") == ("6.2", "6.3", "7")
    assert section_refs("förslagen 13.3.3 och 13.3.4") == ("13.3.3", "13.3.4")


def test_section_numbers_are_learnt_from_numbered_headings(remiss: Remiss) -> None:
    seg = segment(
        build_document(
            """
        # 6.2 Krav på tillgång till medicinsk bedömning dygnet runt
        Text.

        # 7.4 Kommuner får anställa läkare
        Text.
        """
        )
    )
    assert learn_sections(seg, remiss) == {"6.2": ("dygnet_runt",), "7.4": ("kommunala_lakare",)}


def test_context_from_heading_paragraph_and_previous_paragraph(remiss: Remiss) -> None:
    seg = segment(
        build_document(
            """
        # Särskild ledningsansvarig
        Förvaltningen tillstyrker förslaget.

        Vi ser positivt på Magnetmodellen. Det gäller också uppföljningen.

        Förvaltningen tillstyrker även detta.

        # Övrigt
        Detta står under en rubrik utan förslag.
        """
        )
    )
    found = [
        (ms.sentence.text, ms.proposals(), ms.matches[0].how if ms.matches else None)
        for ms in match(seg, remiss)
    ]
    assert found == [
        ("Särskild ledningsansvarig", ("ledningsansvar",), MatchHow.HEADING),
        ("Förvaltningen tillstyrker förslaget.", ("ledningsansvar",), MatchHow.HEADING),
        ("Vi ser positivt på Magnetmodellen.", ("magnetmodellen",), MatchHow.TERM),
        ("Det gäller också uppföljningen.", ("magnetmodellen",), MatchHow.PARAGRAPH),
        ("Förvaltningen tillstyrker även detta.", ("magnetmodellen",), MatchHow.PARAGRAPH),
        ("Övrigt", (), None),
        ("Detta står under en rubrik utan förslag.", (), None),
    ]


def test_a_short_heading_is_not_taken_for_a_title_it_is_a_subset_of(remiss: Remiss) -> None:
    seg = segment(build_document("# Tillgång till läkare\nText om läget."))
    assert all(not ms.matches for ms in match(seg, remiss))


@pytest.mark.parametrize(
    ("text", "pid"),
    [
        (
            "Staten bör ge pengar så att sköterskorna i hemtjänsten kan läsa vidare.",
            "specialistsjukskoterskor",
        ),
        ("En person på nationell nivå som driver på för fler husläkare behövs inte.", "nationell_samordnare"),
        ("Att kommunen själv ska få knyta läkare till sig är rimligt.", "kommunala_lakare"),
        ("Någon måste kunna bedöma patienten även mitt i natten.", "dygnet_runt"),
        ("Överenskommelserna om läkarinsatser mellan region och kommun behöver bli skarpare.", "avtal"),
        ("De som leder omsorgen behöver få lära sig mer om sjukvård.", "ledarskapsutbildning"),
        ("Att prova en modell för attraktiva arbetsplatser är klokt.", "magnetmodellen"),
        ("Fler studenter från arbetsterapeututbildningen borde få handledning i kommunen.", "vulf"),
    ],
)
def test_concepts_name_a_proposal_in_the_respondents_own_words(remiss: Remiss, text: str, pid: str) -> None:
    (ms,) = [m for m in match(segment(build_document(text)), remiss) if m.sentence.text == text]
    concept = [m for m in ms.matches if m.how is MatchHow.CONCEPT]
    assert [m.proposal for m in concept] == [pid]
    assert concept[0].terms  # which concept matched which words, for explain


@pytest.mark.parametrize(
    "text",
    [
        "Kommunens chefer med omvårdnadsutbildning är få.",  # chefs with training, not a programme for them
        "Nattetid arbetar två sjuksköterskor i hemsjukvården.",  # night, but nobody assesses
        "Kommunens egna sjuksköterskor samarbetar med regionens läkare.",  # no one hires a physician
        # "leda" is not "ledare", though Swedish stems make them one word
        "Förbundet vill påminna om att en vidareutbildning måste leda till en karriärväg för de nyutbildade.",
    ],
)
def test_concepts_need_every_part(remiss: Remiss, text: str) -> None:
    matched = [m for ms in match(segment(build_document(text)), remiss) for m in ms.matches]
    assert [m for m in matched if m.how is MatchHow.CONCEPT] == []


def test_compound_words_match_by_their_parts() -> None:
    from remisskoll.analysis.wordforms import covers, stem

    assert covers(stem("distriktssköterskorna"), stem("sköterska"))  # the head of a compound
    assert covers(stem("läkarbedömningen"), stem("läkarbedömning"))  # inflected
    assert not covers(stem("läkemedel"), stem("läkare"))  # a short stem matches only a whole word


def test_a_range_of_sections_covers_every_section_in_it(remiss: Remiss) -> None:
    from dataclasses import replace

    numbered = replace(
        remiss,
        proposals=tuple(
            replace(p, sections=(s,))
            for p, s in zip(
                remiss.proposals,
                ["7.2", "7.3", "7.4", "7.5", "8.2", "8.3", "8.4.1", "8.4.2", "8.5"],
                strict=True,
            )
        ),
    )
    doc = build_document("Förbundet yttrar sig enbart över förslagen i avsnitt 8.3–8.5.")
    (ms,) = match(segment(doc), numbered)
    assert ms.proposals() == ("ledarskapsutbildning", "magnetmodellen", "specialistsjukskoterskor", "vulf")
    assert section_refs("avsnitten 7.2-7.4 och 8.2") == ("7.2–7.4", "8.2")


def test_a_heading_in_the_respondents_own_words_names_its_proposal(remiss: Remiss) -> None:
    doc = build_document("# Att kommunen själv ska få knyta läkare till sig\nFörbundet är tveksamt till det.")
    heading, sentence = match(segment(doc), remiss)
    assert heading.proposals() == ("kommunala_lakare",)
    assert sentence.proposals() == ("kommunala_lakare",)


def test_concepts_spread_over_the_clauses_of_a_sentence(remiss: Remiss) -> None:
    text = (
        "Vi stöder att en person får i uppdrag att på nationell nivå pressa regionerna – "
        "det behövs till sist en husläkare per elvahundra invånare."
    )
    (ms,) = match(segment(build_document(text)), remiss)
    assert {m.proposal for c in ms.clauses for m in c.matches} == {"nationell_samordnare"}


def test_a_sentence_that_points_back_completes_the_concepts_of_the_one_before(remiss: Remiss) -> None:
    first = "I dag står det på papper hur ofta en doktor ska besöka boendet."
    second = "Att en myndighet ska bestämma vad sådana överenskommelser ska innehålla är rätt."
    found = {ms.sentence.text: ms for ms in match(segment(build_document(f"{first} {second}")), remiss)}
    assert [m.proposal for m in found[second].matches] == ["avtal"]
    assert all(m.how is not MatchHow.CONCEPT for m in found[first].matches)
    # without the pointing word the two sentences stay apart
    apart = "Att en myndighet ska bestämma vad överenskommelser ska innehålla är rätt."
    found = {ms.sentence.text: ms for ms in match(segment(build_document(f"{first} {apart}")), remiss)}
    assert all(m.how is not MatchHow.CONCEPT for m in found[apart].matches)


def test_a_heading_in_own_words_does_not_hide_a_second_proposal_under_it(remiss: Remiss) -> None:
    text = """
    # Egna doktorer i kommunen och fler husläkare
    Att kommunen själv ska ha doktorer anställda avvisar vi.

    Däremot behövs en person på nationell nivå som driver på för fler husläkare.
    """
    found = {ms.sentence.text: ms for ms in match(segment(build_document(text)), remiss)}
    last = found["Däremot behövs en person på nationell nivå som driver på för fler husläkare."]
    assert [m.proposal for m in last.matches] == ["nationell_samordnare"]


def test_a_short_heading_is_not_a_long_term_it_begins(remiss: Remiss) -> None:
    assert term_hits("Allmänt", remiss.proposal("nationell_samordnare")) == ()
    assert term_hits("Allmänmedicinen i glesbygd", remiss.proposal("nationell_samordnare"))


def test_another_proposals_words_in_an_argument_stay_under_the_heading(remiss: Remiss) -> None:
    text = """
    # Kommunernas möjlighet att anställa läkare
    Regionen avstyrker förslaget. Kommunalt anställda läkare skulle konkurrera om samma specialister i
    allmänmedicin som vårdcentralerna. Det finns en risk för lönekonkurrens.

    Vad gäller den nationella samordnaren för fler specialister i allmänmedicin har regionen inga synpunkter.
    """
    found = {ms.sentence.text[:20]: ms for ms in match(segment(build_document(text)), remiss)}
    assert [m.proposal for m in found["Kommunalt anställda "].matches] == ["kommunala_lakare"]
    assert [m.proposal for m in found["Det finns en risk fö"].matches] == ["kommunala_lakare"]
    # a sentence that turns to another proposal does turn
    assert "nationell_samordnare" in [m.proposal for m in found["Vad gäller den natio"].matches]


def test_a_short_term_matches_as_written(remiss: Remiss) -> None:
    from remisskoll.analysis.match import own_matches

    assert own_matches("Hon försökte få tag i en läkare", remiss, {}) == ()  # not "egna läkare"
    assert [m.proposal for m in own_matches("Kommunen vill ha egna läkare", remiss, {})] == [
        "kommunala_lakare"
    ]


def test_words_of_a_proposal_named_by_its_terms_are_not_anothers_concepts(remiss: Remiss) -> None:
    text = "Förbundet avstyrker förslaget att kommunerna ska få anställa, avtala med eller finansiera läkare."
    (ms,) = match(segment(build_document(text)), remiss)
    assert [m.proposal for m in ms.matches] == ["kommunala_lakare"]


def test_a_sentence_whose_subject_is_another_proposal_turns_to_it(remiss: Remiss) -> None:
    text = """
    # Kommuner får anställa, anlita eller finansiera läkare
    Regionen tillstyrker förslaget.

    Försöksverksamheten med Magnetmodellen kommer från USA och bygger på attraktiva arbetsplatser. Regionen
    avstyrker den.
    """
    found = {ms.sentence.text[:20]: ms for ms in match(segment(build_document(text)), remiss)}
    assert [m.proposal for m in found["Försöksverksamheten "].matches] == ["magnetmodellen"]
    assert [m.proposal for m in found["Regionen avstyrker d"].matches] == ["magnetmodellen"]
