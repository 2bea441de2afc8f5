"""The one orchestrator: files → cache → worker processes (reading, analysis) → Matrix.

    compare(paths, remiss, options, cache) -> Matrix      every response, in input order
    analyse(path, remiss, options, cache) -> Analysis     one response with every stage's output
    read_response(path, remiss, options, cache) -> Response

The CLI and `import remisskoll` call these. A PDF is only ever parsed in a worker process with time and
memory limits (runtime/); what comes back is checked data. This module owns the cache keys and the
version numbers that make a cached entry stale.
"""

from __future__ import annotations

import functools
import hashlib
import json
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from importlib import resources
from pathlib import Path
from typing import Any

from . import __version__
from .analysis import Analysis, analyse_document
from .analysis.duplicates import duplicate_groups
from .analysis.respondent import detect_respondent_and_type, fallback_name, respondent_type
from .errors import WORD_SUFFIXES, Failure, InputError, ReadError
from .model import Document, Matrix, ReadOptions, Remiss, Response
from .proposals import load_proposals
from .runtime import workers
from .runtime.cache import Cache, NotRegularFile, file_digest, identify_file
from .runtime.codec import (
    CODEC_VERSION,
    FOREIGN,
    checked_response,
    decode_document,
    decode_remiss,
    encode_document,
    encode_remiss,
    encode_response,
)

# Bump when reading returns something else for the same file (the cached Documents are then stale).
EXTRACTOR_VERSION = "2"
# Bump when segment, match or classify return something else for the same Document.
ANALYSIS_VERSION = "2"  # 2: a response records whether it depends on the file name
# Both keys also carry a digest of their layer's source files, so that a changed rule never meets a
# stale cache entry, even between releases (a development install, a patched copy).


@functools.cache
def source_digest(layer: str) -> str:
    """SHA-256 (16 hex digits) of the source files of a layer of this package ("reading", "analysis")."""
    h = hashlib.sha256()
    package = resources.files(f"remisskoll.{layer}")
    for entry in sorted(package.iterdir(), key=lambda e: e.name):
        if entry.name.endswith(".py"):
            h.update(entry.name.encode() + b"\0" + entry.read_bytes())
    return h.hexdigest()[:16]


def collect_pdfs(paths: Iterable[str | Path]) -> list[Path]:
    """Expand arguments: files as given, directories searched (recursively) for *.pdf, sorted.

    A directory's word-processor files (.docx, .doc, .odt, .rtf) are collected too, and so is a pipe or
    device named .pdf: each is a row that says what it is, so that no body vanishes from the matrix."""
    out: list[Path] = []
    seen: set[Path] = set()
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            found = sorted(p for p in path.rglob("*") if not p.is_dir() and _response_file(p))
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


def _response_file(path: Path) -> bool:
    suffix = path.suffix.lower()
    # "~$svar.docx" is the lock file Word keeps beside an open document, not a response.
    return suffix == ".pdf" or (suffix in WORD_SUFFIXES and not path.name.startswith("~$"))


# --- cache keys ----------------------------------------------------------------------------------


def _parser_versions(engine: str) -> str:
    # From the installed distributions' metadata: importing the parsers would cost every run ~0.2 s.
    from importlib.metadata import version

    if engine == "pdfplumber":
        return f"pdfplumber-{version('pdfplumber')}-pdfminer-{version('pdfminer.six')}"
    return f"pypdfium2-{version('pypdfium2')}"


def document_key(digest: str, options: ReadOptions) -> str:
    """The key of a read Document: the file's SHA-256 and everything that changes what reading returns."""
    tag = (
        f"{digest}|{options.engine.value}|{_parser_versions(options.engine.value)}|ocr-{options.ocr.value}"
        f"|remisskoll-{__version__}-{EXTRACTOR_VERSION}-{source_digest('reading')}|codec-{CODEC_VERSION}"
    )
    return hashlib.sha256(tag.encode()).hexdigest()


