"""Words for people: stance and type labels in Swedish and English, and the order a proposition lists
remissinstanser in. Codes for programs (CSV/JSON) stay the enums' values; this is what humans read."""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum

from .model import RespondentType, Response, Stance


class Lang(StrEnum):
    """The language of human output (--lang); codes for programs (CSV, JSON) are the same in both."""

    SV = "sv"
    EN = "en"


STANCE_WORDS: dict[Lang, dict[Stance, str]] = {
    Lang.SV: {
        Stance.POSITIVE: "Tillstyrker",
        Stance.CONDITIONAL: "Tillstyrker med förbehåll",
        Stance.NEGATIVE: "Avstyrker",
        Stance.NO_OPINION: "Inga synpunkter",
        Stance.NOT_ADDRESSED: "Yttrar sig inte",
    },
    Lang.EN: {
        Stance.POSITIVE: "Supports",
        Stance.CONDITIONAL: "Supports with conditions",
        Stance.NEGATIVE: "Opposes",
        Stance.NO_OPINION: "No opinion",
        Stance.NOT_ADDRESSED: "Not addressed",
    },
}

UNREADABLE_WORD: dict[Lang, str] = {Lang.SV: "Kunde inte läsas", Lang.EN: "Could not be read"}

# A proposition's "Remissinstanserna" lists authorities first, then regions, municipalities,
# organisations and the rest; within a group by name.
TYPE_ORDER: tuple[RespondentType, ...] = (
    RespondentType.MYNDIGHET,
    RespondentType.REGION,
    RespondentType.KOMMUN,
    RespondentType.ORGANISATION,
    RespondentType.FORETAG,
    RespondentType.ENSKILD,
    RespondentType.OTHER,
)

TYPE_WORDS: dict[Lang, dict[RespondentType, str]] = {
    Lang.SV: {
        RespondentType.MYNDIGHET: "Myndigheter",
        RespondentType.REGION: "Regioner",
        RespondentType.KOMMUN: "Kommuner",
        RespondentType.ORGANISATION: "Organisationer",
        RespondentType.FORETAG: "Företag",
        RespondentType.ENSKILD: "Enskilda",
        RespondentType.OTHER: "Övriga",
    },
    Lang.EN: {
        RespondentType.MYNDIGHET: "Authorities",
        RespondentType.REGION: "Regions",
        RespondentType.KOMMUN: "Municipalities",
        RespondentType.ORGANISATION: "Organisations",
        RespondentType.FORETAG: "Companies",
        RespondentType.ENSKILD: "Private persons",
        RespondentType.OTHER: "Others",
    },
}


def stance_word(stance: Stance, lang: Lang = Lang.SV) -> str:
    """The word a person reads for a stance ("Tillstyrker", "Supports")."""
    return STANCE_WORDS[lang][stance]


def proposition_key(r: Response) -> tuple[int, str, str]:
    """Sort key that orders responses as a proposition lists remissinstanser: by type, then by name
    (Swedish letters after z, case-insensitive), then by file so the order is total."""
    return (TYPE_ORDER.index(r.respondent_type), _swedish(r.respondent), r.file)


_ALPHABET = {"å": "{", "ä": "|", "ö": "}", "é": "e", "ü": "y"}


def _swedish(name: str) -> str:
    # Sorts å, ä, ö after z as a Swedish reader expects (no locale: it must be the same on every machine).
    return "".join(_ALPHABET.get(ch, ch) for ch in name.casefold())


# --- the language of human output -----------------------------------------------------------------


def lang_from_env(environ: Mapping[str, str] | None = None, system: str | None = None) -> Lang:
    """The language a user's locale asks for: the first of LC_ALL, LC_MESSAGES and LANG that is set
    (POSIX's order), Swedish when it is a Swedish locale ("sv_SE.UTF-8", "sv_FI", "sv"), else English.
    None of them set (Windows sets none): the system's locale, which Windows names "Swedish_Sweden".
    `environ` defaults to the process environment, `system` to locale.getlocale()'s name."""
    env = os.environ if environ is None else environ
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = env.get(name, "").strip()
        if value:
            return _swedish_locale(value)
    if system is None:
        import locale

        system = locale.getlocale()[0] or ""
    return _swedish_locale(system)


def _swedish_locale(name: str) -> Lang:
    return Lang.SV if re.match(r"(?:sv(?:[_.@-]|$)|swedish)", name.strip(), re.IGNORECASE) else Lang.EN


