"""Which Swedish word-form tool matches a proposal's concepts best: the figures behind analysis/wordforms.py.

    pip install simplemma spylls            # the candidates besides snowballstemmer (a dependency)
    apt-get install hunspell-sv             # the sv_SE dictionary that spylls reads (Debian)
    python benchmarks/stemmers.py GOLD PDF_DIR [--proposals FILE]

Each candidate replaces the stemmer in this process; every response is analysed again (the read documents
come from the cache) and compared with the labels. Printed per candidate: agreement, Cohen's kappa, how
many clauses matched a proposal by its concepts, and the time the analysis took. A candidate whose package
or dictionary is missing is skipped with a note.
"""

from __future__ import annotations

import argparse
import functools
import importlib
import signal
import sys
import time
from collections.abc import Callable
from pathlib import Path

from remisskoll import load_proposals
from remisskoll.analysis import analyse_document, wordforms
from remisskoll.analysis.duplicates import duplicate_groups
from remisskoll.evaluate import evaluate, load_gold
from remisskoll.model import Document, MatchHow, Matrix, ReadOptions
from remisskoll.pipeline import collect_pdfs, read_document

HUNSPELL = Path("/usr/share/hunspell/sv_SE")
# The module (remisskoll.analysis.match is also the name of its function in the package).
matching = importlib.import_module("remisskoll.analysis.match")


def snowball() -> Callable[[str], str]:
    return wordforms._snowball()


def simplemma_lemma() -> Callable[[str], str]:
    import simplemma

    return lambda word: str(simplemma.lemmatize(word, lang="sv")).lower()


def hunspell_stem() -> Callable[[str], str]:
    from spylls.hunspell import Dictionary

    dictionary = Dictionary.from_files(str(HUNSPELL))

    def stem(word: str) -> str:
        for form in dictionary.lookuper.good_forms(word):
            parts = getattr(form, "parts", None)
            if parts:  # a compound: its parts' stems, joined, so that covers() sees its head and modifier
                return "".join(str(p.stem) for p in parts).lower()
            return str(form.stem).lower()
        return word

    return stem


CANDIDATES: dict[str, Callable[[], Callable[[str], str]]] = {
    "snowballstemmer (Snowball, Swedish)": snowball,
    "simplemma (lemmatiser)": simplemma_lemma,
    "Hunspell sv_SE (spylls)": hunspell_stem,
}


def _too_long(signum: int, frame: object) -> None:
    raise TimeoutError


def main(argv: list[str]) -> int:
    signal.signal(signal.SIGALRM, _too_long)
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("gold", type=Path)
    parser.add_argument("pdfs", type=Path)
    parser.add_argument("--proposals", type=Path, default=None)
    args = parser.parse_args(argv)
    remiss = load_proposals(args.proposals)
    labels = load_gold(args.gold, remiss.ids)
    documents: list[Document] = []
    for path in collect_pdfs([args.pdfs]):
        documents.append(read_document(path, ReadOptions()))
    print(f"{len(documents)} documents, {sum(d.page_count for d in documents)} pages")
    words = sorted({w for d in documents for p in d.pages for w in wordforms._WORD.findall(p.text.lower())})
    for name, make in CANDIDATES.items():
        try:
            wordforms.stemmer = functools.lru_cache(maxsize=1)(make)  # built once, as _snowball is
            wordforms.stem.cache_clear()
            matching._concepts.cache_clear()
            wordforms.stem("prov")
        except (ImportError, OSError) as exc:
            print(f"{name}: skipped ({exc})")
            continue
        # Every distinct word once (the analysis caches stems): a candidate too slow for that is out. A
        # word is given at most a second (SIGALRM: this script runs on Linux), and counted when it takes it.
        sample = words[:: max(1, len(words) // 500)]
        stuck = 0
        start = time.perf_counter()
        for word in sample:
            signal.setitimer(signal.ITIMER_REAL, 1.0)
            try:
                wordforms.stem(word)
            except TimeoutError:
                stuck += 1
            finally:
                signal.setitimer(signal.ITIMER_REAL, 0)
        per_word = (time.perf_counter() - start) / len(sample)
        if stuck or per_word * len(words) > 120:
            print(
                f"{name}: {1000 * per_word:.1f} ms a word on a sample of {len(sample)} of the {len(words)} "
                f"distinct words, {stuck} of them over a second: too slow to use, not evaluated"
            )
            continue
        start = time.perf_counter()
        analyses = [analyse_document(doc, remiss) for doc in documents]
        seconds = time.perf_counter() - start
        by_concept = sum(
            1
            for a in analyses
            for ms in a.matched
            for c in ms.clauses
            for m in c.matches
            if m.how is MatchHow.CONCEPT
        )
        responses = tuple(a.response for a in analyses)
        matrix = Matrix(remiss, responses, duplicate_groups([(r.file, r.paragraphs) for r in responses]))
        ev = evaluate(matrix, labels)
        print(
            f"{name}: agreement {ev.agreement:.3f}, kappa {ev.kappa:.3f}, "
            f"clauses matched by concepts {by_concept}, {1000 * per_word:.3f} ms a word, analysis {seconds:.2f} s"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
