"""Near-duplicate responses: several bodies sending the same paragraphs (often copied from SKR's answer).

Paragraphs are compared with rapidfuzz only within blocks that share a normalised opening or ending,
so the work grows with the number of paragraphs, not with its square.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Sequence

from rapidfuzz import fuzz

MIN_PARAGRAPH = 120  # shorter paragraphs are formulae ("Beslut i detta ärende har fattats av …")
SAME_PARAGRAPH = 90.0  # rapidfuzz ratio for "the same paragraph", allowing a changed name or date
SHARED_SHARE = 0.5  # share of the shorter response's paragraphs found in the other
MIN_SHARED = 2
_KEY = 32


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"\d+", "#", text.lower())).strip()


def duplicate_groups(paragraphs: Sequence[tuple[str, Sequence[str]]]) -> tuple[tuple[str, ...], ...]:
    """Groups of files (by name, input order) whose long paragraphs are largely the same."""
    docs = [
        (name, [p for p in (_norm(t) for t in texts) if len(p) >= MIN_PARAGRAPH])
        for name, texts in paragraphs
    ]
    blocks: dict[tuple[str, str], list[tuple[int, int]]] = defaultdict(list)
    for d, (_, paras) in enumerate(docs):
        for i, p in enumerate(paras):
            blocks[("head", p[:_KEY])].append((d, i))
            blocks[("tail", p[-_KEY:])].append((d, i))
    shared: dict[tuple[int, int], set[int]] = defaultdict(set)  # (doc a, doc b) → paragraphs of a found in b
    for members in blocks.values():
        if len(members) < 2:
            continue
        for x, (da, ia) in enumerate(members):
            for db, ib in members[x + 1 :]:
                if da == db:
                    continue
                if fuzz.ratio(docs[da][1][ia], docs[db][1][ib], score_cutoff=SAME_PARAGRAPH):
                    shared[(da, db)].add(ia)
                    shared[(db, da)].add(ib)
    parent = list(range(len(docs)))
    same_text: dict[tuple[str, ...], int] = {}

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for d, (_, texts) in enumerate(paragraphs):
        whole = tuple(_norm(t) for t in texts)
        if any(whole):  # identical text, however short its paragraphs, is the same answer
            parent[find(d)] = find(same_text.setdefault(whole, d))
    for (da, db), found in shared.items():
        smaller = min(len(docs[da][1]), len(docs[db][1]))
        both = min(len(found), len(shared.get((db, da), ())))
        if both >= MIN_SHARED and both >= SHARED_SHARE * smaller:
            parent[find(da)] = find(db)
    groups: dict[int, list[str]] = defaultdict(list)
    for d, (name, _) in enumerate(docs):
        groups[find(d)].append(name)
    return tuple(tuple(g) for g in groups.values() if len(g) > 1)