def remiss_digest(remiss: Remiss) -> str:
    """What the analysis depends on besides the Document: the proposals in use."""
    data = json.dumps(encode_remiss(remiss), sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(data.encode("utf-8")).hexdigest()


def response_key(document: str, remiss: Remiss) -> str:
    """The key of an analysed Response: its Document's key, the proposals and the analysis version."""
    tag = f"{document}|{remiss_digest(remiss)}|analysis-{ANALYSIS_VERSION}-{source_digest('analysis')}"
    return hashlib.sha256(tag.encode()).hexdigest()


# --- the jobs the workers run --------------------------------------------------------------------


def _settings(options: ReadOptions, cache: Cache, remiss: Remiss | None) -> dict[str, Any]:
    return {
        "engine": options.engine.value,
        "ocr": options.ocr.value,
        "cache": str(cache.directory) if cache.enabled else None,
        "remiss": encode_remiss(remiss) if remiss is not None else None,
    }


def _read_in_worker(settings: dict[str, Any], item: dict[str, Any]) -> Document:
    from .reading import read_document  # only workers read PDFs

    options = ReadOptions(engine=settings["engine"], ocr=settings["ocr"])
    try:
        doc = read_document(item["path"], options)  # MemoryError goes back as it is
    except ReadError:
        _unchanged(item)  # a verdict on other bytes ("damaged") must not be cached under these
        raise
    _unchanged(item)
    if settings["cache"]:
        Cache(Path(settings["cache"])).put_document(item["key"], doc)
    return doc


CHANGED_REASON = "the file changed while it was being read — run again once it is complete"


def _unchanged(item: dict[str, Any]) -> None:
    """Raise ReadError(CHANGED) unless the file still has the bytes the parent hashed and keyed it by: if
    they changed before or while they were read here (a synced folder, a download), what was read
    belongs to other bytes and must not be cached or reported under these."""
    try:
        same = file_digest(item["path"]) == item["digest"]
    except OSError:
        same = False
    if not same:
        raise ReadError(Failure.CHANGED, CHANGED_REASON)


def read_job(settings: dict[str, Any], item: dict[str, Any]) -> dict[str, Any]:
    """A worker's job for `analyse`: read one PDF, cache the Document and send it back."""
    return {"document": encode_document(_read_in_worker(settings, item))}


def analyse_job(settings: dict[str, Any], item: dict[str, Any]) -> dict[str, Any]:
    """A worker's job for `compare`: read one PDF, cache the Document, analyse it, send the Response
    and the file name it depends on (see respond).

    Only the analysis travels back: the parent neither decodes nor re-encodes the Document.
    """
    doc = _read_in_worker(settings, item)
    try:
        response, bound = respond(doc, _remiss(settings))
    except Exception as exc:  # a bug in the rules, not in the file
        raise ReadError(Failure.INTERNAL, internal_reason(exc)) from None
    return {"response": encode_response(response), "bound": bound}


# A file name no response can name itself by: a respondent found under it came from the file name.
_PROBE = "\x00.pdf"


def respond(doc: Document, remiss: Remiss) -> tuple[Response, str | None]:
    """A Document's row, and the name from its file name when the analysis depends on it (no name in the
    text: the respondent, its type and its voice come from the file name), else None: then every copy of
    the same bytes, under any name, has the same analysis."""
    response = analyse_document(doc, remiss).response
    probe = replace(doc, path=_PROBE)
    from_file = detect_respondent_and_type(probe)[0] == fallback_name(_PROBE)
    return response, fallback_name(doc.path) if from_file else None


def _remiss(settings: dict[str, Any]) -> Remiss:
    # A worker keeps its settings for its whole life: decode the proposals once, not once per file.
    remiss = settings.get("decoded remiss")
    if not isinstance(remiss, Remiss):
        remiss = settings["decoded remiss"] = decode_remiss(settings["remiss"])
    return remiss


def internal_reason(exc: Exception) -> str:
    """The reason of a row that failed because of a bug in the rules."""
    return f"internal error in remisskoll's analysis ({type(exc).__name__}: {str(exc)[:120]})"


# --- the orchestrator ------------------------------------------------------------------------------


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
        failure=error.failure,
    )


@dataclass(frozen=True)
class _File:
    path: Path
    digest: str
    size: int
    document: str  # cache key of its Document
    response: str  # cache key of its Response
    spent: float  # seconds of its time limit used to identify it


def _limits(options: ReadOptions) -> workers.Limits:
    return workers.Limits(options.workers(), options.timeout, options.memory_mb)


