"""Match: which proposals each sentence speaks of.

A sentence is about a proposal when it names it (a distinctive term, fuzzily, via rapidfuzz), when it
cites one of its report sections, when an earlier sentence of its paragraph named it, or when it stands
under a heading that names it. Section numbers come from the proposals file and, since respondents
follow the report's numbering, from the response's own numbered headings ("6.3 Krav på … dygnet runt").
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Set
from dataclasses import dataclass, replace
from functools import lru_cache

from rapidfuzz import fuzz

from ..model import (
    BlockKind,
    ClauseMatch,
    Match,
    MatchedSentence,
    MatchHow,
    Part,
    Proposal,
    Remiss,
    Segmented,
    Sentence,
    Voice,
)
from . import lexicon, wordforms
from .segment import NUMBERING, split_clauses

# rapidfuzz partial_ratio cut-off for terms of FUZZY_FROM+ letters: tolerates an inflection or an OCR slip.
FUZZY_CUTOFF = 88.0
# Terms shorter than this match as written (fuzzy alignment is for slips in long words).
FUZZY_FROM = 12
# A heading that repeats the report's proposal title, in other word order or with words dropped.
TITLE_CUTOFF = 85.0
# A line this close to a proposal's title or summary, with no stance of its own, restates the proposal.
RESTATED_CUTOFF = 60.0

_SECTION_REF = re.compile(
    r"\b(?:avsnitt\w*|kapitel|kap\.|förslag\w*(?:\s+i)?|punkt\w*)\s+"
    r"((?:\d+(?:\.\d+)*)(?:\s*(?:,|och|samt|–|-|&)\s*\d+(?:\.\d+)*)*)",
    re.IGNORECASE,
)
_NUMBER = re.compile(r"\d+(?:\.\d+)*")
_NUMBERED = re.compile(r"^(\d+(?:\.\d+)+)\.?\s")
# A heading or a table cell that starts with a report section number: "8.4.1", "Avsnitt 7.3 Avtal".
_LEADING_NUMBER = re.compile(
    r"^\s*(?:(?:avsnitt|kapitel|kap\.)\s+)?(\d+(?:\.\d+)+)\.?(?:\s|$)", re.IGNORECASE
)


@dataclass(frozen=True)
class _Term:
    term: str
    needle: str
    word: re.Pattern[str] | None  # acronyms and short terms match as whole words
    on_original: bool  # acronyms are matched case-sensitively on the original text
    # Its first and last four letters: a fuzzy match keeps at least one of them intact.
    first: str
    last: str


@lru_cache(maxsize=512)
def _terms(proposal: Proposal) -> tuple[_Term, ...]:
    """A proposal's terms prepared once: patterns compiled, needles lower-cased."""
    out = []
    for term in proposal.terms:
        acronym = term.isupper() and len(term) <= 5
        needle = term if acronym else term.lower()
        word = None
        if acronym or len(needle) <= 4:
            word = re.compile(rf"(?<![\wÅÄÖåäö]){re.escape(needle)}(?![\wÅÄÖåäö])")
        out.append(_Term(term, needle, word, acronym, needle[:4], needle[-4:]))
    return tuple(out)


def term_hits(text: str, proposal: Proposal) -> tuple[str, ...]:
    """The proposal's terms found in text: acronyms and short terms as words, longer ones fuzzily."""
    low = text.lower()
    return tuple(t.term for t in _terms(proposal) if _found(t, text, low))


def _found(t: _Term, text: str, low: str) -> bool:
    if t.word is not None:
        within = text if t.on_original else low
        # The substring test is a tenth of the regex's cost and almost always says no.
        return t.needle in within and t.word.search(within) is not None
    # Cheap prefilter before the fuzzy alignment: its first or last four letters must occur somewhere.
    if t.first not in low and t.last not in low:
        return False
    needle = t.needle
    # Fuzzy alignment is for slips in long words; a short term matches as written ("egna läkare" is
    # not "en läkare").
    if len(needle) < FUZZY_FROM:
        at = low.find(needle)
        return at >= 0 and _word_start(low, at)
    res = fuzz.partial_ratio_alignment(needle, low, score_cutoff=FUZZY_CUTOFF)
    if res is None or res.src_end - res.src_start < len(needle) - 2:
        return False  # a text shorter than the term is aligned inside it: "Allmänt" is not "allmänmedicin"
    return _word_start(low, res.dest_start) or _word_start(low, res.dest_start + 1)


