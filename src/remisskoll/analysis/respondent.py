"""Respondent: which body (or person) answered, and its type.

Where a remissvar names its sender, from most to least telling (docs/genre.md):
1. the letterhead and the head of page 1: a line that is a name once the document type, date, page
   number and address are cut off ("REGION X YTTRANDE", "Y-förbundet • Box 1 …", "Yttrande från X");
2. a private person's letter: a person's name over a street address at the top;
3. the signature: "För X", or X on the line over the signers' names;
4. the body introducing itself: "X har beretts möjlighet att yttra sig", "X (XY) är en ideell förening";
5. a private person's closing ("Med vänlig hälsning" and a name) in a letter written as "jag";
6. the body speaking: "X tillstyrker …" (the most frequent such subject);
7. a kommun or region named on page 1, then the answering nämnd alone, last the file name.
A body the text only mentions (Socialstyrelsen, SKR, IVO, a region) is none of these. A nämnd or
förvaltning answers for its kommun: the kommun is reported when the document names it.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from pathlib import Path

from ..model import Document, Line, RespondentType
from .names import (
    NOT_A_PLACE,
    NameKind,
    classify_name,
    fold,
    is_address,
    is_generic,
    is_person,
    recase,
    word_set,
)

_NAME_WORD = r"[A-ZÅÄÖ][\wåäöéü-]+"
_MUNICIPALITY = re.compile(rf"\b((?:{_NAME_WORD}\s+)?{_NAME_WORD})\s+(kommun|stad)\b")
_REGION = re.compile(
    rf"\b(Region\s+{_NAME_WORD}(?:\s+{_NAME_WORD})?)\b"
    rf"|\b((?:{_NAME_WORD}\s+)?[A-ZÅÄÖ][\wåäö]{{2,}}regionen)\b"
)
_NAMND = re.compile(r"\b([A-ZÅÄÖ][\wåäö-]*(?:\s+och\s+[\wåäö]+)?(?:nämnden|styrelsen))\b")
_NOT_RESPONDENT = re.compile(r"departementet|regeringskansliet|^till\b|^er\s+ref|^mottagare|utredning", re.I)

TOP_LINES = 12  # the head of page 1 is never longer than this
_SIGNATURE_LINES = 14  # the closing of a page: signature, signers

# The parts of a letterhead line: name, document type, date, address, set apart by a separator.
_SEPARATOR = re.compile(r"\s+[•|·+–—-]\s+|\s{3,}|\t|,\s+")
# Words after a name on its line: the document type, a date, a page or file number, an address.
_NOT_NAME_WORDS = word_set(
    "yttrande remissyttrande remissvar svar remiss protokoll protokollsutdrag "
    "sammanträdesprotokoll utdrag tjänsteskrivelse tjänsteutlåtande skrivelse missiv promemoria "
    "pm beslut datum sammanträdesdatum dnr diarienummer sida sid ert er vår referens ref "
    "handläggare box telefon tel tfn fax växel postadress besöksadress c/o org.nr orgnr e-post "
    "www bilaga synpunkter kommentarer"
)
_FROM = re.compile(r"\bfrån\s+(.+)$")  # "Yttrande från X", "synpunkter från X"
_GENITIVE = re.compile(
    r"^(?P<name>.+?)(?P<s>:s|s)\s+(?:yttrande|remissyttrande|remissvar|svar|synpunkter|kommentarer)\b", re.I
)
# A body introducing itself or its answer; group "abbr" holds the short name it defines.
_SELF_VERB = (
    r"(?:har|hade)\s+(?:av\s+\w+\s+)?(?:beretts|getts|fått|erbjudits|inbjudits|anmodats|utsetts|ombetts"
    r"|givits)\s+(?:\w+\s+)?(?:möjlighet|tillfälle|betänkandet|remiss|rubricerat|som\s+remissinstans)"
    r"|har\s+utsetts\s+(?:till|som)\s+remissinstans"
    r"|lämnar\s+(?:härmed\s+|nedan\s+|här\s+)?(?:följande|sina|sitt|synpunkter|yttrande)"
    r"|har\s+tagit\s+del\s+av"
    r"|är\s+en\s+(?:\w+\s+){0,2}(?:förening|organisation|förbund|intresseorganisation|stiftelse|myndighet"
    r"|sammanslutning|riksorganisation|fackförbund|paraplyorganisation)"
    r"|organiserar|samlar\s+(?:\w+\s+)?(?:medlemmar|specialister|\d)|företräder|representerar"
    r"|vill\s+(?:härmed\s+)?(?:lämna|framföra)|tackar\s+för"
    r"|har\s+inte\s+(?:funnits\s+med\s+på|fått\s+betänkandet|fått\s+remissen|varit\s+remissinstans)"
    r"|yttrar\s+sig|har\s+(?:\w+\s+)?(?:anmodats|ombetts|beretts|getts)\s+(?:\w+\s+)?att\s+yttra\s+sig"
    r"|är\s+(?:inte\s+)?remissinstans"
)
_STANCE_VERB = (
    r"(?:tillstyrker|avstyrker|ställer\s+sig|välkomnar|instämmer|ser\s+positivt|är\s+positiv|är\s+kritisk"
    r"|har\s+inga\s+synpunkter|har\s+inget\s+att\s+invända|lämnar\s+\w+\s+utan\s+erinran)"
)
_KEEP_DASH = word_set("och eller samt respektive som till")
_SENTENCE_START = r"(?:^|(?<=\n)|(?<=[.!?])\s+|(?<=[–•])\s+|(?<=\s-)\s+)"


def _subject(verbs: str) -> re.Pattern[str]:
    return re.compile(
        _SENTENCE_START + r"(?P<subj>[A-ZÅÄÖ][^.!?\n]{0,110}?)\s+(?:\((?P<abbr>[A-ZÅÄÖ]{2,8})\)\s+)?"
        rf"(?:{verbs})\b"
    )


_SELF_SUBJECT = _subject(_SELF_VERB)
_STANCE_SUBJECT = _subject(_STANCE_VERB)
_ABBREVIATION = re.compile(r"(?P<name>[A-ZÅÄÖ][^.!?()\n]{2,110}?)\s+\((?P<abbr>[A-ZÅÄÖ]{2,8})\)")
_CLOSING = re.compile(r"^(?:med\s+)?vänlig(?:a)?\s+hälsning(?:ar)?[,.!]?$|^hälsningar[,!]?$", re.I)
_FIRST_PERSON = re.compile(r"\bjag\b|\bmig\b", re.I)
_BEHALF = re.compile(r"^För\s+(.+)$")
# A state agency's decision formula: "Beslut i detta ärende har fattats av generaldirektören …", "Detta
# yttrande har beslutats av direktören …" (an association's is taken by its styrelse or förbundsdirektör).
_AGENCY_DECISION = re.compile(
    r"\b(?:beslut\w*|yttrande\w*)\s+(?:i\s+(?:detta|det\s+här)\s+ärende\s+)?har\s+(?:fattats|beslutats|avgetts)\s+av\s+"
    r"(?:t\.f\.\s+|tillförordnade?\s+)?(?:generaldirektör|överdirektör|direktör|rektor|landshövding)",
    re.I,
)

_KIND_TYPE = {
    NameKind.KOMMUN: RespondentType.KOMMUN,
    NameKind.REGION: RespondentType.REGION,
    NameKind.FORETAG: RespondentType.FORETAG,
}


def detect_respondent(doc: Document) -> str:
    """The body's name ("Norrby kommun", "Region Västland", an organisation), else the file stem."""
    return detect_respondent_and_type(doc)[0]