def _identify(path: Path, options: ReadOptions, remiss: Remiss | None) -> _File | ReadError:
    """Hash a file to key it, within its time limit (a 20 GB file must not hash for minutes before the
    limit starts); a pipe or device is refused unread (a FIFO or /dev/zero would never end)."""
    started = time.monotonic()
    try:
        digest, size = identify_file(path, started + options.timeout)
    except NotRegularFile:
        return ReadError(Failure.NOT_A_FILE, "not a regular file (a pipe, device or socket)")
    except TimeoutError:
        return ReadError(
            Failure.TIMEOUT,
            f"stopped after {options.timeout:g} s reading the file — is it this large? raise --timeout to "
            "try longer",
        )
    except OSError as exc:
        return ReadError(Failure.CANNOT_OPEN, f"cannot open the file ({exc.strerror or exc})")
    document = document_key(digest, options)
    spent = time.monotonic() - started
    return _File(path, digest, size, document, response_key(document, remiss) if remiss else "", spent)


def _item(entry: _File) -> dict[str, Any]:
    """What a worker is told about a file: where it is and the bytes it was keyed by."""
    return {"path": str(entry.path), "digest": entry.digest, "key": entry.document}


def compare(
    paths: Sequence[str | Path],
    remiss: Remiss | None = None,
    options: ReadOptions | None = None,
    cache: Cache | None = None,
    progress: Callable[[int, int, int], None] | None = None,
) -> Matrix:
    """Read every response and build the stance matrix (rows in input order).

    A response analysed before (same bytes, reading options, proposals and versions, and the same file
    name if the analysis took the respondent from it) comes from the cache (default: the user's cache
    directory, see `remisskoll cache info`); one whose Document is cached is analysed here; the others
    are read and analysed in worker processes with the limits of `options`. `progress(done, total,
    pages)` is called as each file is done (files done so far, files in all, pages of this one). Files
    with the same bytes are read once. Raises InputError for paths that cannot be used at all.
    """
    remiss = remiss or load_proposals()
    options = options or ReadOptions()
    cache = cache if cache is not None else Cache.default()
    files = collect_pdfs(paths)
    responses: list[Response | None] = [None] * len(files)
    known: list[_File | None] = [None] * len(files)

    def finish(i: int, response: Response) -> None:
        responses[i] = response
        if progress is not None:
            progress(sum(r is not None for r in responses), len(files), response.pages)

    for i, path in enumerate(files):
        entry = _identify(path, options, remiss)
        if isinstance(entry, ReadError):
            finish(i, unread(path, entry))
        else:
            known[i] = entry
    # Copies of one file's bytes share its analysis unless it depends on the file name: those copies
    # whose names differ are analysed in a further round (from the Document cached in the first).
    waiting = [i for i, entry in enumerate(known) if entry is not None]
    while waiting:
        waiting = _round(waiting, files, known, responses, remiss, options, cache, finish)
    rows = [r if r is not None else unread(f, _NOT_PROCESSED) for r, f in zip(responses, files, strict=True)]
    groups = duplicate_groups([(r.file, r.paragraphs) for r in rows])
    return Matrix(remiss=remiss, responses=tuple(rows), duplicate_groups=groups)


