"""The forms of names in a remissvar: a body's name, a sub-unit, a person, an address line.

Pure string rules for respondent.py. A body's name is recognised by its shape, never from a list of
bodies: "X kommun", "X stad", "Region X", "X-regionen", a word that names a kind of body
("-förbundet", "-föreningen", "-myndigheten", "-verket", "universitet", "högskola", "AB" …), or
"Sveriges/Svenska X". A sub-unit (a nämnd, förvaltning, kommunstyrelse, fakultet, institution) is
told apart: it answers for a body but is not the body.
"""

from __future__ import annotations

import re
from enum import StrEnum


class NameKind(StrEnum):
    KOMMUN = "kommun"
    REGION = "region"
    BODY = "body"  # an agency, university, association, union …
    FORETAG = "foretag"  # a company
    UNIT = "unit"  # a nämnd, förvaltning or other part of a body


def word_set(text: str) -> frozenset[str]:
    """A set of words written as one string."""
    return frozenset(text.split())


_UP = "A-ZÅÄÖÉÜ"
_LOW = "a-zåäöéü"
_WORD = rf"[{_UP}{_LOW}][{_LOW}{_UP}-]*"

# Words that may precede "kommun" without naming one ("varje kommun", "den egna kommunen").
NOT_A_PLACE = word_set(
    "varje den en vår samma berörd berörda respektive aktuell hemmahörande denna egen egna annan "
    "enskild utredningen att och som för till från per där hela din er ert min mitt sin sitt en "
    "ett ny nya"
)

# A word naming a kind of body; the stem must be part of one word (Vårdyrkesförbundet, Skolverket).
_BODY_WORD = re.compile(
    r"(?:förbund|förening|myndighet|verk|inspektion|universitet|university|högskola|högskolan|institut"
    r"|ombud|ombudsman(?:nen)?|kollegi|akademi|sällskap|stiftelse|samfund|organisation|kommission"
    r"|domstol|rätt|länsstyrelse|nätverk|kooperativ|centrum|styrelse|kontor|kammar|företagarna"
    r"|arbetsgivarna"
    # a råd, but not "område" nor a politician's title (kommunalråd, regionråd …)
    r"|(?<!om)(?<!kommunal)(?<!region)(?<!stats)(?<!borgar)(?<!oppositions)råd)"
    r"(?:et|en|n|s|a|ets|ens|erna|ar|um)?$"
)
# The bare kind, with nothing naming which one: "Förbundet", "Riksförbund", "Myndigheten".
_GENERIC = word_set(
    "förbund förbundet riksförbund riksförbundet förening föreningen riksförening riksföreningen "
    "myndighet myndigheten verket universitet universitetet högskola högskolan institut "
    "institutet akademi akademin akademien rådet styrelsen organisation organisationen kommunen "
    "regionen staden nämnden förvaltningen bolaget företaget stiftelsen kontoret centrum "
    "kommissionen domstolen"
)
# A styrelse or kontor that is part of a body, not an agency of its own (Socialstyrelsen, Statskontoret are).
_UNIT_WORD = re.compile(
    r"(?:nämnd|nämnden|förvaltning|förvaltningen|(?<!stats)(?<!riksgälds)kontoret|utskott|utskottet"
    r"|kansliet)$"
    r"|^(?:kommun|region|landstings|förbunds|förenings|stads|bolags)?styrelsen?$"
)
_UNIT_HEAD = word_set(
    "akademin avdelningen enheten fakulteten institutionen sektionen kansliet förvaltningen "
    "staben området verksamhetsområdet centret"
)
_COMPANY = re.compile(
    r"\s(?:AB|Aktiebolag|HB|KB|Handelsbolag)(?:\s+\(publ\))?$|^(?:Aktiebolaget|Handelsbolaget)\s"
)
# A first word that starts a clause, not a name ("Enligt Socialstyrelsen", "Även regionen").
_CLAUSE_WORD = word_set(
    "enligt för i på med av till om när då även också dessutom därför samtidigt vidare men och "
    "eftersom att det den detta denna de dessa vi jag man hon han hen ni du under inom utan efter "
    "före mot genom både antingen här där så som vilket redan inte"
)
_CONNECTOR = word_set("i för och av med inom på till samt")