def detect_respondent_and_type(doc: Document) -> tuple[str, RespondentType]:
    """The respondent's name and type: what the text shows (a private person's letter), else by name."""
    first = list(doc.pages[0].lines) if doc.pages else []
    head = _head(first)
    text = "\n".join([*doc.letterhead, *(page.text for page in doc.pages)])
    prose = [_prose(page.lines) for page in doc.pages]
    units: list[str] = []

    def done(name: str, kind: NameKind) -> tuple[str, RespondentType]:
        name = re.sub(r"\s*\([A-ZÅÄÖ]{2,8}\)$", "", name)  # the short name it defines: "(RXY)"
        name = _complete(recase(name, text), kind, text)
        found = _KIND_TYPE.get(kind) or respondent_type(name)
        if found in (RespondentType.ORGANISATION, RespondentType.OTHER) and _AGENCY_DECISION.search(text):
            # "Kompetensrådet …": a råd may be an agency; its decision formula tells
            found = RespondentType.MYNDIGHET
        return name, found

    # 1. The letterhead, then the head of page 1.
    for name, kind in _header_names([*doc.letterhead, *(line.text for line in head)], text):
        if kind is NameKind.UNIT:
            units.append(name)
        else:
            return done(name, kind)
    # 2. A private person: a name over an address at the top of the letter.
    if person := _letter_writer(first[:6]):
        return person, RespondentType.ENSKILD
    # 3. The signature: "För X", or X over the signers' names.
    for name, kind in _signature_names(doc):
        if kind is NameKind.UNIT:
            units.append(name)
        else:
            return done(name, kind)
    # 4. The body introducing itself.
    abbreviations = _abbreviations("\n".join(prose))
    for name, kind in _subjects(_SELF_SUBJECT, prose[:2], abbreviations, bare=True):
        if kind is NameKind.UNIT:
            units.append(name)
        else:
            return done(name, kind)
    # 5. A private person's closing in a letter written in the first person.
    if (person := _closing_person(doc)) and len(_FIRST_PERSON.findall(text)) >= 2:
        return person, RespondentType.ENSKILD
    # 6. The body speaking of itself: its most frequent name as the subject of a stance.
    spoken = Counter(n for n in _subjects(_STANCE_SUBJECT, prose, abbreviations, bare=False))
    for (name, kind), _count in spoken.most_common():
        if kind is not NameKind.UNIT:
            return done(name, kind)
    # 7. A kommun or region named on page 1; the nämnd alone; the file name.
    top = [line.text for line in first[:TOP_LINES]]
    for text_line in [*doc.letterhead, *top, *(line.text for line in first[TOP_LINES:])]:
        if not _NOT_RESPONDENT.search(text_line) and (place := _municipality_or_region(text_line)):
            return done(place, NameKind.REGION if _REGION.search(place) else NameKind.KOMMUN)
    if units:
        return done(units[0], NameKind.UNIT)
    for text_line in [*top, *(line.text for line in first[TOP_LINES:])]:
        m = _NAMND.search(text_line)
        if m and not _NOT_RESPONDENT.search(text_line):
            return done(m.group(1), NameKind.UNIT)
    name = _name_from_file(doc.path, text)
    return name, respondent_type(name)