def stance_term(stance: Stance, lang: Lang) -> str:
    """A stance inside a sentence of terminal output: the code in English (as CSV and JSON have it, so
    that a reader can match them), the lower-case word in Swedish ("tillstyrker med förbehåll")."""
    return stance.value if lang is Lang.EN else STANCE_WORDS[lang][stance].lower()


def decimal(value: float, digits: int, lang: Lang) -> str:
    """A number as a reader of the language writes it: 0.85 in English, 0,85 in Swedish."""
    text = f"{value:.{digits}f}"
    return text.replace(".", ",") if lang is Lang.SV else text


@dataclass(frozen=True)
class Labels:
    """Every other word of human output in one language (placeholders in braces are filled by the caller).

    One instance per language in LABELS: a label missing in one of them is a type error, not a gap."""

    # the terminal matrix (report.render_table)
    respondent: str
    legend: tuple[str, ...]  # the symbols; `legend_review` is inserted before the last three
    legend_review: str  # {threshold}
    per_proposal: str
    proposal: str
    note_reference: str  # {page} {quote}
    note_dissent: str  # {text}
    note_same_text: str  # {others}
    a_member: str
    dissent: str
    dissent_on: str  # {names}
    page: str  # {page}
    next_review_one: str  # {example}
    next_review_many: str  # {example} {count}
    next_plain: str
    # compare --review (report.review_list)
    review_top: str  # {count} {total} {threshold} {files}
    review_inherited: str
    review_ocr: str
    review_confidence: str  # {value}
    review_unplaced: str  # {page} {quote}
    # explain (explain.render)
    explain_one_page: str
    explain_pages: str  # {pages}
    explain_parts: str
    explain_ocr: str
    explain_page_range: str  # {first} {last}
    explain_reference: str  # {page} {quote}
    explain_unplaced: str  # {page} {quote}
    explain_dissent: str  # {who} {stance} {on} {page} {quote}
    the_decision: str
    explain_cell: str  # {stance} {basis} {confidence} {rule}
    basis_general: str
    basis_explicit: str
    explain_evidence: str  # {page} {quote}
    explain_reviewed: str  # {reviewer} {date} {note}
    explain_no_passage: str
    explain_quoted: str  # {text}
    counted: str
    not_counted: str
    explain_match: str  # {how}
    explain_cues: str  # {cues}
    negated: str
    explain_hedges: str  # {hedges}
    stanza_lead: str
    # the workbook's cell values (workbook.to_xlsx); its sheet and column names are Swedish in both
    xlsx_basis_general: str
    xlsx_basis_explicit: str
    quote_at: str  # {page} {quote}
    xlsx_inherited: str
    xlsx_check: str  # {confidence} {threshold}
    xlsx_ocr: str
    xlsx_reviewed: str  # {reviewer} {date}{note}
    xlsx_yes: str
    xlsx_link: str  # {page}
    xlsx_open: str
    xlsx_choose: str
    xlsx_all: str
    xlsx_none: str
    xlsx_italic: str
    xlsx_frame: str  # {threshold}
    xlsx_comment: str
    # the summary's count table (summary.to_markdown, wordfile.to_docx); the prose is Swedish in both
    total: str
    count_caption: str
    # the remisslista (--invited): a row's mark by its answer, the legend entry, the counts line
    roll_declined: str
    roll_no_answer: str
    roll_unsolicited: str
    roll_ambiguous: str
    roll_legend: str
    roll_line: str  # {source} {invited} {answered} {declining} {no_answer} {unsolicited}
    roll_declining: str  # {count}
    roll_unassigned: str  # {count}