class _Vocabulary:
    """All proposals' terms, indexed by their four-letter stems: a text is lower-cased once, and only
    the terms whose stems it contains (and the whole-word terms) are tried."""

    def __init__(self, remiss: Remiss) -> None:
        self.ids = tuple(p.id for p in remiss.proposals)
        self.terms = tuple(_terms(p) for p in remiss.proposals)
        by_stem: dict[str, set[tuple[int, int]]] = {}
        always: set[tuple[int, int]] = set()  # whole-word terms: no stem prefilter
        exact: list[tuple[str, tuple[int, int]]] = []  # short terms, found only as written
        for i, terms in enumerate(self.terms):
            for j, t in enumerate(terms):
                if t.word is not None:
                    always.add((i, j))
                elif len(t.needle) < FUZZY_FROM:
                    exact.append((t.needle, (i, j)))
                else:
                    for stem in (t.first, t.last):
                        by_stem.setdefault(stem, set()).add((i, j))
        self.always = frozenset(always)
        # A few dozen substring tests cost less than cutting the text into all its four-letter grams.
        self.by_stem = tuple((stem, frozenset(ij)) for stem, ij in by_stem.items())
        # A short term is tried only where it occurs as written; its four-letter stems ("ning", "före")
        # are in almost every text.
        self.exact = tuple(exact)
        # Each proposal's concepts, looked up by id: hashing a Proposal for a cache costs more than the test.
        self.concepts = {p.id: _concepts(p) for p in remiss.proposals if p.concepts}

    def hits(self, text: str) -> list[tuple[str, tuple[str, ...]]]:
        """(proposal id, terms found) for every proposal that text names, in the proposals' order."""
        low = text.lower()
        candidates = set(self.always)
        for stem, ij in self.by_stem:
            if stem in low:
                candidates |= ij
        candidates.update(ij for needle, ij in self.exact if needle in low)
        found: dict[int, list[str]] = {}
        for i, j in sorted(candidates):  # proposals' order, and each proposal's terms in order
            t = self.terms[i][j]
            if _found(t, text, low):
                found.setdefault(i, []).append(t.term)
        return [(self.ids[i], tuple(terms)) for i, terms in found.items()]


@lru_cache(maxsize=8)
def _vocabulary(remiss: Remiss) -> _Vocabulary:
    return _Vocabulary(remiss)


def _word_start(text: str, at: int) -> bool:
    return at <= 0 or not text[at - 1].isalnum()


_RANGE = re.compile(r"(\d+(?:\.\d+)*)\s*[–-]\s*(\d+(?:\.\d+)*)")


def section_refs(text: str) -> tuple[str, ...]:
    """Report section numbers a sentence cites ("avsnitt 6.3 och 6.4", "kapitel 7"); a range is kept as
    one item "7.2–7.4", which _resolve reads as every section from the first to the last."""
    refs: list[str] = []
    for m in _SECTION_REF.finditer(text):
        cited = m.group(1)
        for a, b in _RANGE.findall(cited):
            refs.append(f"{a}–{b}")
        refs.extend(_NUMBER.findall(_RANGE.sub("", cited)))
    return tuple(refs)


def _number(section: str) -> tuple[int, ...]:
    return tuple(int(part) for part in section.split("."))


def _title_match(text: str, proposal: Proposal) -> float:
    """How closely a heading or line repeats the proposal's title (numbering ignored).

    Not token_set_ratio: it scores 100 whenever the words of a short heading ("Tillgång till läkare")
    are a subset of a title. A shortened title still counts if it keeps most of it.
    """
    head = NUMBERING.sub("", text.strip()).lower()
    title = proposal.title.lower()
    if len(head.split()) >= 3 and len(head) >= 0.5 * len(title):
        return float(fuzz.partial_ratio(head, title))
    return float(fuzz.ratio(head, title))


def learn_sections(seg: Segmented, remiss: Remiss) -> dict[str, tuple[str, ...]]:
    """Section number → proposal ids, from the proposals file and the response's numbered headings."""
    vocab = _vocabulary(remiss)
    table: dict[str, list[str]] = {}
    for p in remiss.proposals:
        for s in p.sections:
            table.setdefault(s, []).append(p.id)
    for block in seg.blocks:
        if block.kind is not BlockKind.HEADING and not block.subject:
            continue
        m = _NUMBERED.match(block.subject or block.text)
        if not m:
            continue
        for pid in _heading_proposals(block.subject or block.text, remiss, vocab):
            if pid not in table.setdefault(m.group(1), []):
                table[m.group(1)].append(pid)
    return {k: tuple(v) for k, v in table.items()}