def _head(lines: Sequence[Line]) -> list[Line]:
    """The head of page 1: the lines before the first sentence of running text."""
    head: list[Line] = []
    for line in lines[:TOP_LINES]:
        words = line.text.split()
        if len(words) >= 10 or (line.text.rstrip()[-1:] in (".", ",", ";") and len(words) >= 4):
            break
        head.append(line)
    return head


def _prose(lines: Sequence[Line]) -> str:
    """A page's lines as running text, one paragraph a line: a heading (bold, or a short line without
    closing punctuation before a capital) ends its line; a line-end hyphen within a word is undone."""
    parts: list[str] = []
    for i, line in enumerate(lines):
        text = line.text.strip()
        nxt = lines[i + 1].text.strip() if i + 1 < len(lines) else ""
        heading = line.bold or (
            len(text.split()) <= 8 and text[-1:] not in (".", ",", ";", ":", "-") and nxt[:1].isupper()
        )
        if heading or not nxt:
            parts.append(text + "\n")
        elif (
            re.search(r"[a-zåäö]-$", text) and re.match(r"[a-zåäö]", nxt) and nxt.split()[0] not in _KEEP_DASH
        ):
            parts.append(text[:-1])  # "kommu-" / "nernas"; not "hälso-" / "och sjukvård"
        else:
            parts.append(text + " ")
    return "".join(parts)


def _header_names(lines: Sequence[str], text: str) -> Iterable[tuple[str, NameKind]]:
    """Names in letterhead lines, in reading order: whole segments, "från X", "X:s yttrande"."""
    for i, line in enumerate(lines):
        if _NOT_RESPONDENT.search(line.strip()) and not _FROM.search(line):
            continue
        for part in _SEPARATOR.split(line):
            if found := _genitive(part, text) or _segment_name(part):
                name, kind = found
                # A name broken over two letterhead lines: "Riksföreningen för X" / "i Y (RXY)".
                if kind is NameKind.BODY and i + 1 < len(lines) and part.strip() == line.strip():
                    follow = re.sub(r"\s*\([^)]*\)\s*$", "", lines[i + 1].strip())
                    if re.match(r"(?:i|för|inom|och|av)\s", follow) and not re.search(r"\d", follow):
                        name = f"{name} {follow}"
                yield name, kind
                continue
            if (m := _FROM.search(part)) and (found := _segment_name(m.group(1))):
                yield found
                continue


def _segment_name(part: str) -> tuple[str, NameKind] | None:
    """The name at the start of a letterhead segment: cut at the document type, a date or a number."""
    words = part.split()
    while words and _not_name_word(words[0]):
        words.pop(0)
    kept: list[str] = []
    for word in words:
        if _not_name_word(word):
            break
        kept.append(word)
    if not kept:
        return None
    return classify_name(" ".join(kept))


def _not_name_word(word: str) -> bool:
    key = word.casefold().strip(":.,;()")
    return key in _NOT_NAME_WORDS or any(c.isdigit() for c in word) or "@" in word or key.startswith("www")


