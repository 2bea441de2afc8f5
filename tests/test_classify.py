"""classify: the wording families of domain.md, their negations, reservations and blankets.

Each case is a small response; the expectation is what a careful human reader would label.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest

from remisskoll.analysis.classify import Classified, classify, find_cues
from remisskoll.analysis.lexicon import Polarity
from remisskoll.model import REVIEW_THRESHOLD, Basis, Cell, Remiss, Stance

Cells = Callable[[str], dict[str, Cell]]
P, N, C, NOP, NA = (
    Stance.POSITIVE,
    Stance.NEGATIVE,
    Stance.CONDITIONAL,
    Stance.NO_OPINION,
    Stance.NOT_ADDRESSED,
)

CASES = [
    # explicit positive families
    ("Kommunen tillstyrker förslaget om en nationell samordnare.", "nationell_samordnare", P),
    ("Regionen ställer sig positiv till Magnetmodellen.", "magnetmodellen", P),
    ("Förvaltningen ser positivt på en nationell ledarskapsutbildning.", "ledarskapsutbildning", P),
    ("Förbundet välkomnar medel till specialistsjuksköterskor.", "specialistsjukskoterskor", P),
    ("Vi instämmer i förslaget om VULF.", "vulf", P),
    ("Nämnden delar utredningens bedömning att en särskild ledningsansvarig behövs.", "ledningsansvar", P),
    ("Kommunen ställer sig bakom förslaget om stärkta avtal om läkarmedverkan.", "avtal", P),
    ("Det är bra att kommuner får anställa läkare.", "kommunala_lakare", P),
    ("Region Y stödjer kravet på bedömning dygnet runt.", "dygnet_runt", P),
    ("Förbundet står helt bakom förslaget om en nationell samordnare.", "nationell_samordnare", P),
    ("Föreningen hälsar med stor glädje förslaget om Magnetmodellen.", "magnetmodellen", P),
    ("Att kravet på bedömning dygnet runt skrivs in i lag tycker jag är bra.", "dygnet_runt", P),
    ("Kommunen ser, liksom SKR, ett värde i en särskild ledningsansvarig.", "ledningsansvar", P),
    ("Bolaget ser fördelar med att kommuner får anställa läkare.", "kommunala_lakare", P),
    ("Jag tycker att det är på tiden att det blir lag på bedömning dygnet runt.", "dygnet_runt", P),
    ("Vi delar utredningens syn på att kommuner ska få anställa läkare.", "kommunala_lakare", P),
    # explicit negative families
    ("Kommunen ser inget värde i en särskild ledningsansvarig.", "ledningsansvar", N),
    (
        "Regionen ser, till skillnad från SKR, varken fördelar eller värden i Magnetmodellen.",
        "magnetmodellen",
        N,
    ),
    (
        "Kommunen avstyrker Magnetmodellen och förstår inte varför utredningen valt den vägen.",
        "magnetmodellen",
        N,
    ),
    ("Regionen ser inga fördelar med att kommuner får anställa läkare.", "kommunala_lakare", N),
    ("Högskolan ställer sig frågande till förslaget om VULF.", "vulf", N),
    ("Kommunen avstyrker förslaget om Magnetmodellen.", "magnetmodellen", N),
    ("Regionen motsätter sig att kommuner anställer egna läkare.", "kommunala_lakare", N),
    ("Förvaltningen är starkt kritisk till kravet på bedömning dygnet runt.", "dygnet_runt", N),
    ("Nämnden är mycket tveksam till en försöksverksamhet med Magnetmodellen.", "magnetmodellen", N),
    ("Myndigheten avvisar förslaget om föreskrifter om avtal.", "avtal", N),
    # negation flips
    ("Regionen ställer sig inte positiv till en särskild ledningsansvarig.", "ledningsansvar", N),
    ("Kommunen kan inte tillstyrka förslaget om VULF.", "vulf", N),
    ("Kommunen tillstyrker inte förslaget om en nationell samordnare.", "nationell_samordnare", N),
    ("Förbundet instämmer inte i utredningens bedömning om Magnetmodellen.", "magnetmodellen", N),
    ("Förslaget om ledarskapsutbildning är inte tillräckligt utrett.", "ledarskapsutbildning", N),
    ("Regionen ställer sig inte bakom förslaget om kommunala läkare.", "kommunala_lakare", N),
    # conditional: positive head with a reservation, or for one part and against another
    (
        "Kommunen tillstyrker kravet på bedömning dygnet runt under förutsättning att det finansieras.",
        "dygnet_runt",
        C,
    ),
    ("Regionen är i huvudsak positiv till förslaget om VULF.", "vulf", C),
    (
        "Kommunen ställer sig positiv till Magnetmodellen men ser en risk att den blir dyr.",
        "magnetmodellen",
        C,
    ),
    (
        "Vi tillstyrker förslaget om specialistsjuksköterskor, förutsatt att staten tillför medel.",
        "specialistsjukskoterskor",
        C,
    ),
    (
        "Förbundet välkomnar stärkta avtal om läkarmedverkan men avstyrker föreskrifter om avtalens innehåll.",
        "avtal",
        C,
    ),
    (
        "Kommunen tillstyrker förslaget om MAS som ledningsansvarig. Samtidigt behöver ansvaret förtydligas.",
        "ledningsansvar",
        C,
    ),
    # no opinion, declining
    ("Kommunen har inga synpunkter på förslaget om VULF.", "vulf", NOP),
    ("Regionen lämnar förslaget om Magnetmodellen utan erinran.", "magnetmodellen", NOP),
    ("Myndigheten har inget att invända mot förslaget om kommunala läkare.", "kommunala_lakare", NOP),
    (
        "Kommunen kan inte ta ställning till förslaget om en nationell samordnare.",
        "nationell_samordnare",
        NOP,
    ),
    ("Förbundet avstår från att yttra sig om ledarskapsutbildningen.", "ledarskapsutbildning", NOP),
    # the intention supported, the proposal rejected
    (
        "Kommunen ser positivt på ambitionen men avstyrker förslaget om bedömning dygnet runt.",
        "dygnet_runt",
        N,
    ),
    # words in between, and negation families
    ("Kommunen ställer sig i allt väsentligt bakom förslaget om VULF.", "vulf", P),
    ("Förbundet ser inga skäl att motsätta sig en nationell samordnare.", "nationell_samordnare", NOP),
    # no objection and willing to take part: support
    (
        "Kommunen ser inga skäl att motsätta sig försöksverksamheten med Magnetmodellen och är beredd att delta"
        " i försöket.",
        "magnetmodellen",
        P,
    ),
    ("Regionen är heller inte negativ till förslaget om Magnetmodellen.", "magnetmodellen", P),
    # no view of its own, the question left to others
    ("Om Magnetmodellen vet jag inte riktigt vad jag ska tro.", "magnetmodellen", NOP),
    ("Vi vet inte om förslaget om Magnetmodellen löser problemet.", "magnetmodellen", NOP),
    ("Förslaget om Magnetmodellen ligger utanför myndighetens uppdrag.", "magnetmodellen", NOP),
    ("Om Magnetmodellen har föreningen ingen bestämd uppfattning.", "magnetmodellen", NOP),
    ("Förbundet överlåter frågan om Magnetmodellen åt andra.", "magnetmodellen", NOP),
    ("Förvaltningen är inte negativ till att kommuner får anställa läkare.", "kommunala_lakare", P),
    ("Nämnden har inget att erinra mot en ledarskapsutbildning för chefer.", "ledarskapsutbildning", NOP),
    (
        "Föreningen avstyrker inte förslaget om en särskild ledningsansvarig, men anser att det är fel väg "
        "att ge uppdraget till MAS.",
        "ledningsansvar",
        C,
    ),
    (
        "Kommunen avstyrker inte kravet på bedömning dygnet runt, men staten måste bära kostnaden.",
        "dygnet_runt",
        C,
    ),
    (
        "Nämnden anser däremot inte att föreskrifter om avtal är rätt väg att gå.",
        "avtal",
        N,
    ),
    ("Att tillsätta en nationell samordnare tror förbundet inte på.", "nationell_samordnare", N),
    # conditions with words in between
    ("Förslaget om VULF kan endast tillstyrkas om handledningen ersätts.", "vulf", C),
    (
        "Kommunen välkomnar medel till specialistsjuksköterskor. Det är av största vikt att finansieringen "
        "säkras innan utbildningarna startar.",
        "specialistsjukskoterskor",
        C,
    ),
    (
        "Regionen är positiv till Magnetmodellen men ser att det finns en risk för undanträngning.",
        "magnetmodellen",
        C,
    ),
    (
        "Förbundet ställer sig bakom förslaget om VULF. Det förutsätter enligt förbundets mening att "
        "platserna räcker till.",
        "vulf",
        C,
    ),
    (
        "Kommunen är positiv till stödet för specialistsjuksköterskor, men medlen måste räcka till lönen.",
        "specialistsjukskoterskor",
        C,
    ),
    # remarks beside support are not conditions
    (
        "Föreningen välkomnar förslaget om VULF. Föreningen vill samtidigt framhålla att handledningen bör "
        "ersättas.",
        "vulf",
        P,
    ),
    (
        "Kommunen tillstyrker en ledarskapsutbildning för chefer. Kommunen noterar att en annan utredning "
        "pågår om chefers villkor.",
        "ledarskapsutbildning",
        P,
    ),
    (
        "Nämnden ser en risk för högre kostnader men ställer sig ändå positiv till Magnetmodellen.",
        "magnetmodellen",
        P,
    ),
    (
        "Regionen delar bedömningen att kravet på bedömning dygnet runt kan mötas digitalt, förutsatt att "
        "journalen finns tillgänglig.",
        "dygnet_runt",
        P,
    ),
    (
        "Förvaltningen tillstyrker en ledarskapsutbildning, eftersom chefernas förutsättningar är avgörande "
        "för att behålla personal.",
        "ledarskapsutbildning",
        P,
    ),
]


@pytest.mark.parametrize(("text", "pid", "stance"), CASES)
def test_explicit_stance(cells: Cells, text: str, pid: str, stance: Stance) -> None:
    cell = cells(text)[pid]
    assert (cell.stance, cell.basis) == (stance, Basis.EXPLICIT)
    assert cell.evidence and cell.evidence[0].page == 1
    assert 0.0 < cell.confidence <= 1.0


def test_one_sentence_several_verdicts(cells: Cells) -> None:
    got = cells(
        "Kommunen tillstyrker förslagen om bedömning dygnet runt och om avtal om läkarmedverkan "
        "men avstyrker förslaget om Magnetmodellen."
    )
    assert {k: c.stance for k, c in got.items() if c.stance is not NA} == {
        "dygnet_runt": P,
        "avtal": P,
        "magnetmodellen": N,
    }


def test_blanket_statement_is_inherited_and_explicit_wins(cells: Cells) -> None:
    got = cells(
        """
        Kommunen ställer sig positiv till utredningens förslag.

        Kommunen avstyrker dock förslaget om Magnetmodellen.
        """
    )
    assert (got["magnetmodellen"].stance, got["magnetmodellen"].basis) == (N, Basis.EXPLICIT)
    assert (got["vulf"].stance, got["vulf"].basis) == (P, Basis.GENERAL)
    assert got["vulf"].evidence[0].quote == "Kommunen ställer sig positiv till utredningens förslag."


def test_remainder_blanket_decides_the_rest(cells: Cells) -> None:
    got = cells(
        """
        Kommunen tillstyrker förslaget om en nationell samordnare.

        I övrigt har kommunen inga synpunkter på betänkandet.
        """
    )
    assert got["nationell_samordnare"].stance is P
    assert (got["avtal"].stance, got["avtal"].basis) == (NOP, Basis.GENERAL)


def test_blanket_support_and_a_concern_about_one_proposal_is_conditional(cells: Cells) -> None:
    got = cells(
        """
        Kommunen tillstyrker samtliga förslag.

        Kommunen ser en risk att Magnetmodellen blir svår att införa.
        """
    )
    assert (got["magnetmodellen"].stance, got["magnetmodellen"].basis) == (C, Basis.EXPLICIT)
    assert got["vulf"].stance is P


def test_scope_statement_leaves_the_rest_not_addressed(cells: Cells) -> None:
    got = cells(
        "Förbundet yttrar sig endast över förslagen om kompetensförsörjning. "
        "Förbundet tillstyrker förslaget om specialistsjuksköterskor."
    )
    assert got["specialistsjukskoterskor"].stance is P
    assert got["dygnet_runt"].stance is NA


def test_reference_to_another_bodys_answer_is_not_support(cells: Cells, remiss: object) -> None:
    got = cells("Kommunen instämmer i SKR:s yttrande.")
    assert {c.stance for c in got.values()} == {NA}


def test_endorsing_the_officials_draft_is_procedure(cells: Cells) -> None:
    got = cells("# Beslut\nNämnden ställer sig bakom förvaltningens yttrande.")
    assert {c.stance for c in got.values()} == {NA}


def test_the_inquirys_voice_is_not_the_respondents(cells: Cells) -> None:
    got = cells(
        """
        # Bakgrund
        Utredningen föreslår att kommuner ska få anställa läkare. Utredningen bedömer att det är bra att
        kommunerna kan anställa egna läkare. Kommunerna ska stödja arbetet med Magnetmodellen.
        """
    )
    assert {c.stance for c in got.values()} == {NA}


def test_dissent_is_not_the_bodys_stance(cells: Cells) -> None:
    got = cells(
        """
        # Beslut
        Kommunstyrelsen tillstyrker förslaget om Magnetmodellen.

        # Reservation
        Ledamöterna för (SD) avstyrker förslaget om Magnetmodellen.
        """
    )
    assert got["magnetmodellen"].stance is P
    assert all("SD" not in e.quote for e in got["magnetmodellen"].evidence)


def test_restated_proposal_line_with_a_cue_word_is_not_a_stance(cells: Cells) -> None:
    got = cells(
        """
        Nationell ledarskapsutbildning för chefer – staten ger stöd till en utbildning.

        - Kommunen har inga synpunkter.
        """
    )
    assert got["ledarskapsutbildning"].stance is NOP


def test_what_the_state_gives_is_not_a_verdict(classified: Callable[[str], Classified]) -> None:
    result = classified("Nationell ledarskapsutbildning för chefer – staten ger stöd till en utbildning.")
    assert result.unplaced == ()
    assert {c.stance for c in result.cells} == {NA}
    assert find_cues("Kommunen ger förslaget sitt fulla stöd.")[0].polarity is Polarity.POSITIVE
    assert find_cues("Förbundet ger stöd åt utredningens förslag.")[0].polarity is Polarity.POSITIVE


def test_partitive_pointer_decides_nothing(cells: Cells) -> None:
    got = cells("Regionen är kritisk till delar av förslagen om kompetensförsörjning.")
    assert {c.stance for c in got.values()} == {NA}


def test_negation_in_a_later_subordinate_clause_does_not_flip(cells: Cells) -> None:
    got = cells("Kommunen tillstyrker förslaget om VULF eftersom studenterna i dag inte får praktik.")
    assert got["vulf"].stance is P


def test_cues_report_their_polarity() -> None:
    assert [c.polarity for c in find_cues("kan inte tillstyrka")] == [Polarity.NEGATIVE]
    assert [c.polarity for c in find_cues("har inga synpunkter")] == [Polarity.NO_OPINION]
    assert [c.polarity for c in find_cues("motsätter sig inte")] == [Polarity.NO_OPINION]
    assert find_cues("Utredningens bedömning") == []
    assert find_cues("Äldres hälsa med glädje och trygghet i vardagen") == []  # the noun, not "hälsar"
    assert [c.polarity for c in find_cues("Förbundet hälsar förslaget välkommet")] == [Polarity.POSITIVE]


def test_same_input_same_output(cells: Cells) -> None:
    text = "Kommunen tillstyrker samtliga förslag men avstyrker Magnetmodellen."
    assert cells(text) == cells(text)


@pytest.mark.parametrize(
    "summary",
    [
        "Regionen tillstyrker flertalet av förslagen men avstyrker två av dem.",
        "Nämnden ser positivt på flera av utredningens förslag, särskilt de som gäller läkarmedverkan.",
        "Förbundet tillstyrker merparten av betänkandets förslag.",
        "Det mesta i utredningen är bra.",
    ],
)
def test_a_summary_of_some_proposals_decides_none(cells: Cells, summary: str) -> None:
    got = cells(summary)
    assert {c.stance for c in got.values()} == {NA}


def test_a_blanket_with_exceptions_covers_the_rest(cells: Cells) -> None:
    got = cells(
        "# Beslut\nNämnden ställer sig i stort sett bakom utredningens förslag, med följande undantag:\n"
        "- Förslaget om VULF avstyrks."
    )
    assert (got["vulf"].stance, got["vulf"].basis) == (N, Basis.EXPLICIT)
    assert {(c.stance, c.basis) for pid, c in got.items() if pid != "vulf"} == {(P, Basis.GENERAL)}


def test_an_answer_of_its_own_under_a_heading(cells: Cells) -> None:
    got = cells("# Magnetmodellen\nInga synpunkter.\n\n# VULF\nFöreningen tillstyrker.")
    assert (got["magnetmodellen"].stance, got["vulf"].stance) == (NOP, P)


def test_a_verdict_naming_the_proposal_outweighs_one_under_its_heading(cells: Cells) -> None:
    got = cells(
        "# Samordnare och ledarskap\nFörvaltningen delar bedömningen att ansvaret bör ligga fast.\n"
        "Förvaltningen har inga synpunkter på förslaget om en nationell samordnare."
    )
    assert got["nationell_samordnare"].stance is NOP


def test_a_decision_that_changes_the_draft_counts_and_the_draft_does_not(cells: Cells) -> None:
    got = cells(
        "# Kommunstyrelsens beslut\n"
        "Kommunstyrelsen antar förvaltningens yttrande med följande ändring.\n"
        'Texten under rubriken "Egna läkare" ersätts med: "Ekby kommun tillstyrker förslaget om kommunala '
        'läkare."\n\n'
        "===\n"
        "# Yttrande\n"
        "# Egna läkare\n"
        "Ekby kommun avstyrker förslaget att kommuner ska få anställa läkare.\n"
        "# VULF\n"
        "Ekby kommun avstyrker förslaget om VULF."
    )
    assert got["kommunala_lakare"].stance is P
    assert got["vulf"].stance is N  # what the decision leaves alone, the draft still says


def test_a_members_motion_to_change_the_draft_is_not_a_decision(cells: Cells) -> None:
    got = cells(
        "# Yrkanden\n"
        "Eva Ek (C) yrkar att yttrandet ändras så att kommunen tillstyrker förslaget om VULF.\n\n"
        "# Yttrande\n"
        "Kommunen avstyrker förslaget om VULF."
    )
    assert got["vulf"].stance is N


def test_another_bodys_position_is_not_the_respondents(remiss: Remiss) -> None:
    from remisskoll.analysis.classify import classify
    from remisskoll.analysis.match import match
    from remisskoll.analysis.segment import segment

    from conftest import build_document

    text = (
        "Nämnden instämmer i Sveriges Kommuner och Regioners (SKR) yttrande.\n\n"
        "# VULF\nSKR avstyrker förslaget om VULF. Till skillnad från SKR tillstyrker nämnden förslaget.\n\n"
        "# Magnetmodellen\nSKR är positivt till Magnetmodellen, och nämnden delar den uppfattningen.\n\n"
        "# Ledningsansvar\nSKR ställer sig bakom en särskild ledningsansvarig. Nämnden delar inte den bedömningen."
    )

    def run(respondent: str) -> dict[str, Stance]:
        result = classify(match(segment(build_document(text)), remiss), remiss, respondent)
        return {c.proposal: c.stance for c in result.cells}

    got = run("Ekby kommun")
    assert (got["vulf"], got["magnetmodellen"], got["ledningsansvar"]) == (P, P, N)
    assert {got[pid] for pid in remiss.ids} == {P, N, NA}  # the reference invents no other stance
    # SKR answering for itself: "SKR avstyrker" is its own verdict
    assert run("Sveriges Kommuner och Regioner")["vulf"] is C


@pytest.mark.parametrize(
    ("text", "pid", "stance"),
    [
        ("Det är inte självklart att kommuner ska anställa egna läkare.", "kommunala_lakare", N),
        (
            "Förbundet tillstyrker en särskild ledningsansvarig. Det är dock inte självklart att MAS ska ha rollen.",
            "ledningsansvar",
            C,
        ),
        ("Förbundet ställer sig tveksamt till Magnetmodellen.", "magnetmodellen", N),
        ("Regionen är mer avvaktande till försöksverksamheten med Magnetmodellen.", "magnetmodellen", N),
    ],
)
def test_doubt_is_a_weak_objection(cells: Cells, text: str, pid: str, stance: Stance) -> None:
    assert cells(text)[pid].stance is stance


@pytest.mark.parametrize(
    "summary",
    [
        "Det finns mycket i betänkandet som föreningen välkomnar.",
        "Högskolan välkomnar särskilt de förslag i kapitel 8 som rör utbildning.",
    ],
)
def test_a_subset_the_respondent_does_not_name_decides_nothing(cells: Cells, summary: str) -> None:
    assert {c.stance for c in cells(summary).values()} == {NA}


@pytest.mark.parametrize(
    ("text", "pid", "stance"),
    [
        ("Det ser föreningen däremot mycket positivt på när det gäller Magnetmodellen.", "magnetmodellen", P),
        ("Vi är inte övertygade om att en särskild ledningsansvarig gör skillnad.", "ledningsansvar", N),
        (
            "Jag har svårt att se att en nationell samordnare löser bristen på husläkare.",
            "nationell_samordnare",
            N,
        ),
        ("Mot en nationell samordnare har jag inget emot.", "nationell_samordnare", P),
        ("Förvaltningen är inte främmande för att kommuner får anställa läkare.", "kommunala_lakare", P),
        ("Om Magnetmodellen vet jag för lite för att ha en uppfattning.", "magnetmodellen", NOP),
        (
            "Nämnden har inte tillräcklig kunskap om Magnetmodellen och hur den kan användas i en liten kommun "
            "för att kunna ta ställning till förslaget.",
            "magnetmodellen",
            NOP,
        ),
        ("Jag är alltså inte för det förslaget om VULF som det ser ut nu.", "vulf", N),
        (
            "Högskolan ställer sig positiv till att kommunerna tillförs medel för att sjuksköterskor ska kunna "
            "vidareutbilda sig till specialistsjuksköterskor.",
            "specialistsjukskoterskor",
            P,
        ),
        (
            "Våra medlemmar bryr sig inte om vem som anställer, bara om att doktorn kommer. Föreningen "
            "välkomnar att kommuner får anställa läkare.",
            "kommunala_lakare",
            P,
        ),
    ],
)
def test_more_wordings_of_the_genre(cells: Cells, text: str, pid: str, stance: Stance) -> None:
    assert cells(text)[pid].stance is stance


def test_a_verdict_on_förslaget_is_about_its_context_not_an_example_in_it(cells: Cells) -> None:
    got = cells(
        "# Avtal om läkarmedverkan\nUtredningen föreslår föreskrifter om avtal om läkarmedverkan.\n\n"
        "- Förvaltningen tillstyrker förslaget, förutsatt att föreskrifterna ger utrymme för digitala "
        "läkarbedömningar."
    )
    assert (got["avtal"].stance, got["dygnet_runt"].stance) == (C, NA)


def test_all_proposals_except_one(cells: Cells) -> None:
    got = cells(
        "Förbundet tillstyrker samtliga förslag i betänkandet utom förslaget att kommuner ska få anställa läkare.\n\n"
        "# Kommunala läkare\nFörbundet avstyrker förslaget."
    )
    assert got["kommunala_lakare"].stance is N
    assert {(c.stance, c.basis) for pid, c in got.items() if pid != "kommunala_lakare"} == {
        (P, Basis.GENERAL)
    }


def test_a_reference_worded_as_the_answer_another_body_gave(cells: Cells) -> None:
    got = cells("Staden instämmer i huvudsak i det yttrande som SKR har lämnat över betänkandet.")
    assert {c.stance for c in got.values()} == {NA}


def test_standing_behind_a_joint_answer_is_a_reference(classified: Callable[[str], Classified]) -> None:
    result = classified(
        "Nämnden har medverkat i det gemensamma remissvar som länets kommuner och regionen lämnar och står bakom"
        " det.\n\nNämnden avstyrker förslaget om Magnetmodellen.\n\nI övrigt har nämnden inga synpunkter utöver"
        " det som framgår av det gemensamma remissvaret."
    )
    got = {c.proposal: c for c in result.cells}
    assert got["magnetmodellen"].stance is N
    # neither a blanket "står bakom" nor a blanket "inga synpunkter": the stance is in the joint answer
    assert {c.stance for pid, c in got.items() if pid != "magnetmodellen"} == {NA}
    assert len(result.references) == 2


def test_how_something_is_to_be_funded_as_a_question_is_no_condition(cells: Cells) -> None:
    got = cells(
        "# Nationell samordnare\nFörbundet välkomnar förslaget. Förbundet vill understryka att samordnaren bör"
        " se över antalet utbildningsplatser och hur dessa ska finansieras."
    )
    assert got["nationell_samordnare"].stance is P
    got = cells(
        "# Nationell samordnare\nFörbundet välkomnar förslaget. Samordnaren måste finansieras av staten."
    )
    assert got["nationell_samordnare"].stance is C


def test_agreeing_on_the_problem_is_no_support_for_a_remedy_rejected(cells: Cells) -> None:
    got = cells(
        "# Nationell samordnare\nFörbundet delar utredningens bedömning att bristen på specialister i"
        " allmänmedicin är stor. Förbundet tror däremot inte att en nationell samordnare löser den. Förbundet"
        " avstyrker förslaget."
    )
    assert got["nationell_samordnare"].stance is N
    # sharing the proposal itself is support: with a part opposed, conditional
    got = cells(
        "# Nationell samordnare\nFörbundet delar utredningens förslag om en nationell samordnare men avstyrker"
        " att samordnaren placeras vid Socialstyrelsen."
    )
    assert got["nationell_samordnare"].stance is C
    # support for one part and a verdict against another is still conditional
    got = cells(
        "# Nationell samordnare\nFörbundet välkomnar en nationell samordnare. Förbundet avstyrker dock att"
        " samordnaren placeras vid Socialstyrelsen."
    )
    assert got["nationell_samordnare"].stance is C


def test_equal_terms_are_no_condition(cells: Cells) -> None:
    got = cells(
        "Förbundet tillstyrker förslaget om VULF, så att kommuner och privata utförare kan ta emot studenter på"
        " likvärdiga villkor."
    )
    assert got["vulf"].stance is P


@pytest.mark.parametrize(
    ("text", "stance"),
    [
        ("Förbundet är för att kommunerna ska få anställa egna läkare.", P),
        ("Förbundet är inte för att kommunerna ska få anställa egna läkare.", N),
        # a purpose, not a position
        ("Kommunen är beredd att anställa läkare för att patienterna ska få bättre vård.", NA),
    ],
)
def test_in_favour_of_with_a_clause(cells: Cells, text: str, stance: Stance) -> None:
    assert cells(text)["kommunala_lakare"].stance is stance


@pytest.mark.parametrize(
    "text",
    [
        "När det gäller Magnetmodellen har vi ingen uppfattning.",
        "Föreningen har ingen uppfattning om försöksverksamheten med Magnetmodellen.",
        "Styrelsen har diskuterat förslaget om Magnetmodellen men har inte kunnat enas om ett gemensamt"
        " ställningstagande.",
        "Nätverket har diskuterat förslaget om försöksverksamhet med Magnetmodellen men har inte kunnat enas om"
        " ett ställningstagande.",
    ],
)
def test_no_view_and_no_agreement_are_no_opinion(cells: Cells, text: str) -> None:
    assert cells(text)["magnetmodellen"].stance is NOP


def test_a_decision_that_adopts_a_motions_wording(cells: Cells) -> None:
    got = cells(
        "# Yrkanden\nOrdföranden yrkar bifall med den ändringen att texten om VULF ersätts med följande:\n\n"
        '"Nämnden avstyrker förslaget om VULF."\n\n'
        "# Beslut\nNämnden antar yttrandet med den ändringen att texten om VULF ersätts med lydelsen i "
        "ordförandens yrkande.\n\n"
        "# Yttrande\n# VULF\nNämnden tillstyrker förslaget om VULF."
    )
    assert got["vulf"].stance is N


# --- confidence: what an analyst must check --------------------------------------------------------


def test_a_verdict_verb_on_a_named_proposal_needs_no_review(cells: Cells) -> None:
    got = cells("Kommunen tillstyrker förslaget om Magnetmodellen.")
    assert got["magnetmodellen"].stance is P
    assert got["magnetmodellen"].confidence >= REVIEW_THRESHOLD
    # the response names nothing else and leaves no verdict unplaced: "nothing said" is sure too
    assert got["vulf"].stance is NA and got["vulf"].confidence >= REVIEW_THRESHOLD


def test_a_risk_read_as_a_condition_is_for_review(cells: Cells) -> None:
    got = cells(
        "Kommunen tillstyrker förslaget om Magnetmodellen. Det finns en risk att kostnaderna blir höga"
        " för mindre kommuner."
    )
    cell = got["magnetmodellen"]
    assert cell.stance is C and cell.confidence < REVIEW_THRESHOLD


def test_a_stated_condition_is_sure(cells: Cells) -> None:
    got = cells(
        "Kommunen tillstyrker förslaget om Magnetmodellen under förutsättning att staten finansierar det."
    )
    cell = got["magnetmodellen"]
    assert cell.stance is C and cell.confidence >= REVIEW_THRESHOLD


def test_unplaced_verdicts_are_listed_and_make_silence_unsure(
    classified: Callable[[str], Classified],
) -> None:
    alone = classified("Kommunen tillstyrker förslaget om Magnetmodellen.")
    pointer = "Kommunen är kritisk till delar av förslagen om kompetensförsörjning."
    both = classified(f"Kommunen tillstyrker förslaget om Magnetmodellen.\n\n{pointer}")
    assert alone.unplaced == ()
    assert [e.quote for e in both.unplaced] == [pointer]
    vulf = {c.proposal: c for c in both.cells}["vulf"]
    assert vulf.stance is NA and vulf.confidence < REVIEW_THRESHOLD


def test_a_reference_to_another_answer_makes_silence_least_sure(cells: Cells) -> None:
    # what SKR said is not in this file: every cell may hide a stance
    got = cells("Kommunen tillstyrker förslaget om Magnetmodellen.\n\nKommunen instämmer i SKR:s yttrande.")
    assert got["magnetmodellen"].stance is P
    assert got["vulf"].stance is NA and got["vulf"].confidence == 0.5


def test_a_closing_no_comment_does_not_take_back_a_blanket_verdict(cells: Cells) -> None:
    got = cells(
        "Kommunen ställer sig i huvudsak bakom utredningens förslag, med följande undantag: kommunen avstyrker"
        " förslaget om Magnetmodellen.\n\nI övrigt har kommunen inga synpunkter på betänkandet."
    )
    assert got["magnetmodellen"].stance is N
    assert (got["vulf"].stance, got["vulf"].basis) == (P, Basis.GENERAL)
    # without a blanket verdict, the closing line is the remainder's answer
    got = cells("Kommunen avstyrker förslaget om Magnetmodellen.\n\nI övrigt har kommunen inga synpunkter.")
    assert (got["vulf"].stance, got["vulf"].basis) == (NOP, Basis.GENERAL)


def test_one_members_reservation_is_told_once_by_its_stance(classified: Callable[[str], Classified]) -> None:
    result = classified(
        """
        # Beslut
        Nämnden tillstyrker förslaget om Magnetmodellen.

        # Reservation
        Eva Ek (M) reserverar sig mot beslutet i den del som gäller Magnetmodellen. Moderaterna anser att
        nämnden borde ha avstyrkt förslaget om Magnetmodellen.
        """
    )
    assert [(d.who, d.stance) for d in result.dissents] == [("Eva Ek (M)", N)]


def test_the_rest_of_the_proposals_is_a_remainder(cells: Cells) -> None:
    got = cells(
        "Jag tillstyrker förslaget om Magnetmodellen.\n\nResten av förslagen vet jag för lite om för att ha"
        " en åsikt."
    )
    assert got["magnetmodellen"].stance is P
    assert (got["vulf"].stance, got["vulf"].basis) == (NOP, Basis.GENERAL)


def test_nothing_to_add_to_another_answer_is_a_reference(classified: Callable[[str], Classified]) -> None:
    result = classified(
        "Kommunen tillstyrker förslaget om Magnetmodellen.\n\nKommunen har i övrigt inget att tillägga utöver"
        " det som framgår av SKR:s yttrande."
    )
    got = {c.proposal: c for c in result.cells}
    assert got["magnetmodellen"].stance is P
    assert got["vulf"].stance is NA and got["vulf"].confidence < REVIEW_THRESHOLD
    assert [e.quote[:21] for e in result.references] == ["Kommunen har i övrigt"]


def test_a_remit_statement_on_the_rest_is_a_scope(cells: Cells) -> None:
    got = cells(
        "Myndigheten tillstyrker förslaget om Magnetmodellen.\n\nÖvriga förslag ligger utanför myndighetens"
        " uppdrag."
    )
    assert got["magnetmodellen"].stance is P
    assert got["vulf"].stance is NA


def test_a_quotation_is_not_the_bodys_voice(cells: Cells) -> None:
    got = cells(
        """
        # Vad medlemmarna säger
        ”Om kommunen fick anställa egna läkare vore det bra. Jag tillstyrker det.” (sjuksköterska)

        # Kommunalt anställda läkare
        Förbundet avstyrker att kommuner får anställa läkare.
        """
    )
    assert got["kommunala_lakare"].stance is N
    # a quoted term is not a quotation
    got = cells("”Magnetmodellen” är ett namn som förbundet känner väl, och förbundet tillstyrker försöket.")
    assert got["magnetmodellen"].stance is P


def test_views_the_body_reports_are_not_its_own(cells: Cells) -> None:
    got = cells(
        "Vi förstår väl varför många medlemmar ser positivt på att kommunen själv ska kunna anställa läkare."
        " Förbundet avstyrker ändå förslaget."
    )
    assert got["kommunala_lakare"].stance is N
    got = cells("Många kommuner är positiva till att kommuner får anställa läkare.")
    assert got["kommunala_lakare"].stance is NA


def test_welcoming_the_inquirys_work_is_not_a_blanket(cells: Cells) -> None:
    got = cells("Förbundet välkomnar att utredningen tar patienternas behov på allvar.")
    assert {c.stance for c in got.values()} == {NA}
    got = cells("Förbundet välkomnar utredningen.")
    assert {(c.stance, c.basis) for c in got.values()} == {(P, Basis.GENERAL)}


def test_a_wish_is_not_a_condition(cells: Cells) -> None:
    got = cells(
        "Bolaget välkomnar en nationell ledarskapsutbildning för chefer. Det vore värdefullt om även chefer"
        " hos enskilda utförare kunde delta på samma villkor."
    )
    assert got["ledarskapsutbildning"].stance is P


def test_a_proposal_to_be_completed_is_conditional(cells: Cells) -> None:
    got = cells(
        "Bolaget ser fördelar med att kommuner får anställa läkare. Förslaget bör emellertid kompletteras så"
        " att även enskilda utförare omfattas."
    )
    assert got["kommunala_lakare"].stance is C


def test_a_verdict_on_the_proposal_in_hand_with_another_as_the_alternative(cells: Cells) -> None:
    got = cells(
        """
        # Magnetmodellen
        Förvaltningen är inte övertygad om att försöket passar en liten kommun. Förvaltningen ställer sig
        därför avvisande till förslaget och anser att medlen gör större nytta som medel till
        specialistsjuksköterskor.
        """
    )
    assert got["magnetmodellen"].stance is N
    assert got["specialistsjukskoterskor"].stance is NA


def test_exceptions_and_reservations_set_out_below_do_not_qualify_a_blanket(cells: Cells) -> None:
    got = cells(
        "Kommunen ställer sig bakom utredningens förslag med de undantag och förbehåll som framgår nedan."
        "\n\nKommunen avstyrker förslaget om Magnetmodellen."
    )
    assert (got["vulf"].stance, got["vulf"].basis) == (P, Basis.GENERAL)
    assert got["magnetmodellen"].stance is N


def test_partial_support_is_conditional(cells: Cells) -> None:
    assert cells("Förslaget om VULF tillstyrks delvis.")["vulf"].stance is C


def test_what_a_proposal_requires_is_not_the_respondents_condition(cells: Cells) -> None:
    got = cells(
        "Förbundet tillstyrker förslaget om Magnetmodellen. Förbundet noterar att försöket förutsätter"
        " engagerade chefer."
    )
    assert got["magnetmodellen"].stance is P
    got = cells(
        "Förbundet tillstyrker förslaget om Magnetmodellen. Försöket förutsätter enligt förbundets mening"
        " att staten betalar."
    )
    assert got["magnetmodellen"].stance is C


def test_a_view_shared_with_another_body_states_no_condition(cells: Cells) -> None:
    got = cells(
        "Kommunen tillstyrker förslaget om VULF och delar även SKR:s bedömning att förslagen medför"
        " kostnader som behöver finansieras."
    )
    assert got["vulf"].stance is P


def test_what_is_said_of_one_proposal_outweighs_what_is_said_of_its_chapter(remiss: Remiss) -> None:
    from dataclasses import replace

    from remisskoll.analysis.match import match
    from remisskoll.analysis.segment import segment

    from conftest import build_document

    numbered = replace(
        remiss,
        proposals=tuple(
            replace(p, sections=(n,))
            for p, n in zip(
                remiss.proposals,
                ["7.2", "7.3", "7.4", "7.5", "8.2", "8.3", "8.4.1", "8.4.2", "8.5"],
                strict=True,
            )
        ),
    )
    doc = build_document(
        "Regionen tillstyrker förslagen i kapitel 8, med de kommentarer som framgår nedan, och har inga"
        " synpunkter på förslaget om ledarskapsutbildning."
    )
    got = {c.proposal: c for c in classify(match(segment(doc), numbered), numbered).cells}
    assert got["ledarskapsutbildning"].stance is NOP
    assert got["magnetmodellen"].stance is P


def test_no_objection_on_a_condition_is_conditional(cells: Cells) -> None:
    got = cells(
        "Vi har inget att invända mot att avtalen om läkarmedverkan blir mer detaljerade, förutsatt att"
        " privata utförare omfattas."
    )
    assert got["avtal"].stance is C
    assert cells("Vi har inget att invända mot stärkta avtal om läkarmedverkan.")["avtal"].stance is NOP


def test_a_bare_answer_under_a_restated_proposal_is_the_respondents(cells: Cells) -> None:
    got = cells(
        """
        # Bakgrund
        8.2 Nationell samordnare – en samordnare ska verka för fler specialister i allmänmedicin.

        - Inga synpunkter.
        """
    )
    assert got["nationell_samordnare"].stance is NOP


def test_compensating_for_a_workload_is_not_funding(cells: Cells) -> None:
    got = cells(
        "Förbundet tillstyrker förslaget om en nationell ledarskapsutbildning. Förbundet vill dock påminna om"
        " att ingen utbildning kan kompensera för en orimlig arbetsbörda."
    )
    assert got["ledarskapsutbildning"].stance is P


def test_only_if_far_from_its_verb_is_a_condition(cells: Cells) -> None:
    got = cells(
        "Förbundet kan endast ställa sig bakom förslaget om specialistsjuksköterskor om medlen ges för"
        " flera år."
    )
    assert got["specialistsjukskoterskor"].stance is C


def test_welcoming_that_the_question_is_looked_into_is_no_verdict(cells: Cells) -> None:
    got = cells("Förbundet välkomnar att regeringen har låtit utreda frågan om specialistsjuksköterskor.")
    assert got["specialistsjukskoterskor"].stance is NA


@pytest.mark.parametrize(
    "text",
    [
        "Nämnden har delvis en annan syn på förslaget om en särskild ledningsansvarig.",
        "Deltagarnas syn på förslaget om en särskild ledningsansvarig varierar.",
        "Vårdcentralen ligger utanför tätorten i ett område som har en särskild ledningsansvarig.",
    ],
)
def test_words_that_only_look_like_a_verdict(cells: Cells, text: str) -> None:
    assert cells(text)["ledningsansvar"].stance is NA


def test_a_verdict_beside_appreciation_in_one_clause_counts(cells: Cells) -> None:
    got = cells("Kommunen välkomnar att frågan utreds och tillstyrker förslaget om Magnetmodellen.")
    assert got["magnetmodellen"].stance is P


def test_a_verdict_around_a_parenthetical_appreciation_is_read_across_it(cells: Cells) -> None:
    got = cells(
        "Regionen ser, även om vi uppskattar att frågan har lyfts, inga fördelar med förslaget om Magnetmodellen."
    )
    assert got["magnetmodellen"].stance is N


def test_a_quotation_closed_by_a_sentence_in_another_voice_ends(cells: Cells) -> None:
    got = cells(
        "”Vi behöver läkare på plats. Utredningen föreslår rätt sak”, säger en medlem. Förbundet tillstyrker"
        " förslaget om Magnetmodellen."
    )
    assert got["magnetmodellen"].stance is P
    # a quoted title as the subject of a verdict is no quotation
    assert (
        cells("”Försöksverksamheten med Magnetmodellen” tillstyrks av kommunen.")["magnetmodellen"].stance
        is P
    )


def test_a_wish_on_equal_terms_is_not_a_condition(cells: Cells) -> None:
    got = cells(
        "Bolaget välkomnar en nationell ledarskapsutbildning för chefer. Det vore värdefullt om även chefer"
        " hos enskilda utförare kunde delta på motsvarande villkor."
    )
    assert got["ledarskapsutbildning"].stance is P


def test_pointers_to_reservations_below_in_any_form(cells: Cells) -> None:
    got = cells("Kommunen ställer sig bakom utredningens förslag med de förbehållen som framgår nedan.")
    assert (got["vulf"].stance, got["vulf"].basis) == (P, Basis.GENERAL)
