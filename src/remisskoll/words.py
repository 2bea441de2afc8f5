"""Words for people: stance and type labels in Swedish and English, and the order a proposition lists
remissinstanser in. Codes for programs (CSV/JSON) stay the enums' values; this is what humans read."""

from __future__ import annotations

from enum import StrEnum

from .model import RespondentType, Response, Stance


class Lang(StrEnum):
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