def _genitive(part: str, text: str) -> tuple[str, NameKind] | None:
    """ "Norrby kommuns yttrande", "X AB:s synpunkter" → the name, when the document writes it so."""
    m = _GENITIVE.match(part.strip())
    if not m:
        return None
    name = m.group("name")
    if m.group("s") == "s" and not _written(name, text) and _written(name + "s", text, times=2):
        name = name + "s"  # the s is the name's own: "Högskolan i Lindås yttrande"
    return classify_name(name)


def _written(name: str, text: str, times: int = 1) -> bool:
    return len(re.findall(rf"\b{re.escape(name)}\b", text)) >= times


def _letter_writer(lines: Sequence[Line]) -> str | None:
    """A private person's letter: a person's name directly over a street address or postal code."""
    for i, line in enumerate(lines):
        if is_person(line.text) and any(is_address(nxt.text) for nxt in lines[i + 1 : i + 3]):
            return _person_name(line.text)
        # on one line: "Sten Lövgren, Storgatan 3, 123 45 Ekby", or without commas
        name, _, rest = line.text.partition(",")
        if rest and is_person(name.strip()) and is_address(rest.strip()):
            return _person_name(name)
        words = line.text.split()
        for k in (2, 3):
            name, rest = " ".join(words[:k]), " ".join(words[k:])
            if rest and is_person(name) and is_address(rest):
                return _person_name(name)
    return None


def _closing_person(doc: Document) -> str | None:
    """The name under "Med vänlig hälsning" on the last page that has one."""
    for page in reversed(doc.pages):
        lines = [line.text.strip() for line in page.lines if line.text.strip()]
        for i, line in enumerate(lines):
            if _CLOSING.match(line):
                for nxt in lines[i + 1 : i + 3]:
                    if is_person(nxt):
                        return _person_name(nxt)
    return None


def _person_name(text: str) -> str:
    name = text.split(",")[0].strip()
    return name.title() if name.isupper() else name


def _signature_names(doc: Document) -> Iterable[tuple[str, NameKind]]:
    """ "För X" on a line of its own; a body's name on the line over the signers' names."""
    for page in doc.pages:
        for line in page.lines:
            m = _BEHALF.match(line.text.strip())
            if m and (found := classify_name(m.group(1))):
                yield found
    for page in reversed(doc.pages):
        closing = [line.text.strip() for line in page.lines[-_SIGNATURE_LINES:] if line.text.strip()]
        for i, text in enumerate(closing):
            found = classify_name(text)
            if found and any(is_person(nxt) for nxt in closing[i + 1 : i + 3]):
                yield found
            # A signer's title line: "Vd, X AB", "Ordförande, X-förbundet".
            if i and is_person(closing[i - 1]) and not found:
                for part in _SEPARATOR.split(text):
                    if (named := classify_name(part)) and named[1] is not NameKind.UNIT:
                        yield named


def _abbreviations(prose: str) -> dict[str, str]:
    """Short names the text defines: "Riksföreningen X (RX)" → {"RX": "Riksföreningen X"}."""
    found: dict[str, str] = {}
    for m in _ABBREVIATION.finditer(prose):
        words = m.group("name").split()
        # The longest tail of the words before the parenthesis that is a name.
        for start in range(len(words)):
            tail = " ".join(words[start:])
            if tail[0].isupper() and classify_name(tail):
                found.setdefault(m.group("abbr"), tail)
                break
    return found


def _subjects(
    pattern: re.Pattern[str], pages: Sequence[str], abbreviations: dict[str, str], *, bare: bool
) -> Iterable[tuple[str, NameKind]]:
    """The names that are the subject of `pattern`'s verbs, in order; `bare` also takes a plain
    capitalised name ("Trygghemmet har beretts …") when the verb says the body is introducing itself."""
    for prose in pages:
        for m in pattern.finditer(prose):
            subj = m.group("subj").strip()
            if subj in abbreviations:
                subj = abbreviations[subj]
            if found := classify_name(subj):
                yield found
            elif bare and _bare_name(subj):
                company = re.search(rf"\b{re.escape(subj)}(?:\s+[A-ZÅÄÖ][\wåäö-]*){{0,3}}\s+AB\b", prose)
                yield (company.group(0), NameKind.FORETAG) if company else (subj, NameKind.BODY)


def _bare_name(subj: str) -> bool:
    """One to three capitalised words that name nothing generic: "Trygghemmet", "Vårdkraft Norr"."""
    words = subj.split()
    if not 1 <= len(words) <= 3 or not all(w[0].isupper() and w.isalpha() for w in words):
        return False
    if len(words) == 1 and (words[0].isupper() or len(words[0]) < 4):  # an undefined abbreviation
        return False
    return not any(is_generic(w) for w in words) and classify_name(subj) is None and not is_person(subj)