def classify_name(text: str) -> tuple[str, NameKind] | None:
    """The name and its kind if `text`, as a whole, is a body's (or a sub-unit's) name; else None."""
    return _classify(text, split=True)


def _classify(text: str, *, split: bool) -> tuple[str, NameKind] | None:
    s = " ".join(text.split()).strip(" ,;:")
    if not s or not s[0].isupper() or len(s) > 100:
        return None
    words = s.split()
    if len(words) > 12 or words[0].casefold() in _CLAUSE_WORD:
        return None
    if re.search(r"departement|regeringskansli|\bSOU\b|utredning|betänkande|[@:;,•|]|\d|\s[–—-]\s", s, re.I):
        return None
    # "Vård- och omsorgsnämnden i Norrby kommun" answers for Norrby kommun.
    m = re.fullmatch(r"(.+?)\s+i\s+(.+)", s)
    if m and _is_unit(m.group(1).split()):
        inner = _classify(m.group(2), split=False)
        if inner and inner[1] in (NameKind.KOMMUN, NameKind.REGION):
            return inner
    # "Norrby kommun Socialnämnden", "Högskolan i X Akademin för Y": the body, then its unit.
    for cut in range(1, len(words)) if split else ():
        if words[cut][0].isupper() and _is_unit(words[cut:]) and len(words) - cut <= 6:
            body = _classify(" ".join(words[:cut]), split=False)
            if body and body[1] is not NameKind.UNIT:
                return body
    if place := _place(s):
        return place
    if _COMPANY.search(s) and 2 <= len(words) <= 8:
        return s, NameKind.FORETAG
    if _is_unit(words):
        return (s, NameKind.UNIT) if len(words) <= 8 else None
    low = [w.casefold().strip(".,()") for w in words]
    if low[0] in _GENERIC and (len(words) == 1 or not _may_follow(words[1])):
        return None  # "Förbundet", "Föreningen anser": the kind of body, not its name
    at = next((i for i, w in enumerate(low) if _BODY_WORD.search(w)), None)
    if at is not None and not _name_tail(words[at + 1 :]):
        return None  # "Förbundet X organiserar …": a clause about a body, not its name
    if at is not None or (
        len(words) >= 2 and low[0] in ("sveriges", "svenska", "svensk", "statens") and _name_tail(words[2:])
    ):
        return s, NameKind.BODY
    return None


def _name_tail(words: list[str]) -> bool:
    """What follows a body's kind in its name: capitalised words ("Fackförbundet Vårdkraft", "… AB"),
    or a connector and then anything ("Riksföreningen för medicinskt ansvariga i …")."""
    for word in words:
        if word.casefold() in _CONNECTOR:
            return True
        if not _may_follow(word):
            return False
    return True


def _may_follow(word: str) -> bool:
    """A word that may follow a body's kind in its name: a capitalised name, a connector, "AB"."""
    return word[0].isupper() or word[0] == "(" or word.casefold() in _CONNECTOR


def _place(s: str) -> tuple[str, NameKind] | None:
    m = re.fullmatch(rf"((?:{_WORD}[\s-]+){{0,2}}{_WORD})\s+(kommun|stad)", s, re.I)
    if m:
        place = m.group(1).split()
        if all(w[0].isupper() for w in place) and place[0].casefold() not in NOT_A_PLACE:
            return s, NameKind.KOMMUN
        return None
    m = re.fullmatch(rf"region((?:\s+{_WORD}){{1,3}})", s, re.I)
    if m and all(w[0].isupper() for w in m.group(1).split()):
        return s, NameKind.REGION
    if re.fullmatch(rf"(?:[{_UP}]{_WORD}\s+)?[{_UP}][{_LOW}{_UP}]{{2,}}regionen", s, re.I) and s[0].isupper():
        return s, NameKind.REGION
    if re.fullmatch(rf"(?:{_WORD}\s+){{1,2}}läns\s+landsting|landstinget\s+i(?:\s+{_WORD}){{1,2}}", s, re.I):
        return s, NameKind.REGION
    return None


