"""Near-duplicate responses: several bodies sending the same paragraphs (often copied from SKR's answer).

Paragraphs are compared with rapidfuzz only within blocks that share a normalised opening or ending,
so the work grows with the number of paragraphs, not with its square.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Sequence
from itertools import combinations

from rapidfuzz import fuzz

MIN_PARAGRAPH = 120  # shorter paragraphs are formulae ("Beslut i detta ärende har fattats av …")
SAME_PARAGRAPH = 90.0  # rapidfuzz ratio for "the same paragraph", allowing a changed name or date
SHARED_SHARE = 0.5  # share of the shorter response's paragraphs found in the other
MIN_SHARED = 2
_KEY = 32


_DIGITS = re.compile(r"\d+")


def _norm(text: str) -> str:
    return " ".join(_DIGITS.sub("#", text.lower()).split())


def duplicate_groups(paragraphs: Sequence[tuple[str, Sequence[str]]]) -> tuple[tuple[str, ...], ...]:
    """Groups of files (by name, input order) whose long paragraphs are largely the same.

    Exact repeats are counted through a hash index; only paragraphs that no other response has verbatim
    are compared fuzzily, within blocks that share an opening or ending. A paragraph that a large share
    of all responses carry is boilerplate ("Beslut i detta ärende har fattats av …"), not evidence that
    two answers were copied from each other, and so are oversized blocks: the work stays near-linear.
    """
    normed = [tuple(_norm(t) for t in texts) for _, texts in paragraphs]
    docs = [
        (name, sorted({p for p in whole if len(p) >= MIN_PARAGRAPH}))
        for (name, _), whole in zip(paragraphs, normed, strict=True)
    ]
    common = max(10, len(docs) // 5)
    owners: dict[str, list[int]] = defaultdict(list)
    for d, (_, paras) in enumerate(docs):
        for p in paras:
            owners[p].append(d)
    shared: Counter[tuple[int, int]] = Counter()
    for ds in owners.values():
        if 2 <= len(ds) <= common:
            for a, b in combinations(ds, 2):
                shared[(a, b)] += 1
    blocks: dict[tuple[str, str], list[tuple[int, str]]] = defaultdict(list)
    for p, ds in owners.items():
        if len(ds) == 1:
            blocks[("head", p[:_KEY])].append((ds[0], p))
            blocks[("tail", p[-_KEY:])].append((ds[0], p))
    for members in blocks.values():
        if not 2 <= len(members) <= common:
            continue
        seen: set[tuple[int, int]] = set()
        for x, (da, pa) in enumerate(members):
            for db, pb in members[x + 1 :]:
                pair = (min(da, db), max(da, db))
                if da != db and pair not in seen and fuzz.ratio(pa, pb, score_cutoff=SAME_PARAGRAPH):
                    seen.add(pair)  # one near-identical paragraph counts once per block
                    shared[pair] += 1
    parent = list(range(len(docs)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    same_text: dict[tuple[str, ...], int] = {}
    for d, whole in enumerate(normed):
        if any(whole):  # identical text, however short its paragraphs, is the same answer
            parent[find(d)] = find(same_text.setdefault(whole, d))
    for (da, db), count in shared.items():
        smaller = min(len(docs[da][1]), len(docs[db][1]))
        if count >= MIN_SHARED and count >= SHARED_SHARE * smaller:
            parent[find(da)] = find(db)
    groups: dict[int, list[str]] = defaultdict(list)
    for d, (name, _) in enumerate(docs):
        groups[find(d)].append(name)
    return tuple(tuple(g) for g in groups.values() if len(g) > 1)