def _heading_proposals(text: str, remiss: Remiss, vocab: _Vocabulary) -> tuple[str, ...]:
    named = {pid for pid, _ in vocab.hits(text)}
    return tuple(p.id for p in remiss.proposals if p.id in named or _title_match(text, p) >= TITLE_CUTOFF)


def _subject_proposals(
    text: str, remiss: Remiss, sections: dict[str, tuple[str, ...]], vocab: _Vocabulary
) -> tuple[Match, ...]:
    """What a heading or a table row's subject cell names: terms, a repeated title, or a report section
    number at its start ("8.4.1", "7.3 Avtal …") or cited in it ("avsnitt 7.2")."""
    named = [Match(pid, 100.0, MatchHow.TERM) for pid in _heading_proposals(text, remiss, vocab)]
    # a heading in the respondent's own words ("Att kommunen själv ska få …")
    named += _concept_matches(text, vocab, skip={m.proposal for m in named})
    leading = _LEADING_NUMBER.match(text)
    refs = (*([leading.group(1)] if leading else []), *section_refs(text))
    for pid in _resolve(refs, sections):
        if all(m.proposal != pid for m in named):
            named.append(Match(pid, 90.0, MatchHow.SECTION))
    return tuple(named)


def _resolve(refs: Iterable[str], sections: dict[str, tuple[str, ...]]) -> tuple[str, ...]:
    out: list[str] = []
    for ref in refs:
        first, _, last = ref.partition("–")
        for number, pids in sections.items():
            if last:  # a range: 8.3–8.5 covers 8.3, 8.4.1, 8.4.2, 8.5 and 8.5's subsections
                within = _number(first) <= _number(number) <= _number(last) or number.startswith(last + ".")
            else:
                within = number == ref or number.startswith(ref + ".")
            if within:
                out.extend(pid for pid in pids if pid not in out)
    return tuple(out)


@dataclass(frozen=True)
class _Concept:
    name: str
    alternatives: tuple[tuple[str, tuple[str, ...]], ...]  # (as written, stems of its words)
    firsts: frozenset[str]  # the first stem of every alternative
    compounds: re.Pattern[str] | None  # those long enough to be found inside a compound


@lru_cache(maxsize=512)
def _concepts(proposal: Proposal) -> tuple[_Concept, ...]:
    out = []
    for name, alternatives in proposal.concepts:
        stemmed = tuple((alt, wordforms.stems(alt)) for alt in alternatives)
        firsts = frozenset(stems[0] for _, stems in stemmed if stems)
        long = sorted(f for f in firsts if len(f) >= wordforms.COMPOUND_PART)
        compounds = re.compile("|".join(map(re.escape, long))) if long else None
        out.append(_Concept(name, stemmed, firsts, compounds))
    return tuple(out)


def _concept_hits(words: tuple[str, ...], concepts: tuple[_Concept, ...]) -> tuple[str, ...]:
    """For each of a proposal's concepts, the alternative the text has ("tid: natten"); () unless the
    text has every concept. `words` are the text's stems (wordforms.stems)."""
    present, joined = _index(words)
    for concept in concepts:
        # Most texts fail here, in two C-level tests per concept: no alternative's first word is in the
        # text, nor (from five letters) inside a compound of it.
        if concept.firsts.isdisjoint(present) and (
            concept.compounds is None or concept.compounds.search(joined) is None
        ):
            return ()
    found: list[str] = []
    for concept in concepts:
        hit = next((alt for alt, wanted in concept.alternatives if _has_words(words, wanted)), None)
        if hit is None:
            return ()
        found.append(f"{concept.name}: {hit}")
    return tuple(found)


def _hit_word(hit: str) -> tuple[str, ...]:
    """The stems of the alternative a concept hit found ("läkare: doktorer" → ("doktor",))."""
    return wordforms.stems(hit.partition(": ")[2])


@lru_cache(maxsize=4096)
def _index(words: tuple[str, ...]) -> tuple[frozenset[str], str]:
    """A text's stems as a set and joined by spaces: most alternatives are ruled out by one lookup or one
    substring test, before the word-by-word scan (which every clause would otherwise pay nine times)."""
    return frozenset(words), " ".join(words)


