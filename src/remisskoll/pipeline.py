"""The whole path from files to a Matrix: extract → segment → match → classify, per file.

The CLI and `import remisskoll` call the same functions here.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from functools import partial
from pathlib import Path
from typing import Any

from .cache import Cache, cache_dir, checked_response, encode_response, file_digest
from .classify import Classified, classify
from .extract import extract
from .match import match
from .model import (
    BlockKind,
    Document,
    MatchedSentence,
    MatchHow,
    Matrix,
    Part,
    ReadError,
    Remiss,
    Response,
    Segmented,
    Status,
)
from .proposals import load_proposals
from .respondent import detect_respondent, fallback_name, respondent_type
from .segment import segment
from .similarity import duplicate_groups
from .workers import Options, cache_key, read_all, transient, warm_up

_INQUIRY = re.compile(r"\b(SOU|Ds|Dir\.)\s?(\d{4}):(\d{1,3})\b")
_MINISTRY_DNR = re.compile(r"\b([A-Z][a-zA-Z]{0,2}\d{4}/\d{3,6})\b")


def is_ministry_dnr(reference: str) -> bool:
    """Whether an inquiry_references() entry is a ministry diary number ("S2024/01983")."""
    return _MINISTRY_DNR.fullmatch(reference) is not None


def inquiry_references(text: str) -> tuple[str, ...]:
    """Inquiry numbers and ministry diary numbers a text cites, normalised and in order of appearance."""
    found = [f"{kind} {year}:{number}" for kind, year, number in _INQUIRY.findall(text)]
    found += _MINISTRY_DNR.findall(text)
    return tuple(dict.fromkeys(found))


class InputError(Exception):
    """Paths that cannot be used at all (missing, a directory without PDFs): a usage error."""


def collect_pdfs(paths: Iterable[str | Path]) -> list[Path]:
    """Expand arguments: files as given, directories searched (recursively) for *.pdf, sorted."""
    out: list[Path] = []
    seen: set[Path] = set()
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            found = sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() == ".pdf")
            if not found:
                raise InputError(
                    f"{path}: no PDF files in this directory — give PDF files or another directory"
                )
        elif path.exists():
            found = [path]
        else:
            raise InputError(
                f"{path}: no such file — check the path (a shell glob that matched nothing stays literal)"
            )
        for p in found:
            key = p.resolve()
            if key not in seen:  # the same file named twice is read once
                seen.add(key)
                out.append(p)
    if not out:
        raise InputError("no input files — give PDF files or directories")
    return out


@dataclass(frozen=True)
class Analysis:
    """Everything the pipeline learnt about one readable file, for `explain` and tests."""

    document: Document
    segmented: Segmented
    matched: tuple[MatchedSentence, ...]
    classified: Classified
    response: Response


def analyse(path: str | Path, remiss: Remiss, engine: str = "pdfplumber", ocr: str = "auto") -> Analysis:
    """Run every stage on one file in this process; raise ReadError when it cannot be read."""
    return analyse_document(extract(path, engine=engine, ocr=ocr), remiss)


def analyse_document(doc: Document, remiss: Remiss) -> Analysis:
    """Segment, match and classify an extracted document."""
    seg = segment(doc)
    matched = match(seg, remiss)
    result = classify(matched, remiss)
    cells = result.cells
    if doc.ocr:
        # OCR text may hide a word that decides a cell: mark every cell and scale its confidence.
        factor = doc.ocr_confidence if doc.ocr_confidence is not None else 0.5
        cells = tuple(replace(c, ocr=True, confidence=round(c.confidence * factor, 2)) for c in cells)
    name = detect_respondent(doc)
    own = (MatchHow.TERM, MatchHow.SECTION)
    named = {m.proposal for ms in matched for m in ms.matches if m.how in own}
    response = Response(
        file=doc.path,
        respondent=name,
        status=Status.OK,
        pages=doc.page_count,
        cells=cells,
        dissents=result.dissents,
        references=result.references,
        respondent_type=respondent_type(name),
        ocr=doc.ocr,
        inquiries=inquiry_references(" ".join(page.text for page in doc.pages)),
        named=tuple(pid for pid in remiss.ids if pid in named),
        paragraphs=tuple(
            b.text for b in seg.blocks if b.kind is not BlockKind.HEADING and b.part is not Part.OTHER
        ),
    )
    return Analysis(doc, seg, matched, result, response)


def unread(path: str | Path, error: ReadError) -> Response:
    """The row of a file that could not be read: never 'not addressed', always the reason."""
    name = fallback_name(str(path))
    return Response(
        file=str(path),
        respondent=name,
        status=error.status,
        pages=0,
        error=error.reason,
        respondent_type=respondent_type(name),
    )


def read_response(
    path: str | Path, remiss: Remiss, engine: str = "pdfplumber", ocr: str = "auto"
) -> Response:
    """One file's row, read in this process: its stances, or a status that says why it could not be read."""
    try:
        return analyse(path, remiss, engine, ocr).response
    except ReadError as exc:
        return unread(path, exc)


