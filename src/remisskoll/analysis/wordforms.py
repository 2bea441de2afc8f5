"""Swedish word forms for matching a proposal's concepts: inflected and compound words to a common stem.

The stemmer is Snowball's Swedish stemmer (the `snowballstemmer` package). It was chosen over simplemma
(a lemmatiser) and a Hunspell dictionary (sv_SE, read with spylls) by their figures on responses written
by others; the measurement is `benchmarks/stemmers.py` and the figures are in the README ("Word forms").
Snowball needs no dictionary file and is pure Python, so it installs the same on every OS.

Compounds, which Swedish writes as one word ("sjuksköterskorna" in "distriktssköterskorna",
"läkarbedömning"), are matched by a stem at the end or the start of a word's stem (see `covers`).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache

_WORD = re.compile(r"\w+")
# Shorter stems match only whole words: as a compound part, "läk" would be in "läkemedel" too.
COMPOUND_PART = 5


@lru_cache(maxsize=1)
def _snowball() -> Callable[[str], str]:
    import snowballstemmer

    stemmer = snowballstemmer.stemmer("swedish")
    return stemmer.stemWord  # type: ignore[no-any-return]


# The stemmer in use; benchmarks/stemmers.py swaps it to measure the others.
stemmer: Callable[[], Callable[[str], str]] = _snowball


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """The stem of one lower-cased word."""
    return stemmer()(word)


def stems(text: str) -> tuple[str, ...]:
    """The stems of a text's words, in order."""
    return tuple(stem(w) for w in _WORD.findall(text.lower()))


def covers(word_stem: str, wanted: str) -> bool:
    """Whether a word (by its stem) is the wanted stem, or a compound that ends or starts with it."""
    if word_stem == wanted:
        return True
    return len(wanted) >= COMPOUND_PART and (word_stem.endswith(wanted) or word_stem.startswith(wanted))