LABELS: dict[Lang, Labels] = {
    Lang.EN: Labels(
        respondent="Respondent",
        legend=(
            "+ positive",
            "± conditional",
            "− negative",
            "0 no opinion",
            "· not addressed",
            "(+) inherited from a general statement",
            "✓ reviewed by an analyst",
            "° read by OCR (check it against the page)",
            "✗ file not read",
        ),
        legend_review="? check it (confidence below {threshold}: `--review` lists them)",
        per_proposal="Per proposal",
        proposal="Proposal",
        note_reference="refers to another body's answer (p. {page}): “{quote}”",
        note_dissent="dissent not counted as the body's stance: {text}",
        note_same_text="largely the same text as {others}",
        a_member="a member",
        dissent="dissent",
        dissent_on=" on {names}",
        page="p. {page}",
        next_review_one=(
            "Next: `{example}` shows why a cell is what it is; `--review` lists the {count} cell(s) "
            "to check (? and °); `-f csv -o matris.csv` exports the matrix."
        ),
        next_review_many=(
            "Next: `{example}` shows why a cell is what it is; `--review` lists the {count} cell(s) "
            "to check (? and °); `-f csv -o matris.csv` exports the matrix."
        ),
        next_plain=(
            "Next: `remisskoll explain FILE --proposal LABEL` shows why a cell is what it is; "
            "`-f csv -o matris.csv` exports the matrix."
        ),
        review_top="{count} of {total} cells to check (confidence below {threshold}), in {files} file(s)",
        review_inherited=" (inherited)",
        review_ocr=" (read by OCR: check the quote against the page)",
        review_confidence="confidence {value}",
        review_unplaced="placed on no proposal, p. {page}: “{quote}”",
        explain_one_page="1 page(s)",
        explain_pages="{pages} page(s)",
        explain_parts="Parts: ",
        explain_ocr="Read by OCR (Tesseract): check every quote against the page image.",
        explain_page_range="pp. {first}–{last}",
        explain_reference="Refers to another body's answer (p. {page}): “{quote}”",
        explain_unplaced="A verdict placed on no proposal (p. {page}): “{quote}”",
        explain_dissent="Dissent by {who} — {stance} on {on} (p. {page}), not counted: “{quote}”",
        the_decision="the decision",
        explain_cell="{stance} ({basis}, confidence {confidence}) — rule: {rule}",
        basis_general="inherited from a general statement",
        basis_explicit="explicit",
        explain_evidence="evidence p. {page}: “{quote}”",
        explain_reviewed="reviewed by {reviewer} ({date}): {note}",
        explain_no_passage="no passage names this proposal",
        explain_quoted="“{text}”",
        counted="counted",
        not_counted="not counted",
        explain_match="match: {how}",
        explain_cues="  cues: {cues}",
        negated=", negated",
        explain_hedges="  reservation: {hedges}",
        stanza_lead="Override stanza — paste under `overrides:` in your overrides file and edit:",
        xlsx_basis_general="Inherited (general statement)",
        xlsx_basis_explicit="Explicit",
        quote_at="p. {page}: “{quote}”",
        xlsx_inherited="Inherited from a general statement about the whole inquiry.",
        xlsx_check="Check it: confidence {confidence} (below {threshold}).",
        xlsx_ocr="Read by OCR: check the quote against the page.",
        xlsx_reviewed="Reviewed by {reviewer} {date}{note}",
        xlsx_yes="yes",
        xlsx_link="p. {page}",
        xlsx_open="open",
        xlsx_choose="Choose one of the stances in the list (or an English code such as positive).",
        xlsx_all="All",
        xlsx_none="none",
        xlsx_italic="Italics: inherited from a general statement about the whole inquiry",
        xlsx_frame="Red frame: check it (confidence below {threshold})",
        xlsx_comment="A cell's comment: quotes and pages",
        total="Total",
        count_caption="Answers by stance and type of respondent:",
        roll_declined="declines",
        roll_no_answer="no answer",
        roll_unsolicited="not invited",
        roll_ambiguous="which body?",
        roll_legend="– invited, did not answer",
        roll_line="Remisslista {source}: {invited} invited, {answered} answered{declining}, "
        "{no_answer} did not answer, {unsolicited} not invited",
        roll_declining=" ({count} declining)",
        roll_unassigned=", {count} not assigned (two invited bodies fit the name)",
    ),
    Lang.SV: Labels(
        respondent="Remissinstans",
        legend=(
            "+ tillstyrker",
            "± tillstyrker med förbehåll",
            "− avstyrker",
            "0 inga synpunkter",
            "· yttrar sig inte",
            "(+) ärvd från ett allmänt uttalande",
            "✓ granskad av en analytiker",
            "° läst med OCR (jämför med sidan)",
            "✗ filen kunde inte läsas",
        ),
        legend_review="? granska (säkerhet under {threshold}: `--review` listar dem)",
        per_proposal="Per förslag",
        proposal="Förslag",
        note_reference="hänvisar till en annan remissinstans yttrande (s. {page}): ”{quote}”",
        note_dissent="reservation, räknas inte som remissinstansens ställning: {text}",
        note_same_text="i stort sett samma text som {others}",
        a_member="en ledamot",
        dissent="reservation",
        dissent_on=" om {names}",
        page="s. {page}",
        next_review_one=(
            "Nästa steg: `{example}` visar varför en cell är som den är; `--review` listar den cell som ska "
            "granskas (? eller °); `-f csv -o matris.csv` exporterar matrisen."
        ),
        next_review_many=(
            "Nästa steg: `{example}` visar varför en cell är som den är; `--review` listar de {count} celler "
            "som ska granskas (? och °); `-f csv -o matris.csv` exporterar matrisen."
        ),
        next_plain=(
            "Nästa steg: `remisskoll explain FIL --proposal FÖRSLAG` visar varför en cell är som den är; "
            "`-f csv -o matris.csv` exporterar matrisen."
        ),
        review_top="{count} av {total} celler att granska (säkerhet under {threshold}), i {files} fil(er)",
        review_inherited=" (ärvd)",
        review_ocr=" (läst med OCR: jämför citatet med sidan)",
        review_confidence="säkerhet {value}",
        review_unplaced="inte knutet till något förslag, s. {page}: ”{quote}”",
        explain_one_page="1 sida",
        explain_pages="{pages} sidor",
        explain_parts="Delar: ",
        explain_ocr="Läst med OCR (Tesseract): jämför varje citat med sidans bild.",
        explain_page_range="s. {first}–{last}",
        explain_reference="Hänvisar till en annan remissinstans yttrande (s. {page}): ”{quote}”",
        explain_unplaced="Ett ställningstagande som inte knutits till något förslag (s. {page}): ”{quote}”",
        explain_dissent="Reservation av {who} — {stance} om {on} (s. {page}), räknas inte: ”{quote}”",
        the_decision="beslutet",
        explain_cell="{stance} ({basis}, säkerhet {confidence}) — regel: {rule}",
        basis_general="ärvd från ett allmänt uttalande",
        basis_explicit="uttrycklig",
        explain_evidence="belägg s. {page}: ”{quote}”",
        explain_reviewed="granskad av {reviewer} ({date}): {note}",
        explain_no_passage="inget stycke nämner förslaget",
        explain_quoted="”{text}”",
        counted="räknas",
        not_counted="räknas inte",
        explain_match="träff: {how}",
        explain_cues="  signaler: {cues}",
        negated=", negerad",
        explain_hedges="  förbehåll: {hedges}",
        stanza_lead="Överstyrning — klistra in under `overrides:` i granskningsfilen och redigera:",
        xlsx_basis_general="Ärvd (allmänt uttalande)",
        xlsx_basis_explicit="Uttrycklig",
        quote_at="s. {page}: ”{quote}”",
        xlsx_inherited="Ärvd från ett allmänt uttalande om hela utredningen.",
        xlsx_check="Granska: säkerhet {confidence} (under {threshold}).",
        xlsx_ocr="Läst med OCR: jämför citatet med sidan.",
        xlsx_reviewed="Granskad av {reviewer} {date}{note}",
        xlsx_yes="ja",
        xlsx_link="s. {page}",
        xlsx_open="öppna",
        xlsx_choose="Välj en av ställningarna i listan (eller en engelsk kod, t.ex. positive).",
        xlsx_all="Alla",
        xlsx_none="ingen",
        xlsx_italic="Kursiv: ärvd från ett allmänt uttalande om hela utredningen",
        xlsx_frame="Röd ram: granska (säkerhet under {threshold})",
        xlsx_comment="Kommentaren i en cell: citat och sida",
        total="Totalt",
        count_caption="Antal svar per ställningstagande och typ av remissinstans:",
        roll_declined="avstår",
        roll_no_answer="inget svar",
        roll_unsolicited="ej remissinstans",
        roll_ambiguous="vilken remissinstans?",
        roll_legend="– inbjuden, har inte svarat",
        roll_line="Remisslista {source}: {invited} inbjudna, {answered} har svarat{declining}, "
        "{no_answer} har inte svarat, {unsolicited} ej remissinstans",
        roll_declining=" (varav {count} avstår)",
        roll_unassigned=", {count} kunde inte föras till en remissinstans (två passar namnet)",
    ),
}


def labels_for(lang: Lang) -> Labels:
    """The labels of human output in `lang`."""
    return LABELS[lang]