def _has_words(words: tuple[str, ...], wanted: tuple[str, ...]) -> bool:
    """Whether the stems `wanted` occur in order, each within three words of the one before."""
    if not wanted:
        return False
    present, joined = _index(words)
    first = wanted[0]
    if first not in present and (len(first) < wordforms.COMPOUND_PART or first not in joined):
        return False  # neither the word nor (from five letters) a compound that holds it
    for start, word in enumerate(words):
        if not wordforms.covers(word, wanted[0]):
            continue
        at, ok = start, True
        for part in wanted[1:]:
            nxt = next((k for k in range(at + 1, min(at + 4, len(words))) if words[k] == part), None)
            if nxt is None:
                ok = False
                break
            at = nxt
        if ok:
            return True
    return False


def own_matches(
    text: str, remiss: Remiss, sections: dict[str, tuple[str, ...]], vocab: _Vocabulary | None = None
) -> tuple[Match, ...]:
    """Matches from a text's own words: terms, section references and concepts (paraphrase)."""
    vocab = vocab or _vocabulary(remiss)
    out = [Match(pid, 100.0, MatchHow.TERM, hits) for pid, hits in vocab.hits(text)]
    for pid in _resolve(section_refs(text), sections):
        if all(m.proposal != pid for m in out):
            out.append(Match(pid, 90.0, MatchHow.SECTION))
    if vocab.concepts:
        words = wordforms.stems(text)
        # Words a proposal named by its terms uses for its own concepts are its own: "anställa, avtala med
        # eller finansiera läkare" names kommunala_lakare, and its "läkare" does not make "avtala" avtal's.
        taken = {
            _hit_word(hit)
            for m in out
            if m.how is MatchHow.TERM and m.proposal in vocab.concepts
            for hit in _concept_hits(words, vocab.concepts[m.proposal])
        }
        out += [
            m
            for m in _by_concepts(words, vocab, skip={m.proposal for m in out})
            if not taken & {_hit_word(hit) for hit in m.terms}
        ]
    order = {pid: i for i, pid in enumerate(remiss.ids)}
    return tuple(sorted(out, key=lambda m: order[m.proposal]))


# "När det gäller Magnetmodellen …", "Vad avser förslaget om …": the sentence turns to another proposal.
_NEW_TOPIC = re.compile(
    r"^\W*(?:när\s+det\s+gäller|vad\s+(?:gäller|avser|beträffar)|beträffande|avseende|angående|i\s+fråga\s+om"
    r"|när\s+det\s+kommer\s+till|(?:också|även)\s+förslaget|förslaget\s+om)\b",
    re.I,
)

# "sådana överenskommelser", "denna satsning": words that point back to what the sentence before said
_ANAPHOR = re.compile(r"\b(?:sådana?|sådant|dessa|denna|detta|de\s+här|den\s+här|det\s+här)\s+\w", re.I)


def _opens_with(text: str, m: Match) -> bool:
    """Whether a term the match found stands among the first words of the text (its subject)."""
    head = " ".join(text.lower().split()[:6])
    return m.how is MatchHow.TERM and any(term.lower() in head for term in m.terms)


def _by_concepts(words: tuple[str, ...], vocab: _Vocabulary, skip: Set[str] = frozenset()) -> list[Match]:
    """The proposals (but those in `skip`) whose every concept the stems `words` have, in order."""
    return [
        Match(pid, 85.0, MatchHow.CONCEPT, hits)
        for pid, concepts in vocab.concepts.items()
        if pid not in skip and (hits := _concept_hits(words, concepts))
    ]


def _concept_matches(text: str, vocab: _Vocabulary, skip: Set[str] = frozenset()) -> list[Match]:
    """Proposals a text names by concepts alone."""
    return _by_concepts(wordforms.stems(text), vocab, skip) if vocab.concepts else []


def _has_cue(text: str) -> bool:
    return lexicon.first_cue(text.lower()) >= 0


# A clause that opens with a subject and a verb of the respondent's own account ("Nätverket har
# diskuterat …", "Vi anser …") is a sentence, not a title (titles may say "Kommuner ska …").
_SUBJECT_VERB = re.compile(
    r"^\W*[\w-]+\s+(?:(?:har|hade)\s+(?:\w+\s+)?\w+t|anser|menar|tycker|vill)\b", re.IGNORECASE
)