def _round(
    indices: list[int],
    files: list[Path],
    known: list[_File | None],
    responses: list[Response | None],
    remiss: Remiss,
    options: ReadOptions,
    cache: Cache,
    finish: Callable[[int, Response], None],
) -> list[int]:
    """Give a row to the first file of each set of equal bytes among `indices`, from the cache or the
    workers, and to the copies that can share it; returns the copies that need an analysis of their own."""
    first: dict[str, int] = {}  # document key → the first file with those bytes
    bound: dict[int, str | None] = {}  # file → the file name its analysis depends on
    todo: list[int] = []

    def settle(i: int, response: Response, name: str | None = None, transient: bool = False) -> None:
        entry = known[i]
        bound[i] = name
        if entry is not None and not transient:
            cache.put_response(entry.response, response, name)
        finish(i, response)

    for i in indices:
        entry, path = known[i], files[i]
        assert entry is not None
        if entry.document in first:
            continue  # the same bytes under another name: filled in below
        first[entry.document] = i
        hit = cache.get_response(entry.response, str(path), fallback_name(str(path)))
        if hit is not None:
            bound[i] = hit[1]
            finish(i, hit[0])
            continue
        doc = cache.get_document(entry.document, str(path))
        if isinstance(doc, Document):
            settle(i, *_analysed_here(doc, remiss))
        elif isinstance(doc, ReadError):
            settle(i, unread(path, doc))
        else:
            todo.append(i)

    def done(j: int, outcome: workers.Outcome) -> None:
        i = todo[j]
        path, entry = files[i], known[i]
        if isinstance(outcome, ReadError):
            if entry is not None and not outcome.failure.transient:
                cache.put_document(entry.document, outcome)
            settle(i, unread(path, outcome), transient=outcome.failure.transient)
            return
        response = checked_response(outcome.get("response"), str(path))
        name = outcome.get("bound")
        if response is None or not (name is None or isinstance(name, str)):
            error = ReadError(Failure.INTERNAL, "internal error: a worker sent a malformed analysis")
            settle(i, unread(path, error), transient=True)
        else:
            settle(i, response, name)

    items = [_item(_known(known[i])) for i in todo]
    order = sorted(range(len(todo)), key=lambda j: -_known(known[todo[j]]).size)
    spent = [_known(known[i]).spent for i in todo]
    workers.run(analyse_job, _settings(options, cache, remiss), items, _limits(options), done, order, spent)
    again = []
    for i in indices:
        if responses[i] is not None:
            continue
        source_index = first[_known(known[i]).document]
        source = responses[source_index]
        if source is None:
            continue  # not processed: reported as such
        if source.failure is not None:
            finish(i, unread(files[i], ReadError(source.failure, source.error or "")))
        elif bound.get(source_index) not in (None, fallback_name(str(files[i]))):
            again.append(i)
        else:
            finish(i, replace(source, file=str(files[i])))
    return again


_NOT_PROCESSED = ReadError(Failure.INTERNAL, "internal error: the file was not processed")


def _known(entry: _File | None) -> _File:
    assert entry is not None  # only identified files are processed
    return entry


def _analysed_here(doc: Document, remiss: Remiss) -> tuple[Response, str | None]:
    """Analyse a Document from the cache in this process (no PDF is parsed here)."""
    try:
        return respond(doc, remiss)
    except Exception as exc:
        return unread(doc.path, ReadError(Failure.INTERNAL, internal_reason(exc))), None


def read_document(
    path: str | Path, options: ReadOptions | None = None, cache: Cache | None = None
) -> Document:
    """One PDF read in a worker process with the limits of `options` (or from the cache); raises
    ReadError when it cannot be read."""
    options = options or ReadOptions()
    cache = cache if cache is not None else Cache.default()
    path = Path(path)
    if path.is_dir():
        raise InputError(f"{path}: a directory — give one PDF file")
    if not path.exists():
        raise InputError(f"{path}: no such file — check the path")
    entry = _identify(path, options, None)
    if isinstance(entry, ReadError):
        raise entry
    cached = cache.get_document(entry.document, str(path))
    if isinstance(cached, ReadError):
        raise cached
    if cached is not None:
        return cached
    outcomes: list[workers.Outcome] = []
    limits = replace(_limits(options), jobs=1)
    settings = _settings(options, cache, None)
    record = lambda _, o: outcomes.append(o)  # noqa: E731
    workers.run(read_job, settings, [_item(entry)], limits, record, spent=[entry.spent])
    (outcome,) = outcomes
    if isinstance(outcome, ReadError):
        if not outcome.failure.transient:
            cache.put_document(entry.document, outcome)
        raise outcome
    try:
        doc = decode_document(outcome["document"], str(path))
    except FOREIGN:
        raise ReadError(Failure.INTERNAL, "internal error: a worker sent a malformed document") from None
    if isinstance(doc, ReadError):
        raise doc
    return doc


def analyse(
    path: str | Path,
    remiss: Remiss | None = None,
    options: ReadOptions | None = None,
    cache: Cache | None = None,
) -> Analysis:
    """Every stage's output for one file (read in a worker, analysed here); raises ReadError if it
    cannot be read. What `remisskoll explain` shows."""
    return analyse_document(read_document(path, options, cache), remiss or load_proposals())


def read_response(
    path: str | Path,
    remiss: Remiss | None = None,
    options: ReadOptions | None = None,
    cache: Cache | None = None,
) -> Response:
    """One file's row: its stances, or a status that says why it could not be read."""
    return compare([path], remiss, options, cache).responses[0]