def _complete(name: str, kind: NameKind, text: str) -> str:
    """An association's full name when the text writes it longer: the letterhead may hold only its
    start ("Riksföreningen för X" of "Riksföreningen för X i Y (RXY)")."""
    if kind is not NameKind.BODY:
        return name
    longest = name
    tail = r"((?:\s+(?:[a-zåäöé][\wåäöé]*-?|och|i|för)){1,10}?)"
    for m in re.finditer(re.escape(name) + tail + r"\s*\(([A-ZÅÄÖ]{2,8})\)", text):
        full = " ".join((name + m.group(1)).split())
        if m.group(2)[0] == name[0].upper() and len(full) > len(longest):
            longest = full
    for m in re.finditer(r"^För\s+(" + re.escape(name) + r"[ \t].+)$", text, re.M):
        full = " ".join(m.group(1).split())
        if classify_name(full) and len(full) > len(longest):
            longest = full
    return longest


def _municipality_or_region(text: str) -> str | None:
    m = _REGION.search(text)
    if m:
        return (m.group(1) or m.group(2)).strip()
    for m in _MUNICIPALITY.finditer(text):
        words = m.group(1).split()
        while words and words[0].lower() in NOT_A_PLACE:
            words = words[1:]
        if words:
            return f"{' '.join(words)} {m.group(2)}"
    return None


def _name_from_file(path: str, text: str) -> str:
    """The file name as the document spells it: "vardyrkesforbundet.pdf" → "Vårdyrkesförbundet" when the
    text has that name; the longest start of the file name that the text has as a body's name."""
    words = fold(fallback_name(path)).split()
    folded = fold(text)
    for end in range(len(words), 0, -1):
        pattern = r"\b" + r"[\s-]+".join(re.escape(w) for w in words[:end]) + r"\b"
        for m in re.finditer(pattern, folded):
            span = " ".join(text[m.start() : m.end()].split())
            found = classify_name(recase(span, text))
            if found and found[1] is not NameKind.UNIT:
                return _complete(found[0], found[1], text)
            if end == len(words) and span[:1].isupper() and not span.isupper():
                return span
    return fallback_name(path)


def fallback_name(path: str) -> str:
    """A readable name from a file name: "07_norrby-kommun.pdf" → "Norrby kommun"."""
    stem = Path(path).stem
    stem = re.sub(r"^(?:[a-zA-Z]?\d{1,4})[-_ .]+(?=\D)", "", stem)  # a running number: d06-, 07_
    name = re.sub(r"[-_]+", " ", stem).strip() or Path(path).name
    return name[:1].upper() + name[1:]


_TYPE_RULES: tuple[tuple[RespondentType, re.Pattern[str]], ...] = (
    (RespondentType.FORETAG, re.compile(r"\bab\b|\baktiebolag|\(publ\)|\bhb\b|\bkb\b|\bhandelsbolag")),
    (RespondentType.KOMMUN, re.compile(r"\bkommun\b|\bstad\b|\bkommunstyrelsen\b|\bkommunförbund")),
    (
        RespondentType.REGION,
        re.compile(r"^region\s|regionen$|\blandsting|^regionstyrelsen|^regionfullmäktige"),
    ),
    (
        RespondentType.MYNDIGHET,
        re.compile(
            r"myndighet|verket\b|inspektion|styrelsen\b|ombudsman|kollegiet|domstol|rätten\b|rätt$"
            r"|universitet"
            r"|högskola|länsstyrelse|\bstatens\s|institutet\b|kommissionen|myndigheten|statskontoret"
        ),
    ),
    (
        RespondentType.ORGANISATION,
        re.compile(
            r"förbund|förening|^sveriges\s|^svenska\s|organisation|akademi|rådet\b|stiftelse|samfund|fack"
            r"|sällskap|nätverk|företagarna"
        ),
    ),
    (RespondentType.KOMMUN, re.compile(r"nämnden$|förvaltningen$")),  # a nämnd alone is most often a kommun's
)


def respondent_type(name: str) -> RespondentType:
    """kommun, region, myndighet, organisation, foretag or other, from the name alone (a private person
    is told by the letter's form: detect_respondent_and_type)."""
    low = name.strip().lower()
    for kind, pattern in _TYPE_RULES:
        if pattern.search(low):
            return kind
    return RespondentType.OTHER  # a person's name alone may be a body's: enskild needs the letter