def _mark_restated(clauses: list[ClauseMatch], remiss: Remiss) -> list[ClauseMatch]:
    """A line that opens with a proposal's title and a dash restates it; so does what follows unless the
    respondent speaks there ("Krav på … dygnet runt – Östbacka kommun tillstyrker")."""
    if len(clauses) < 2 or not clauses[0].matches:
        return clauses
    head = clauses[0]
    if _has_cue(head.text):  # "Föreningen välkomnar stärkta avtal om läkarmedverkan – …" is a verdict
        return clauses
    if _SUBJECT_VERB.match(head.text):  # "Nätverket har diskuterat förslaget om …, men …" is a sentence
        return clauses
    if not any(_title_match(head.text, remiss.proposal(m.proposal)) >= TITLE_CUTOFF for m in head.matches):
        return clauses
    out = [replace(head, restated=True)]
    for clause in clauses[1:]:
        speaks = lexicon.RESPONDENT_SUBJECT.search(clause.text.lower()) and _has_cue(clause.text)
        out.append(clause if speaks else replace(clause, restated=True))
    return out


def _is_restated(sentence: Sentence, kind: BlockKind, clauses: list[ClauseMatch], remiss: Remiss) -> bool:
    """A sentence of the respondent's that only restates proposals (no stance, close to a title)."""
    if sentence.voice is not Voice.RESPONDENT or kind is BlockKind.HEADING:
        return False
    if clauses and all(c.restated for c in clauses):
        return True
    matches = [m for c in clauses for m in c.matches]
    low = sentence.text.lower()
    if not matches or lexicon.RESPONDENT_SUBJECT.search(low) or _has_cue(sentence.text):
        return False
    if kind is not BlockKind.ITEM and len(sentence.text) > 220:
        return False
    for m in matches:
        p = remiss.proposal(m.proposal)
        best = max(fuzz.token_set_ratio(low, p.title.lower()), fuzz.token_set_ratio(low, p.summary.lower()))
        if best >= RESTATED_CUTOFF:
            return True
    return False


