"""How stance, voice and scope are worded in Swedish remissvar (the genre: docs/genre.md).

Patterns are matched on lower-cased text unless said otherwise. They name word families, not
sentences from any sample: inflection and word order vary, so stems end in \\w* where Swedish inflects.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum
from functools import lru_cache


class Polarity(StrEnum):
    POSITIVE = "positive"
    NEGATIVE = "negative"
    NO_OPINION = "no_opinion"


@dataclass(frozen=True)
class CuePattern:
    polarity: Polarity
    strength: float  # 2 = a verdict verb (tillstyrka, avstyrka), 1 = an evaluation
    regex: re.Pattern[str]
    # The pattern already contains its own negation ("kan inte ta ställning"): don't negate it again.
    self_negating: bool = False


def _c(polarity: Polarity, strength: float, pattern: str, self_negating: bool = False) -> CuePattern:
    return CuePattern(polarity, strength, re.compile(pattern), self_negating)


P, N, NOP = Polarity.POSITIVE, Polarity.NEGATIVE, Polarity.NO_OPINION

# Up to n words between the parts of a wording ("ställer sig i huvudsak bakom"); `_G` never skips a
# negation, so that "är inte negativ till" is not read as "är … negativ till".
_G = r"(?:(?!inte\b|ej\b|icke\b)\w+\s+)"

REMIT = (
    r"\b(?:ligger|faller)\s+(?:\w+\s+)?utanför\s+(?:vårt|sitt|mitt|dess|deras|\S+s)\s+(?:\w+\s+)?"
    r"(?:uppdrag|ansvarsområde|verksamhetsområde|kompetensområde|ansvar)\b"
)

# Sharing a view: the verb "dela" (not "delegera", "delvis") and what is shared.
_SHARE = r"del(?:ar|a|ade|at|er)"
_VIEW = r"(?:bedömning\w*|uppfattning\w*|slutsats\w*|analys\w*|syn\s+på)"
# A cue's wording that shares the inquiry's view ("delar utredningens bedömning"), not its proposal.
SHARED_VIEW = re.compile(rf"^{_SHARE}\s[^,]*?{_VIEW}$")

CUES: tuple[CuePattern, ...] = (
    # --- no opinion, declining (checked as written: they contain their own negation)
    _c(
        NOP,
        2,
        r"\b(?:har|lämnar|finns)\s+(?:\w+\s+){0,4}?inga\s+(?:\w+\s+)?(?:synpunkter|kommentarer|invändningar)",
        True,
    ),
    _c(
        NOP,
        2,
        r"\b(?:har|finns)\s+(?:\w+\s+){0,2}(?:inget|ingenting|inte\s+något)\s+att\s+(?:invända|erinra|tillägga|anmärka)",
        True,
    ),
    # "ser inga skäl att motsätta sig": acquiescence, like "har inget att invända"
    _c(
        NOP,
        2,
        r"\bser\s+(?:\w+\s+)?(?:inga|inte\s+(?:några|något|någon))\s+(?:skäl|anledning\w*|hinder)\s+(?:till\s+)?att\s+"
        r"(?:\w+\s+)?(?:motsätta|invända|avstyrka|avvisa|ifrågasätta|opponera)",
        True,
    ),
    _c(NOP, 2, r"\butan\s+(?:erinran|invändning\w*|synpunkter|kommentarer)", True),
    # an answer of its own under a proposal's heading or in a table cell: "Inga synpunkter."
    _c(NOP, 2, r"^\W*inga\s+(?:\w+\s+)?(?:synpunkter|kommentarer|invändningar)\b", True),
    _c(NOP, 2, r"\bavstår\s+(?:\w+\s+)?från\s+att\s+(?:yttra|lämna|kommentera|ta\s+ställning|uttala)", True),
    _c(NOP, 2, r"\b(?:kan|vill)\s+(?:\w+\s+)?(?:inte|ej)\s+ta\s+ställning", True),
    _c(
        NOP,
        2,
        r"\b(?:tar|tagit|tog)\s+(?:\w+\s+)?(?:inte|ej)\s+ställning|\b(?:inte|ej)\s+(?:\w+\s+)?(?:tar|tagit|tog)\s+ställning",
        True,
    ),
    # "har vi ingen bestämd uppfattning om", "saknar en egen uppfattning i frågan"
    _c(
        NOP,
        2,
        r"\bhar\s+(?:\w+\s+)?(?:ingen|inte\s+någon)\s+(?:(?:bestämd|klar|egen|given|färdig)\s+)?uppfattning"
        r"(?:\s+(?:om|i|kring|när)\b|\s*[.,;:]|\s*$)"
        r"|\bsaknar\s+(?:\w+\s+)?(?:en\s+|någon\s+)?(?:bestämd|klar|egen|given|färdig)\s+uppfattning",
        True,
    ),
    # "har diskuterat förslaget men har inte kunnat enas om ett ställningstagande": declines to take one
    _c(
        NOP,
        2,
        r"\b(?:inte|ej)\s+(?:\w+\s+)?(?:kunnat\s+)?enas\s+om\s+(?:ett|någon|en|något)\s+(?:\w+\s+)?"
        r"(?:ställningstagande|uppfattning|ståndpunkt|position|linje|svar)",
        True,
    ),
    # "överlåter den frågan åt andra": leaves the judgement to others
    _c(
        NOP,
        2,
        r"\böverlåter\s+(?:\w+\s+){0,3}?(?:frågan|bedömningen|ställningstagandet)\s+(?:\S+\s+){0,4}?(?:åt|till)\s",
        True,
    ),
    # "Ligger utanför Kompetensrådets uppdrag" on one proposal: outside the respondent's remit, so no
    # position (said of "övriga förslag" it is a scope statement: classify leaves the rest unaddressed)
    _c(NOP, 2, REMIT, True),
    # "Jag vet inte riktigt vad jag ska tro": undecided
    _c(
        NOP,
        1,
        r"\bvet\s+(?:\w+\s+)?(?:inte|ej)\s+(?:\w+\s+)?vad\s+(?:jag|vi)\s+(?:ska|skall)\s+(?:tro|tycka)\b",
        True,
    ),
    # "Vi vet inte om utredningens förslag löser detta": undecided whether it works
    _c(NOP, 1, r"\b(?:vi|jag)\s+vet\s+(?:\w+\s+)?(?:inte|ej)\s+om\s+(?:\w+\s+){0,2}förslag", True),
    # "vet för lite om det för att ha någon uppfattning"
    _c(NOP, 2, r"\b(?:vet|kan)\s+(?:\w+\s+){0,3}?för\s+lite\b", True),
    # "har inte tillräcklig kännedom om modellen för att kunna ta ställning"
    _c(
        NOP,
        2,
        r"\b(?:inte|ej|saknar)\s+(?:\S+\s+){0,20}?för\s+att\s+(?:kunna\s+)?(?:ta\s+ställning|bedöma|yttra\s+sig)",
        True,
    ),
    _c(
        NOP,
        1,
        r"\bsaknar\s+(?:\w+\s+)?(?:underlag|kompetens|förutsättningar)\s+(?:för\s+)?att\s+(?:bedöma|ta\s+ställning|yttra)",
        True,
    ),
    _c(
        NOP,
        1,
        r"\bberör\s+(?:\w+\s+)?(?:inte|ej)\s+(?:\w+\s+){0,2}(?:verksamhet\w*|ansvarsområde\w*|uppdrag\w*)",
        True,
    ),
    # --- negative
    _c(N, 2, r"\bavstyrk\w*"),
    _c(N, 2, rf"\bmotsätt\w*\s+{_G}{{0,2}}(?:sig|oss)\b"),
    _c(N, 2, r"\bavvis\w*"),
    _c(N, 2, r"\bställ\w*\s+(?:\w+\s+)?(?:sig|oss)\s+(?:\w+\s+){0,3}negativ\w*"),
    _c(
        N,
        1,
        rf"\b(?:är|vara|var|blir)\s+{_G}{{0,3}}(?:negativ\w*|kritisk\w*|tveksam\w*|skeptisk\w*)\s+(?:till|mot|på|om)\b",
    ),
    _c(N, 1, rf"\b(?:är|vara)\s+{_G}{{0,2}}emot\b"),
    _c(
        N,
        1,
        r"\bställ\w*\s+(?:\w+\s+)?(?:sig|oss)\s+(?:\w+\s+){0,2}(?:tveksam\w*|kritisk\w*|skeptisk\w*|frågande|undrande)",
    ),
    _c(N, 1, rf"\b(?:är|vara|förhåller\s+sig)\s+{_G}{{0,3}}avvaktande\b"),
    _c(N, 1, r"\bifrågasätt\w*"),
    _c(N, 1, r"\bavråd\w*"),
    _c(N, 1, r"\binte\s+(?:\w+\s+)?tillräckligt\s+(?:utrett|utredd\w*|underbyggt|analyserat|belyst)", True),
    _c(
        N,
        1,
        r"\b(?:bör|ska|skall)\s+(?:\w+\s+){0,4}?(?:inte|ej)\s+(?:genomföras|införas|ske|läggas|beslutas|inrättas|tillsättas)",
        True,
    ),
    _c(N, 1, r"\bser\s+(?:\w+\s+)?(?:inte\s+(?:något|några|\w+)?\s*|inga\s+)(?:behov|skäl|anledning)", True),
    _c(
        N,
        1,
        r"\b(?:instämm\w*|del\w*)\s+(?:\w+\s+)?(?:inte|ej)\s+(?:i\s+)?(?:den\s+|denna\s+|det\s+)?"
        r"(?:utredningens|utredarens|betänkandets|förslaget|bedömning\w*|uppfattning\w*|synen)",
        True,
    ),
    _c(
        N,
        1,
        r"\b(?:är|vore)\s+(?:inte|ej)\s+(?:\w+\s+)?(?:rätt\s+väg|lämplig\w*|ändamålsenlig\w*|motiverad\w*|rimlig\w*)",
        True,
    ),
    # "anser däremot inte att bindande föreskrifter är rätt väg", "är fel väg", "tror inte på"
    _c(
        N,
        1,
        r"\b(?:anser|bedömer|menar|tror|tycker)\s+(?:\w+\s+){0,3}?(?:inte|ej)\s+att\s+(?:\S+\s+){0,10}?"
        r"(?:är|vore|blir)\s+(?:\w+\s+)?(?:rätt\s+väg|rätt|lämplig\w*|ändamålsenlig\w*|motiverad\w*|rimlig\w*|nödvändig\w*)\b",
        True,
    ),
    _c(N, 1, r"\b(?:är|vore)\s+(?:\w+\s+){0,2}fel\s+väg"),
    _c(N, 1, r"\btror\s+(?:\w+\s+){0,2}(?:inte|ej)\s+på\b", True),
    _c(N, 1, r"\bsäg\w*\s+(?:\w+\s+){0,2}nej\s+till\b"),
    _c(N, 1, r"\b(?:är|vara)\s+(?:\w+\s+){0,2}(?:inte|ej)\s+(?:\w+\s+)?övertyga\w*", True),
    _c(N, 1, r"\bha\w*\s+(?:\w+\s+){0,2}svårt\s+(?:att\s+)?(?:se|tro|förstå)\b"),
    _c(
        N,
        1,
        r"\bser[\s,]+(?:\S+\s+){0,5}?(?:inga|inget|ingen|inte\s+några|inte\s+något|varken)\s+(?:\w+\s+)?"
        r"(?:fördelar|fördel|värden?|vinster)\b",
        True,
    ),
    # a doubt: "det är inte självklart att …" (with support, it makes it conditional)
    _c(N, 1, r"\b(?:är|vore)\s+(?:\w+\s+)?(?:inte|knappast)\s+(?:alls\s+)?självklart\b", True),
    # --- positive
    _c(P, 2, r"\btillstyrk\w*"),
    _c(P, 2, r"\bställ\w*\s+(?:\w+\s+)?(?:sig|oss)\s+(?:\w+\s+){0,3}bakom"),
    _c(P, 2, r"\b(?:står|stod)\s+(?:\w+\s+){0,2}bakom\b"),
    # "hälsar med stor tillfredsställelse förslaget", "hälsar förslaget välkommet"
    _c(
        P,
        2,
        r"\bhälsa(?:r|de)\s+(?:\w+\s+){0,4}?(?:med\s+(?:stor\s+)?(?:tillfredsställelse|glädje)|välkom\w*)",
    ),
    _c(P, 2, r"\bställ\w*\s+(?:\w+\s+)?(?:sig|oss)\s+(?:\w+\s+){0,3}positiv\w*"),
    # "har inget emot", "är inte negativ till": a negated objection that reads as (lukewarm) support
    _c(P, 1, r"\bha\w*\s+(?:\w+\s+){0,2}(?:inget|ingenting|inte\s+något)\s+emot\b", True),
    _c(
        P,
        1,
        r"\b(?:är|vara)\s+(?:\w+\s+){0,2}(?:inte|ej)\s+(?:heller\s+)?(?:\w+\s+)?"
        r"(?:negativ\w*\s+(?:till|mot)|främmande\s+för|emot)\b",
        True,
    ),
    _c(P, 1, r"\b(?:är|vara|var|blir)\s+(?:\w+\s+){0,3}positiv\w*\s+(?:till|på|att)\b"),
    _c(P, 1, r"\bser\s+(?:\w+\s+){0,3}positivt\s+på"),
    _c(P, 1, r"\b(?:är|vara)\s+(?:\w+\s+){0,2}för\s+(?:det\s+|detta\s+)?förslag\w*"),
    # "vi är för att kommuner ska få anställa läkare": in favour (a purpose, "för att hjälpa", has no modal)
    _c(
        P,
        1,
        r"\b(?:är|vara)\s+(?:(?:inte|ej|helt|absolut|klart|därför|också|även|alltså)\s+){0,2}för\s+att\s+(?:\w+\s+){1,3}?(?:ska|skall|bör|får)\b",
    ),
    _c(P, 1, r"\bpositivt\s+att\b"),
    _c(P, 1, r"\bvälkomn\w*"),
    _c(P, 1, r"\binstämm\w*\s+(?:\w+\s+)?i\b"),
    _c(
        P,
        1,
        rf"\b{_SHARE}\s+(?:(?!av\b|annan\b|inte\b|ej\b)\w+\s+){{0,2}}?"
        rf"(?:utredningens\s+|utredarens\s+|betänkandets\s+)?{_VIEW}\b",
    ),
    _c(
        P,
        1,
        rf"\b{_SHARE}\s+(?:helt\s+|fullt\s+ut\s+|i\s+allt\s+väsentligt\s+)?(?:utredningens|utredarens|betänkandets)\s+förslag",
    ),
    _c(P, 1, r"\bstöd(?:jer|er)\b"),
    # "är beredd att delta i ett sådant försök": willing to take part in what is proposed
    _c(P, 1, r"\b(?:är|står)\s+(?:\w+\s+)?beredd\w*\s+att\s+(?:delta|medverka|ingå|vara\s+med)\b"),
    # "ger sitt fulla stöd", "ger förslaget sitt stöd", "ger stöd åt förslaget" — but "staten ger stöd till
    # en utbildning" describes what the inquiry proposes.
    _c(
        P,
        1,
        r"\bger\s+(?:\w+\s+){0,2}(?:sitt|sina|vårt|fullt|fulla|helhjärtat)\s+stöd\b"
        r"|\bger\s+stöd\s+(?:till|åt)\s+(?:\w+\s+){0,2}(?:förslag|betänkand|utredning)",
    ),
    _c(
        P,
        1,
        r"\b(?:det\s+är|det\s+vore|är\s+det)\s+(?:\w+\s+)?(?:mycket\s+)?(?:bra|positivt|välkommet|klokt|rätt|rimligt)\s+att\b",
    ),
    _c(P, 1, r"\b(?:ett\s+)?(?:bra|klokt|välkommet|viktigt|värdefullt)\s+(?:förslag|steg)\b"),
    _c(P, 1, r"\bdet\s+bästa\s+(?:i|med|förslaget)\b"),
    # "ser, till skillnad från SKR, ett värde i att …", "ser stora värden i förslaget"
    _c(
        P,
        1,
        r"\bser[\s,]+(?:(?!inga\b|inget\b|ingen\b|inte\b|några\b|få\b|varken\b|knappast\b)\S+\s+){0,5}?"
        r"(?:(?:ett|stora?|ett\s+stort|klara|tydliga)\s+)?"
        r"(?:värde|värden|fördelar)\s+(?:i|med)\b",
    ),
    # "det är på tiden att det blir lag på …": long overdue, so support
    _c(P, 1, r"\bdet\s+är\s+(?:hög\s+)?på\s+tiden\s+att\b"),
    # a letter's own voice: "Att det blir lag på … tycker jag är bra", "tycker vi är rätt"
    _c(
        P,
        1,
        r"\btycker\s+(?:jag|vi)\s+(?:\w+\s+)?(?:är|vore)\s+(?:mycket\s+)?(?:bra|rätt|rimligt|klokt|riktigt)\b",
    ),
)

# "har inget att invända mot", "ser inga skäl att motsätta sig": no objection, which a condition in the
# same sentence turns into conditional support ("… förutsatt att det framgår att …").
ACQUIESCE = re.compile(
    r"\b(?:inget|ingenting|inte\s+något)\s+att\s+(?:invända|erinra)|\binga\s+invändningar|\bskäl\s+att\s+(?:\w+\s+)?motsätta"
)

# Whether a text has any cue at all, in one search (most clauses have none): the same patterns joined.
# Unwrapped, so that re sees the \b they all open with and tests it once per position.
ANY_CUE = re.compile("|".join(c.regex.pattern for c in CUES))


@lru_cache(maxsize=16384)
def first_cue(low: str) -> int:
    """Where the first cue of a lower-cased text starts, or -1. Segment, match and classify each ask this
    of the same sentences and clauses; the answer is kept so that the long pattern runs once per text."""
    m = ANY_CUE.search(low)
    return -1 if m is None else m.start()


NEGATION = re.compile(r"\b(?:inte|ej|icke|aldrig)\b")
NOT_NEGATION = re.compile(r"\binte\s+(?:bara|enbart|endast|minst)\b")

# A condition on support, in so many words: support with one of these is conditional.
CONDITION = re.compile(
    r"\bunder\s+(?:\w+\s+)?förutsättning|\bförutsatt\s+att|\bförutsätter\b|\bförutsättning(?:en)?\s+är\s+att\b"
    r"|\bförbehåll\w*\b(?!\s+som\s+(?:framgår|redovisas|anges|beskrivs|följer))|\bmed\s+reservation\s+för|\b(?:endast|enbart|bara)\s+(?:\w+\s+){0,5}?(?:om(?!\s+att)|under|förutsatt)\b"
    r"|\bpå\s+(?!samma\s|lika\s|motsvarande\s|likvärdiga\s|jämlika\s|likartade\s)(?:\w+\s+)?villkor\w*|\bvillkor(?:et|en)?\s+(?:är|att)\b|\b(?:två|tre|följande|några)\s+villkor|\bser\s+(?:\w+\s+){0,4}risk\w*|\bfinns\s+(?:\w+\s+){0,2}risk\w*"
    r"|\brisk\s+för\s+att|\bfarhåg\w*|\boro\w*\b"
    r"|\b(?:behöver|bör|måste)\s+(?:\w+\s+){0,2}(?:förtydligas|preciseras|tydliggöras|kompletteras|justeras)"
    # money as a condition, not the proposal's own words ("anställa, anlita eller finansiera läkare")
    r"|\b(?:full|fullt|långsiktig|statlig|säkrad?|tillräcklig)\s+finansiering|\bfinansieringsprincipen"
    r"|\bfinansieras\s+(?:\w+\s+){0,2}(?:fullt|långsiktigt|av\s+staten|statligt)|\b(?:fullt|långsiktigt)\s+finansierad\w*"
    r"|\b(?:måste|behöver|ska|bör)\s+(?:\w+\s+)?finansieras|\b(?:medel|resurser)\s+(?:\w+\s+)?tillförs"
    r"|\btillförs\s+(?:\w+\s+)?(?:medel|resurser)|\bkompenseras\b"
    r"|\bkompenser\w*\s+(?:\w+\s+)?(?:kommun\w*|region\w*|huvudm\w*|fullt|för\s+(?:\w+\s+)?(?:\w*kostnad\w*|utgift\w*))|\bfinansieringen\s+(?:\w+\s+)?(?:säkr|löses|klaras)\w*"
    r"|\bavgörande\s+att\b|\bav\s+(?:\w+\s+)?(?:största|avgörande)\s+(?:vikt|betydelse)"
)
# The part of CONDITION that states a condition in so many words; the rest (a risk, a funding demand)
# makes support conditional too, but an analyst may read it as a remark: such cells are less sure.
STATED = re.compile(
    r"\bunder\s+(?:\w+\s+)?förutsättning|\bförutsatt\s+att|\bförutsätter\b|\bförutsättning(?:en)?\s+är\s+att\b"
    r"|\bförbehåll\w*\b(?!\s+som\s+(?:framgår|redovisas|anges|beskrivs|följer))|\bmed\s+reservation\s+för|\b(?:endast|enbart|bara)\s+(?:\w+\s+){0,5}?(?:om(?!\s+att)|under|förutsatt)\b"
    r"|\bpå\s+(?!samma\s|lika\s|motsvarande\s|likvärdiga\s|jämlika\s|likartade\s)(?:\w+\s+)?villkor\w*|\bvillkor(?:et|en)?\s+(?:är|att)\b|\b(?:två|tre|följande|några)\s+villkor"
)

# "i huvudsak positiv till förslaget": qualified support for one proposal. (A blanket "i huvudsak bakom
# utredningens förslag, med följande undantag" is qualified by its exceptions instead.)
QUALIFIED = re.compile(  # ("i allt väsentligt" is all but full support, and is not here)
    r"\bi\s+(?:huvudsak|grunden|stort\s+sett)\s+(?:\w+\s+)?(?:positiv|bakom|tillstyrk|stöd|välkomn)"
    r"|\b(?:tillstyrk|stöd|välkomn|positiv)\w*\s+(?:\w+\s+)?i\s+(?:huvudsak|grunden|stort\s+sett)\b"
    # "Tillstyrks delvis", "delvis positiv till": support for a part only
    r"|\b(?:tillstyrk|stöd|välkomn|positiv|bakom)\w*\s+(?:\w+\s+)?delvis\b|\bdelvis\s+(?:\w+\s+)?(?:positiv|bakom|tillstyrk|stöd)"
)
# A reason given for a verdict ("eftersom chefernas förutsättningar är avgörande …") states no condition.
# Nor does a concession ("trots att avtalet förutsätter det"), nor the inquiry's view that a body shares
# ("delar bedömningen att kravet kan uppfyllas digitalt, förutsatt att …" qualifies the view, not support).
# What a verdict supports, in its own object clause ("positiv till att kommunerna tillförs medel för …"):
# the proposal's content, not a condition on it. Cut out before conditions are looked for.
OBJECT = re.compile(
    r"(?:positiv\w*\s+till|bakom|tillstyrk\w*|välkomna\w*|stöd\w*|positivt\s+på)\s+att\s+"
    r".*?(?=,\s|\s(?:förutsatt|under\s+förutsättning|men|dock|endast|bara|om)\b|$)"
)
REASON = re.compile(
    r",?\s+(?:eftersom|därför\s+att|emedan|då\s+(?:det|de|detta)|trots\s+att)\b"
    rf"|\b{_SHARE}\s+(?:\S+\s+){{0,3}}?(?:bedömning\w*|uppfattning\w*|analys\w*|slutsats\w*|bild\w*|syn)\s+(?:av\s+|på\s+)?att\b"
)
# What a proposal requires, described ("flera av förslagen förutsätter ett nära samarbete", "funktionen
# förutsätter tillgång till …"): not the respondent's condition, unless it says it is its own judgement.
# Cut out before conditions are looked for.
DESCRIBED = re.compile(
    r"\b(?:förslag\w*|funktion\w*|modell\w*|krav\w*|uppdrag\w*|reform\w*|satsning\w*|lösning\w*|system\w*"
    r"|utbildning\w*|försök\w*)\s+(?:\w+\s+)?förutsätter\b"
    # "Förslaget förutsätter enligt nämndens mening att …" is the respondent's condition
    r"(?!\s+(?:\w+\s+)?enligt\b)"
    # a question to look into is no demand: "uppdraget bör omfatta frågan om … och hur dessa ska finansieras"
    r"|\bhur\s+(?:\w+\s+){0,3}?(?:ska|bör|skall|kan)\s+(?:\w+\s+)?finansieras\b"
)
# A demand ("pengarna måste fördelas efter behov") is a condition when it qualifies a verdict in the same
# sentence or follows a contrast ("men", "dock"); elsewhere it may only describe how things are.
DEMAND = re.compile(
    r"\bmåste\b|\b(?:får|ska)\s+inte\s+\w+(?:a|as)\b|\binte\s+(?:får|ska)\s+\w+(?:a|as)\b|\bkräv(?:s|er)\b"
    r"|\bbehöver\b"
)
# "vill samtidigt lyfta att …", "noterar att …": a remark beside a verdict. What it says a body "behöver"
# or "bör" is advice, not a condition; "måste", "får inte" and the words of CONDITION still are.
REMARK = re.compile(
    r"\bvill\s+(?:\w+\s+){0,2}(?:lyfta|framhålla|påminna|understryka|betona|påpeka|poängtera|uppmärksamma"
    r"|peka\s+på|tillägga|nämna|understryka)\b|\b(?:noterar|konstaterar)\b"
    # a wish: "Det vore värdefullt om även chefer hos enskilda utförare kunde delta", "ser gärna att"
    r"|\bdet\s+vore\s+(?:\w+\s+)?(?:värdefullt|bra|önskvärt|positivt|välkommet)\s+om\b|\bser\s+gärna\s+att\b"
)
STRONG_DEMAND = re.compile(
    r"\bmåste\b|\b(?:får|ska)\s+inte\s+\w+(?:a|as)\b|\binte\s+(?:får|ska)\s+\w+(?:a|as)\b"
)
CONTRAST = re.compile(r"\b(?:men|dock|samtidigt|däremot|emellertid)\b")
# "… men ställer sig ändå positiv": the risks named before are weighed, and support stands.
WEIGHED = re.compile(r"\b(?:ändå|trots\s+(?:detta|det|dessa|riskerna)|likväl)\b")
# Words that mark a reservation, for explanations: conditions, demands and contrasts.
HEDGE = re.compile(f"{CONDITION.pattern}|{DEMAND.pattern}|{CONTRAST.pattern}")

# Support for the aim, not the proposal: "positiv till ambitionen" is weak.
INTENT = re.compile(
    r"\b(?:intention\w*|ambition\w*|syfte\w*|grundtank\w*|målsättning\w*|avsikt\w*|inriktning\w*)\b"
)

# Endorsing one's own officials' draft ("ställer sig bakom förvaltningens yttrande") is procedure.
META_OBJECT = re.compile(
    r"^\s*(?:\w+\s+){0,2}(?:förvaltningens|tjänsteskrivelsens|upprättat|upprättad\w*|bifogat|bifogad\w*"
    r"|framtaget|framtagen|föreslaget|ovanstående|nedanstående|detta|följande)\s+"
    r"(?:förslag\s+till\s+)?(?:yttrande|remissvar|svar|skrivelse|tjänsteskrivelse|förslag\s+till\s+beslut)"
)

# "instämmer i SKR:s yttrande": a reference to another body's answer, matched on original case.
REFERENCE = re.compile(
    r"(?:instämm\w*|ansluter\s+sig|hänvisar|ställ\w*\s+sig\s+bakom|står\s+bakom)\s+(?:\w+\s+){0,2}(?:i\s+|till\s+)?"
    r"(?:SKR:s|Sveriges\s+[Kk]ommuner\s+och\s+[Rr]egioners|[A-ZÅÄÖ][\wåäöÅÄÖ-]*(?::s|s))\s+"
    r"(?:\([A-ZÅÄÖ]{2,8}\)\s+)?(?:\w+\s+)?(?:yttrande|remissvar|remissyttrande|synpunkter|svar)"
    # "instämmer i huvudsak i det yttrande som Sveriges Kommuner och Regioner (SKR) har lämnat"
    r"|(?:instämm\w*|ansluter\s+sig|hänvisar|ställ\w*\s+sig\s+bakom|står\s+bakom)\s+(?:\w+\s+){0,3}?(?:i\s+|till\s+)?"
    r"(?:det|den|de)\s+(?:\w+\s+)?(?:yttrande|remissvar|remissyttrande|synpunkter|svar)\w*\s+som\s+"
    r"(?:SKR|Sveriges\s+[Kk]ommuner\s+och\s+[Rr]egioner|[A-ZÅÄÖ][\wåäöÅÄÖ-]+)"
    # "har i övrigt inget att tillägga utöver det som framgår av SKR:s yttrande"
    r"|\butöver\s+(?:\w+\s+){0,5}?(?:SKR:s|Sveriges\s+[Kk]ommuner\s+och\s+[Rr]egioners|[A-ZÅÄÖ][\wåäöÅÄÖ-]*(?::s|s))\s+"
    r"(?:\w+\s+)?(?:yttrande|remissvar|remissyttrande|synpunkter|svar)"
    # a joint answer: "… utöver det som framgår av det gemensamma yttrandet"
    r"|\butöver\s+(?:\w+\s+){0,5}?(?:det|den)\s+(?:(?!här\b)\w+\s+)?(?:yttrande|remissvar)(?:t|et)?\b"
    # "har deltagit i arbetet med det gemensamma yttrande som … lämnar och står bakom det"
    r"|\b(?:det|den)\s+(?:\w+\s+)?(?:yttrande|remissvar)(?:t|et)?\s+som\s+[^.;]{1,160}?"
    r"\b(?:står|ställer\s+sig)\s+bakom\s+(?:det|detta|dem)\b"
)

# The object of a cue is the inquiry as a whole, not one proposal.
# "välkomnar att utredningen tar … på allvar": the inquiry doing something is its work, not its proposals.
_DOING = (
    r"(?!\s+(?:\w+\s+)?(?:tar|lyfter|har|belyser|uppmärksammar|gör|pekar|visar|beskriver|föreslår|konstaterar"
    r"|ger|tydliggör|analyserar|behandlar|redovisar|understryker|betonar|fokuserar|identifierar|kartlägger)\b)"
)
GENERIC_OBJECT = re.compile(
    r"\b(?:samtliga|alla|övriga|resterande)\s+(?:\w+\s+)?förslag\w*|\bi\s+sin\s+helhet\b|\bbetänkandet\b"
    + _DOING
    + r"|\bresten\s+av\s+(?:\w+\s+)?förslag\w*|\bde\s+andra\s+förslag\w*"
    r"|\butredningens\s+(?:förslag|bedömningar|slutsatser)\b|\bbetänkandets\s+förslag|\bi\s+övrigt\b"
    r"|\bförslagen\s+i\s+(?:betänkandet|utredningen|remissen)|\butredningen\b"
    + _DOING
    + r"|\bremissen\b|\bförslagen\b"
)
# Stronger than a heading's topic: these always speak of the whole inquiry.
ALL_PROPOSALS = re.compile(
    r"\b(?:samtliga|alla|övriga|resterande)\s+(?:\w+\s+)?förslag\w*|\bi\s+sin\s+helhet\b|\bbetänkandet\b"
    r"|\bresten\s+av\s+(?:\w+\s+)?förslag\w*|\bde\s+andra\s+förslag\w*"
    r"|\bbetänkandets\s+förslag|\bi\s+övrigt\b|\bförslagen\s+i\s+(?:betänkandet|utredningen|remissen)"
)
# "förslag som inte kommenteras": a blanket for what the response leaves unaddressed.
REMAINDER = re.compile(
    r"\b(?:övriga|resterande)\b|\bi\s+övrigt\b|\bresten\s+av\b|\bde\s+andra\s+förslag|\binte\s+(?:\w+\s+)?kommentera\w*|\butöver\b"
    r"|\b(?:med|utom)\s+(?:\w+\s+)?undantag\w*|\bundantag\w*|\butom\b"
)

# "yttrar sig endast över kapitel 5": the rest is deliberately not addressed.
SCOPE = re.compile(
    r"\b(?:yttra\w*|uttala\w*)\s+(?:\w+\s+)?(?:sig\s+)?(?:endast|enbart|bara|huvudsakligen|främst)\b"
    r"|\b(?:kommenter\w*|berör\w*|behandla\w*)\s+(?:\w+\s+)?(?:endast|enbart|bara)\b"
    r"|\bbegränsa\w*\s+(?:sitt|vårt|\w+)\s+yttrande|\b(?:endast|enbart)\s+(?:synpunkter|kommentarer)\s+(?:på|om)"
)

# Sentences that report what the inquiry says: subject + a reporting verb.
INQUIRY_VOICE = re.compile(
    r"^(?:[^,.;:]{0,40},\s*)?(?:"
    r"(?:utredningen|utredaren|utredarna|betänkandet|utredningens\s+förslag|förslaget|förslagen|regeringen"
    r"|socialdepartementet|departementet)\s+(?:\w+\s+)?"
    r"(?:föreslår|föreslog|bedömer|bedömde|anser|menar|konstaterar|beskriver|lyfter|pekar|redovisar|framhåller"
    r"|understryker|gör|har|hade|innebär|innehåller|skriver|resonerar|ser|vill|uppskattar|beräknar|tar|ger"
    r"|omfattar|behandlar|syftar|betonar|noterar|föreslås|är\s+att)"
    r"|enligt\s+(?:utredningen|utredaren|betänkandet|förslaget|utredningens)"
    r"|i\s+betänkandet|det\s+föreslås|vidare\s+föreslås|utredningen\s+har|sou\s+\d{4}:\d+"
    r")"
    # Inverted order after an adverbial: "När det gäller X föreslår utredningen …"
    r"|\b(?:föreslår|föreslog|föreslås|bedömer|anser|menar|konstaterar|beskriver|lyfter)\s+"
    r"(?:även\s+|också\s+|vidare\s+|därför\s+)?(?:utredningen|utredaren|betänkandet)\b"
)
# A reported sentence may still carry the respondent's verdict: "…, vilket förvaltningen välkomnar".
RESPONDENT_SUBJECT = re.compile(
    r"\b(?:vi|oss|vår|vårt|våra|förvaltning\w*|\w+förvaltning\w*|\w*nämnd\w*|\w*styrelse\w*|kommunen|kommunens"
    r"|regionen|regionens|\w+\s+kommun|region\s+\w+"
    # a body by what it is ("förbundet", "rådet"); by its own name ("Omsorgsinspektionen") only when the
    # segmenter is told the name (segment(doc, own)): "Läkarförbundet" may be another body
    r"|(?:myndighet|förbund|förening|organisation|inspektion|institut|bolag|företag|råd|verk)(?:et|en)s?"
    r"|(?:högskola|akademi)ns?|universitet(?:et)?s?)\b"
)

# Headings that begin a part of a municipal response PDF. Matched on the heading text, lower-cased,
# numbering and a trailing colon stripped.
PART_HEADINGS: tuple[tuple[str, re.Pattern[str]], ...] = (
    (
        "dissent",
        re.compile(
            r"^(?:reservation\w*|särskil\w+\s+yttrande\w*|protokollsanteckning\w*|skiljaktig\w*(?:\s+mening)?)\b"
        ),
    ),
    ("document", re.compile(r"^(?:tjänsteskrivelse|tjänsteutlåtande|missiv|följebrev)\b")),
    (
        "decision",
        re.compile(
            r"^(?:protokollsutdrag|utdrag\s+ur\s+protokoll\w*|sammanträdesprotokoll|protokoll\b|§\s*\d+"
            r"|förslag\s+till\s+beslut|beslutsförslag|\w+\s+beslutar\b|beslut\s*:?$"
            # "Kommunstyrelsens beslut", "Vård- och omsorgsnämndens (förslag till) beslut"
            r"|(?:[\w-]+\s+(?:och\s+)?){0,3}[\w-]+s\s+(?:förslag\s+till\s+)?beslut$)"
        ),
    ),
    (
        "other",
        re.compile(
            r"^(?:beslutsunderlag|underlag|yrkande\w*|propositionsordning|beslutsgång|expedier\w*|beslutet\s+skickas"
            r"|skickas\s+till|för\s+kännedom|justering\w*|justerandes|utdragsbestyrkande|bilag\w*|handläggare"
            r"|kontaktperson\w*|närvarande|ledamöter|tjänstgörande|ärendets\s+beredning|beredning|sändlista"
            r"|underskrift\w*|paragraf\w*|omröstning\w*)"
        ),
    ),
    (
        "narrative",
        re.compile(
            r"^(?:ärendebeskrivning|beskrivning\s+av\s+ärendet|ärendet|bakgrund\w*|sammanfattning\s+av\s+"
            r"(?:ärendet|utredningen|betänkandet|förslagen|remissen)|utredningens\s+(?:förslag|uppdrag|bedömning)"
            r"|betänkandets\s+innehåll|om\s+(?:utredningen|betänkandet)|remissen\s+i\s+korthet|utredningen\s+i\s+korthet"
            r"|förslagen\s+i\s+korthet|ärendets\s+innehåll)"
        ),
    ),
    (
        "opinion",
        re.compile(
            r"^(?:yttrande\w*|remissvar|remissyttrande|synpunkter|\S+\s+synpunkter|(?:\S+\s+){1,3}synpunkter"
            r"|\w+s\s+bedömning|bedömning|ställningstagande\w*|kommentarer|överväganden|analys|sammanfattning"
            r"|sammanfattande|övergripande\s+synpunkter|allmänna\s+synpunkter|\w+\s+\w+s\s+yttrande)"
        ),
    ),
)

# Another body's position reported by the respondent ("SKR avstyrker förslaget", "Enligt Socialstyrelsen
# …"): not the respondent's own, unless the body named is the respondent itself. Matched on original case.
# Welcoming that the question is looked into is not a verdict on what the inquiry proposes.
APPRECIATION = re.compile(
    r"\b(?:välkomnar|uppskattar|ser\s+(?:\w+\s+)?positivt\s+på)\s+att\s+(?:regeringen|utredningen|utredaren|betänkandet"
    r"|frågan|frågorna)\s+(?:\w+\s+){0,2}?(?:utreda|utretts|utreds|uppmärksamma\w*|belys\w*|lyft\w*|tar|tagit"
    r"|tillsatt|tillsätta|tagits\s+upp)"
)

# Others' views the respondent reports or understands, not its own: "Vi förstår varför många medlemmar ser
# positivt på …", "Många kommuner är positiva till …".
REPORTED_VIEW = re.compile(
    r"\b(?:förstår|begriper|inser|vet)\s+(?:(?!inte\b|ej\b)\w+\s+){0,2}?varför\b"
    r"|\b(?:många|flera|vissa|somliga|andra|en\s+del)\s+(?:av\s+(?:våra|förbundets|föreningens)\s+)?"
    r"(?:medlemmar|kommuner|regioner|aktörer|remissinstanser|patienter|anhöriga|verksamheter)\s+"
    r"(?:\w+\s+)?(?:ser|är|ställer|tycker|anser|välkomnar|efterfrågar|vill)\b"
)

OTHER_BODY = re.compile(
    r"^\W*(?:[Ee]nligt\s+)?"
    r"(?P<who>SKR|Sveriges\s+[Kk]ommuner\s+och\s+[Rr]egioner|Socialstyrelsen|IVO|Inspektionen\s+för\s+vård\s+och\s+omsorg"
    r"|[Rr]egeringen|[A-ZÅÄÖ]{2,6})(?:\s+\([A-ZÅÄÖ]{2,8}\))?"
    r"(?:,|\s+(?:\w+\s+)?(?:avstyrk|tillstyrk|ställ|anse|anser|men|före|bedöm|är|instämm|del|välkomn|stöd|vill|har)\w*\b)"
)

# A decision that changes the attached draft ("Texten under rubriken X ersätts med: …", "med den ändringen
# att kommunen tillstyrker …"): for what it changes, only the decision counts.
AMENDMENT = re.compile(
    r"\bersätts\s+(?:\w+\s+)?med\b|\bmed\s+(?:följande|den|det|de)\s+(?:\w+\s+)?(?:ändring\w*|tillägg\w*)"
    r"|\bändras\s+(?:\w+\s+)?så\s+att\b|\bmed\s+ändringen\b|\bdock\s+med\s+ändring"
)

# A paragraph that opens a dissent without a heading of its own.
DISSENT_START = re.compile(
    r"^(?:reservation|protokollsanteckning|särskilt\s+yttrande|skiljaktig\s+mening)\b"
    r"|\breserver(?:ar|ade)\s+sig\b|\b(?:lämnar|anmäler|avger|lämnade|anmälde)\s+(?:\w+\s+){0,2}"
    r"(?:protokollsanteckning|reservation|särskilt\s+yttrande|skiljaktig\s+mening)"
)