def _analysis_data(remiss: Remiss, doc: Document) -> dict[str, Any]:
    # Runs in a worker process: the response as JSON data (never pickle from a worker).
    return encode_response(analyse_document(doc, remiss).response)


ANALYSIS_VERSION = "1"  # bump when segment, match or classify change what they return


def remiss_digest(remiss: Remiss) -> str:
    """What the analysis depends on besides the file: the proposals in use."""
    return hashlib.sha256(repr((remiss.id, remiss.title, remiss.dnr, remiss.proposals)).encode()).hexdigest()


def compare(
    paths: Sequence[str | Path],
    remiss: Remiss | None = None,
    options: Options | None = None,
    cache: Cache | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> Matrix:
    """Read every response and build the stance matrix (rows in input order).

    A response analysed before (same bytes, engine, OCR mode, proposals and versions) comes from the
    cache (default: $XDG_CACHE_HOME/remisskoll). The others are extracted and analysed in worker
    processes with time and memory limits (`options`); a file whose extraction was cached is analysed
    here. `progress(i, pages)` is called as each file is done.
    """
    remiss = remiss or load_proposals()
    options = options or Options()
    cache = cache if cache is not None else Cache(cache_dir())
    files = collect_pdfs(paths)
    digest = remiss_digest(remiss)
    responses: list[Response | None] = [None] * len(files)
    keys: dict[int, str] = {}
    digests: dict[int, str] = {}
    unopened: dict[int, ReadError] = {}
    warming = False
    for i, path in enumerate(files):
        try:
            digests[i] = file_digest(path)  # read once: extraction's cache key reuses it
        except OSError as exc:
            unopened[i] = ReadError(Status.ERROR, f"cannot open the file ({exc.strerror or exc})")
            continue
        keys[i] = hashlib.sha256(
            f"{cache_key(digests[i], options)}|{digest}|analysis-{ANALYSIS_VERSION}".encode()
        ).hexdigest()
        hit = responses[i] = cache.get_response(keys[i], str(path))
        if hit is None and not warming:
            warm_up()  # the first file not analysed before: workers will most likely be needed
            warming = True
        if hit is not None and progress is not None:
            progress(i, hit.pages)

    def analysed(i: int, result: Document | ReadError | None, analysis: dict[str, Any] | None = None) -> None:
        if isinstance(result, ReadError):
            response = unread(files[i], result)
        elif (from_worker := checked_response(analysis, str(files[i]))) is not None:
            response = from_worker
        elif result is not None:
            response = analyse_document(result, remiss).response
        else:
            # A worker cached the Document but its analysis did not decode: read it here after all.
            response = read_response(files[i], remiss, options.engine, options.ocr)
        responses[i] = response
        if i in keys and (result is None or not transient(result)):
            cache.put_response(keys[i], response)
        if progress is not None:
            progress(i, response.pages)

    for i, error in unopened.items():
        analysed(i, error)
    todo = [i for i in digests if responses[i] is None]
    read_all(
        [files[i] for i in todo],
        options,
        cache,
        partial(_analysis_data, remiss),
        lambda j, r, a: analysed(todo[j], r, a),
        [digests[i] for i in todo],
    )
    for i in todo:
        if responses[i] is None:
            analysed(i, ReadError(Status.ERROR, "not processed"))
    done = [r for r in responses if r is not None]
    groups = duplicate_groups([(r.file, r.paragraphs) for r in done])
    return Matrix(remiss=remiss, responses=tuple(done), duplicate_groups=groups)