def match(seg: Segmented, remiss: Remiss) -> tuple[MatchedSentence, ...]:
    """Attach proposals to every sentence and clause; mark lines that merely restate a proposal.

    A sentence that names no proposal takes its context: an earlier sentence of its paragraph, else the
    paragraph before it (a restated proposal line followed by the position, or a paragraph that goes on
    about the same proposal), else the heading it stands under.
    """
    sections = learn_sections(seg, remiss)
    vocab = _vocabulary(remiss)
    kinds = {b.index: b.kind for b in seg.blocks}
    subjects = {b.index: b.subject for b in seg.blocks if b.kind is BlockKind.ROW}
    row_matches: dict[int, tuple[Match, ...]] = {}
    out: list[MatchedSentence] = []
    topic: tuple[str, ...] = ()
    topic_number = ""
    topic_by_name = False
    before: Sentence | None = None  # the sentence before, for a paraphrase that points back to it
    block_props: dict[int, tuple[tuple[str, ...], MatchHow]] = {}
    previous_block: tuple[str, ...] = ()
    current_block = -1
    for sentence in seg.sentences:
        kind = kinds[sentence.block]
        if sentence.block != current_block:
            if current_block >= 0 and kinds[current_block] is not BlockKind.HEADING:
                # Only a paragraph that named a proposal itself passes it on: no endless chains.
                pids, how = block_props.get(current_block, ((), MatchHow.PARAGRAPH))
                previous_block = pids if how is MatchHow.TERM else ()
            current_block = sentence.block
        if kind is BlockKind.ROW:
            # A table row is about what its subject cell names; every other cell answers for that.
            if sentence.block not in row_matches:
                row_matches[sentence.block] = _subject_proposals(
                    subjects[sentence.block], remiss, sections, vocab
                )
            found = row_matches[sentence.block]
            if sentence.voice is Voice.HEADING:
                out.append(MatchedSentence(sentence, found))
            else:
                answer = tuple(ClauseMatch(text, found) for text in split_clauses(sentence.text))
                out.append(MatchedSentence(sentence, found, answer))
            previous_block = ()
            continue
        if kind is BlockKind.HEADING:
            subject = _subject_proposals(sentence.text, remiss, sections, vocab)
            pids = tuple(m.proposal for m in subject)
            number = m.group(1) if (m := _NUMBERED.match(sentence.text)) else ""
            if pids:
                topic, topic_number = pids, number
                # a heading in the respondent's own words is no surer of its topic than its sentences
                topic_by_name = any(m.how is not MatchHow.CONCEPT for m in subject)
            elif not (number and topic_number and number.startswith(topic_number + ".")):
                topic, topic_number = (), ""
            previous_block = ()  # below a heading its topic is the context; nothing carries over
            out.append(MatchedSentence(sentence, tuple(Match(pid, 100.0, MatchHow.HEADING) for pid in pids)))
            continue
        if sentence.part is Part.OTHER:
            # Procedure (yrkanden, beslutsunderlag): never a stance, but a decision may adopt a motion's
            # wording, so what a quoted motion names is kept (classify decides whether it counts).
            found = (
                own_matches(sentence.text, remiss, sections, vocab)
                if '"' in sentence.text or "”" in sentence.text
                else ()
            )
            out.append(
                MatchedSentence(
                    sentence,
                    found,
                    tuple(ClauseMatch(t, found) for t in split_clauses(sentence.text)) if found else (),
                )
            )
            continue
        clauses = [
            ClauseMatch(text, own_matches(text, remiss, sections, vocab))
            for text in split_clauses(sentence.text)
        ]
        if not any(c.matches for c in clauses):
            # A paraphrase may spread its concepts over a sentence's clauses ("ger en person i uppdrag
            # att på nationell nivå driva på regionerna, så att det finns en husläkare för …"), or over
            # two sentences when the second points back ("… hur ofta en doktor ska komma. Att en
            # myndighet bestämmer vad sådana överenskommelser ska innehålla …").
            spread = tuple(_concept_matches(sentence.text, vocab)) if len(clauses) > 1 else ()
            points_back = (
                before is not None and before.block == sentence.block and _ANAPHOR.search(sentence.text)
            )
            if not spread and before is not None and points_back:
                alone = {m.proposal for m in _concept_matches(before.text, vocab)}
                spread = tuple(
                    m
                    for m in _concept_matches(f"{before.text} {sentence.text}", vocab)
                    if m.proposal not in alone
                )
            clauses = [replace(c, matches=spread) for c in clauses]
        clauses = _mark_restated(clauses, remiss)
        own: list[Match] = []
        for clause in clauses:
            own.extend(m for m in clause.matches if all(o.proposal != m.proposal for o in own))
        concepts_only = bool(own) and all(m.how is MatchHow.CONCEPT for m in own)
        aside = concepts_only or (
            sentence.voice is Voice.RESPONDENT
            and not _has_cue(sentence.text)
            and not _NEW_TOPIC.match(sentence.text)
        )
        if aside and topic and topic_by_name and any(m.proposal not in topic for m in own):
            # Under a heading that names its proposal, words that fit another proposal's concepts
            # ("handledning av studenter" under "Avsnitt 8.4.2"), or its terms in an argument without a
            # verdict ("läkare … konkurrera om samma specialister i allmänmedicin" under 7.5), do not
            # move the sentence, or the paragraph after it, to that one; a sentence whose subject is the
            # other proposal ("Försöksverksamheten med Magnetmodellen kommer från …") does.
            subjects_named: tuple[str, ...] = (
                () if concepts_only else tuple(m.proposal for m in own if _opens_with(sentence.text, m))
            )
            keep = {*topic, *subjects_named}
            clauses = [replace(c, matches=tuple(m for m in c.matches if m.proposal in keep)) for c in clauses]
            own = [m for m in own if m.proposal in keep]
        if _is_restated(sentence, kind, clauses, remiss):
            sentence = replace(sentence, voice=Voice.RESTATED)
        context: tuple[Match, ...] = ()
        if sentence.block in block_props:
            pids, _ = block_props[sentence.block]
            context = tuple(Match(pid, 80.0, MatchHow.PARAGRAPH) for pid in pids)
        elif previous_block:
            context = tuple(Match(pid, 75.0, MatchHow.PARAGRAPH) for pid in previous_block)
        elif topic:
            context = tuple(Match(pid, 70.0, MatchHow.HEADING) for pid in topic)
        if own:
            # The latest sentence that names proposals is what "förslaget" in the next one refers to.
            block_props[sentence.block] = (tuple(m.proposal for m in own), MatchHow.TERM)
        elif previous_block and sentence.block not in block_props:
            block_props[sentence.block] = (previous_block, MatchHow.PARAGRAPH)
        out.append(MatchedSentence(sentence, tuple(own) or context, tuple(clauses), context))
        before = sentence
    return tuple(out)