def _is_unit(words: list[str]) -> bool:
    low = [w.casefold() for w in words]
    if low[0] in _UNIT_HEAD and (len(low) == 1 or low[1] in ("för", "inom", "vid")):
        return True
    return bool(_UNIT_WORD.search(low[-1]))


def is_generic(word: str) -> bool:
    """A word that names a kind of body or a unit without saying which: "Förbundet", "Nämnden"."""
    low = word.casefold()
    return low in _GENERIC or bool(_UNIT_WORD.search(low))


_PARTICLE = word_set("af von de van der du la")
_PERSON_WORD = re.compile(rf"[{_UP}][{_LOW}]+(?:-[{_UP}][{_LOW}]+)?\.?")
_NOT_PERSON = word_set(
    "till med vänlig vänliga hälsning hälsningar datum yttrande remissvar synpunkter angående "
    "ärende socialdepartementet regeringskansliet sammanfattning bakgrund beslut ordförande "
    "sekreterare bilaga stockholm sverige"
)


def is_person(text: str) -> bool:
    """A line that is one or two people's names: "Sten Lövgren", "Anna-Karin Sjöberg Per Lind"."""
    s = text.split(",")[0].strip()
    if s.isupper():
        s = s.title()
    words = s.split()
    if not 2 <= len(words) <= 6:
        return False
    if any(w.casefold() in _NOT_PERSON for w in words) or classify_name(s) is not None:
        return False
    named = [w for w in words if w.casefold() not in _PARTICLE]
    return len(named) >= 2 and all(_PERSON_WORD.fullmatch(w) for w in named)


_ADDRESS = re.compile(
    # Skolvägen 7, Storgatan 12 B, Sjövägen 14 794 99 Ödsåsen
    rf"^(?:[{_UP}][\w.-]*\s+){{1,3}}\d+\s?[A-Za-z]?(?:\s*,.*|\s+\d{{3}}\s?\d{{2}}\s+\w.*)?$"
    r"|^\d{3}\s?\d{2}\s+\w"  # 842 00 Norra Ålsta
    r"|^Box\s+\d+|@|^(?:Tel|Telefon|Mobil|Tfn)\b",
    re.I,
)


def is_address(text: str) -> bool:
    return bool(_ADDRESS.search(text.strip()))


def recase(name: str, text: str) -> str:
    """An ALL-CAPS name as the document writes it elsewhere, else in the usual Swedish casing."""
    if not name.isupper():
        return name
    pattern = r"\b" + r"\s+".join(re.escape(w) for w in name.split()) + r"\b"
    for m in re.finditer(pattern, text, re.I):
        if not m.group(0).isupper():
            return " ".join(m.group(0).split())
    words = [w.capitalize() for w in name.split()]
    low = [w.casefold() for w in words]
    if low[-1] in ("kommun", "stad"):  # every word of the place keeps its capital
        return " ".join([*words[:-1], low[-1]])
    if low[0] == "region":
        return " ".join(words)
    out = [words[0]]
    for prev, w in zip(low, words[1:], strict=False):
        if w.casefold() in ("ab", "hb", "kb"):
            out.append(w.upper())
        elif prev == "i" and w.casefold() not in _CONNECTOR:  # "Högskolan i Lindås": a place
            out.append(w)
        else:
            out.append(w.casefold())
    return " ".join(out)


_FOLD = str.maketrans("åäöéüÅÄÖÉÜ", "aaoeuAAOEU")


def fold(text: str) -> str:
    """Text without Swedish diacritics, lower-cased: what a file name keeps of a name."""
    return text.translate(_FOLD).casefold()
