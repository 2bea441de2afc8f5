"""Speed machinery: cache, worker processes, engines — all must give the same answers as the reference."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner

from remisskoll.cache import Cache, decode, encode
from remisskoll.cli import app
from remisskoll.extract import extract, find_gutter
from remisskoll.model import Document, ReadError, Remiss, Status
from remisskoll.pipeline import compare
from remisskoll.workers import Options, extract_all

from conftest import SAMPLES


@pytest.fixture
def cache(tmp_path: Path) -> Cache:
    return Cache(tmp_path / "cache")


def _stances(stdout: str) -> list[tuple[str, dict[str, tuple[str, str, list[int]]]]]:
    data = json.loads(stdout)
    return [
        (
            r["file"],
            {
                pid: (c["stance"], c["basis"], [e["page"] for e in c["evidence"]])
                for pid, c in r["stances"].items()
            },
        )
        for r in data["responses"]
    ]


def test_cache_miss_then_hit(cache: Cache) -> None:
    paths = [SAMPLES / "norrby-kommun.pdf", SAMPLES / "region-vastland.pdf"]
    calls: list[int] = []
    first = extract_all(paths, Options(jobs=2, ocr="never"), cache, lambda i, _r, _a: calls.append(i))
    assert sorted(calls) == [0, 1] and cache.info()[0] == 2
    started: list[int] = []

    def no_workers(*args: object) -> None:
        started.append(1)

    import remisskoll.workers as workers

    original = workers._run
    workers._run = lambda paths, todo, *rest: started.append(len(todo))  # type: ignore[assignment]
    try:
        second = extract_all(paths, Options(jobs=2, ocr="never"), cache)
    finally:
        workers._run = original
    assert started == [0]  # everything came from the cache
    assert second == first


def test_corrupt_and_foreign_entries_are_rebuilt(cache: Cache) -> None:
    path = SAMPLES / "lillasjo-kommun.pdf"
    (reference,) = extract_all([path], Options(ocr="never"), cache)
    (entry,) = cache.directory.glob("*/*.json")
    entry.write_text("{not json", "utf-8")
    (rebuilt,) = extract_all([path], Options(ocr="never"), cache)
    assert rebuilt == reference
    assert json.loads(entry.read_text("utf-8"))["result"]["codec"] == 1  # written anew
    data = json.loads(entry.read_text("utf-8"))
    data["key"] = "0" * 64  # a valid entry, but for other bytes
    entry.write_text(json.dumps(data), "utf-8")
    assert cache.get(entry.stem, str(path)) is None


def test_codec_round_trip_and_rejection() -> None:
    doc = extract(SAMPLES / "region-vastland.pdf")
    assert decode(json.loads(json.dumps(encode(doc))), doc.path) == doc
    err = ReadError(Status.UNREADABLE, "no text")
    back = decode(encode(err), "x.pdf")
    assert isinstance(back, ReadError) and (back.status, back.reason) == (err.status, err.reason)
    for bad in (
        {},
        {"codec": 2},
        {"codec": 1, "pages": [[["t", 1, 2, 3, 4, "yes"]]], "page_count": 1, "letterhead": []},
    ):
        with pytest.raises((ValueError, KeyError, TypeError)):
            decode(bad, "x.pdf")


def test_jobs_1_and_jobs_2_give_identical_output(runner: CliRunner, in_root: Path) -> None:
    one = runner.invoke(
        app, ["compare", "samples", "--jobs", "1", "--no-cache", "--ocr", "never", "-f", "json"]
    )
    two = runner.invoke(
        app, ["compare", "samples", "--jobs", "2", "--no-cache", "--ocr", "never", "-f", "json"]
    )
    assert one.exit_code == two.exit_code == 1
    assert one.stdout == two.stdout


def test_progress_is_off_when_stderr_is_not_a_terminal(runner: CliRunner, in_root: Path) -> None:
    result = runner.invoke(
        app, ["compare", "samples/norrby-kommun.pdf", "samples/lillasjo-kommun.pdf", "-f", "json"]
    )
    assert result.stderr == "remisskoll: 2 file(s), 2 read, 0 not read\n"


def test_both_engines_give_identical_stances_on_every_sample(runner: CliRunner, in_root: Path) -> None:
    args = ["compare", "samples", "--ocr", "never", "--no-cache", "-f", "json"]
    plumber = runner.invoke(app, [*args, "--engine", "pdfplumber"])
    pdfium = runner.invoke(app, [*args, "--engine", "pdfium"])
    assert _stances(plumber.stdout) == _stances(pdfium.stdout)
    assert [r["respondent"] for r in json.loads(plumber.stdout)["responses"]] == [
        r["respondent"] for r in json.loads(pdfium.stdout)["responses"]
    ]


def test_both_engines_build_the_same_page_structure() -> None:
    for path in sorted(SAMPLES.glob("*.pdf")):
        if path.name == "skarsunds-kommun.pdf":
            continue
        a, b = extract(path, "pdfplumber"), extract(path, "pdfium")
        assert [p.text for p in a.pages] == [p.text for p in b.pages], path.name
        assert a.letterhead == b.letterhead


def _two_columns(make_pdf: Callable[..., Path], tmp_path: Path) -> Path:
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    path = tmp_path / "spalter.pdf"
    c = canvas.Canvas(str(path), pagesize=A4, invariant=1)
    c.setFont("Helvetica-Bold", 13)
    c.drawString(70, 780, "Yttrande i två spalter")
    c.setFont("Helvetica", 10)
    for i in range(12):
        c.drawString(70, 740 - 14 * i, f"Vänster spalt rad {i} om läkare")
        c.drawString(320, 740 - 14 * i, f"Höger spalt rad {i} om avtal")
    c.showPage()
    c.save()
    return path


@pytest.mark.parametrize("engine", ["pdfplumber", "pdfium"])
def test_two_column_pages_are_read_column_by_column(
    engine: str, make_pdf: Callable[..., Path], tmp_path: Path
) -> None:
    doc = extract(_two_columns(make_pdf, tmp_path), engine)
    lines = [line.text for line in doc.pages[0].lines]
    assert lines[0] == "Yttrande i två spalter"
    assert lines[1:13] == [f"Vänster spalt rad {i} om läkare" for i in range(12)]
    assert lines[13:] == [f"Höger spalt rad {i} om avtal" for i in range(12)]


def test_one_column_text_has_no_gutter() -> None:
    doc = extract(SAMPLES / "norrby-kommun.pdf")
    assert all(not line.text.startswith("Höger") for page in doc.pages for line in page.lines)
    words = [
        {"x0": 70.0 + 40 * (j % 12), "x1": 105.0 + 40 * (j % 12), "top": 100.0 + 14 * (j // 12)}
        for j in range(120)
    ]
    assert find_gutter(words, 595.0) is None


def test_cache_commands(
    runner: CliRunner, in_root: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    runner.invoke(
        app, ["compare", "samples/lillasjo-kommun.pdf", "samples/hogfjalls-kommun.pdf", "-f", "json"]
    )
    # per file: its extraction and its analysis
    assert runner.invoke(app, ["cache", "info"]).stdout.startswith(f"{tmp_path / 'remisskoll'}: 4 entries, ")
    assert runner.invoke(app, ["cache", "clear"]).stdout == f"{tmp_path / 'remisskoll'}: removed 4 entries\n"
    assert runner.invoke(app, ["cache", "info"]).stdout == f"{tmp_path / 'remisskoll'}: 0 entries, 0.0 MB\n"
    runner.invoke(app, ["compare", "samples/lillasjo-kommun.pdf", "--no-cache", "-f", "json"])
    assert runner.invoke(app, ["cache", "info"]).stdout.startswith(f"{tmp_path / 'remisskoll'}: 0 entries")


def test_documents_survive_renaming_for_identical_bytes(tmp_path: Path, cache: Cache) -> None:
    for name in ("a.pdf", "b.pdf"):
        (tmp_path / name).write_bytes((SAMPLES / "vardkraft.pdf").read_bytes())
    a, b = extract_all([tmp_path / "a.pdf", tmp_path / "b.pdf"], Options(ocr="never"), cache)
    assert isinstance(a, Document) and isinstance(b, Document)
    assert (Path(a.path).name, Path(b.path).name) == ("a.pdf", "b.pdf")
    assert a.pages == b.pages
    assert cache.info()[0] == 1


def test_a_warm_run_reuses_the_analysis_without_extracting(
    cache: Cache, remiss: Remiss, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    paths = [SAMPLES / "mellanby-kommun.pdf", SAMPLES / "region-vastland.pdf"]
    cold = compare(paths, remiss, Options(ocr="never"), cache)
    import remisskoll.pipeline as pipeline

    def must_not_extract(files: list[Path], *rest: object) -> list[object]:
        assert files == []
        return []

    monkeypatch.setattr(pipeline, "read_all", must_not_extract)
    warm = compare(paths, remiss, Options(ocr="never"), cache)
    assert warm == cold
    assert [r.paragraphs for r in warm.responses] == [r.paragraphs for r in cold.responses]
    monkeypatch.undo()
    other = tmp_path / "annan.yaml"
    other.write_text(
        "remiss:\n  id: annan\n  title: Annan\n  ministry: X\nproposals:\n  - id: magnet\n    title: Magnet\n"
        "    summary: Magnet\n    area: a\n    terms: [Magnetmodellen]\n",
        "utf-8",
    )
    from remisskoll import load_proposals

    reread = compare(paths, load_proposals(other), Options(ocr="never"), cache)
    assert [c.proposal for c in reread.responses[0].cells] == ["magnet"]  # not the cached nine


def test_workers_analyse_and_the_parent_does_not(
    cache: Cache, remiss: Remiss, monkeypatch: pytest.MonkeyPatch
) -> None:
    import remisskoll.pipeline as pipeline

    paths = [SAMPLES / "mellanby-kommun.pdf", SAMPLES / "region-vastland.pdf"]
    expected = tuple(pipeline.read_response(p, remiss, ocr="never") for p in paths)

    def not_here(*args: object) -> object:
        raise AssertionError("analysed in the parent")

    # The fork server imported the real module before this patch: only the parent is patched.
    monkeypatch.setattr(pipeline, "analyse_document", not_here)
    matrix = compare(paths, remiss, Options(jobs=2, ocr="never"), cache)
    assert matrix.responses == expected


def _foreign(doc: Document) -> dict[str, object]:
    # A worker's analyser (module level: it is pickled into the worker) that sends back a non-response.
    return {"codec": 999, "respondent": "Mallory"}


def _failing(doc: Document) -> dict[str, object]:
    raise RuntimeError("a bug in the analysis")


@pytest.mark.parametrize("analyser", [_foreign, _failing])
@pytest.mark.parametrize("cached", [True, False], ids=["cache", "no-cache"])
def test_the_parent_analyses_when_a_worker_could_not(
    remiss: Remiss,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    analyser: Callable[[Document], object],
    cached: bool,
) -> None:
    import remisskoll.pipeline as pipeline
    import remisskoll.workers as workers

    paths = [SAMPLES / "norrby-kommun.pdf"]
    expected = (pipeline.read_response(paths[0], remiss, ocr="never"),)
    real = workers.read_all
    used: list[object] = []

    def with_analyser(paths: object, options: object, cache: object, ours: object, *rest: object) -> object:
        used.append(ours)
        return real(paths, options, cache, analyser, *rest)  # type: ignore[arg-type]

    monkeypatch.setattr(pipeline, "read_all", with_analyser)
    cache = Cache(tmp_path / "cache", enabled=cached)
    assert compare(paths, remiss, Options(ocr="never"), cache).responses == expected
    assert len(used) == 1  # the pipeline did hand the workers an analyser


def test_the_fork_server_warm_up_reads_a_pdf() -> None:
    from remisskoll._preload import warm_pdfium

    assert warm_pdfium() == "remisskoll"


def test_engines_agree_on_hyphens_at_line_ends(tmp_path: Path) -> None:
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    path = tmp_path / "avstavning.pdf"
    c = canvas.Canvas(str(path), pagesize=A4, invariant=1)
    c.setFont("Helvetica", 10)
    lines = [
        "Kommunen arbetar med kompetens-",  # a split word: joined
        "försörjning av sjuksköterskor i hälso-",  # a suspended compound: the hyphen stays
        "och sjukvården. Det gäller även HSL-",  # before a capital: not a join, the hyphen stays
        "Region Norr och dess vårdcentraler.",
    ]
    for i, line in enumerate(lines):
        c.drawString(70, 740 - 14 * i, line)
    c.showPage()
    c.save()
    plumber, pdfium = extract(path, "pdfplumber"), extract(path, "pdfium")
    assert [line.text for line in pdfium.pages[0].lines] == [
        "Kommunen arbetar med kompetensförsörjning",
        "av sjuksköterskor i hälso-",
        "och sjukvården. Det gäller även HSL-",
        "Region Norr och dess vårdcentraler.",
    ]
    assert [line.text for line in plumber.pages[0].lines] == [line.text for line in pdfium.pages[0].lines]


def test_a_pages_text_in_one_call_equals_asking_each_rectangle() -> None:
    import ctypes

    import pypdfium2 as pdfium
    import pypdfium2.raw as pdfium_c

    from remisskoll.extract import _run_texts

    pdf = pdfium.PdfDocument(str(SAMPLES / "norrby-kommun.pdf"))
    try:
        textpage = pdf[0].get_textpage()
        left, top, right, bottom = (ctypes.c_double() for _ in range(4))
        rects = []
        for k in range(pdfium_c.FPDFText_CountRects(textpage, 0, -1)):
            pdfium_c.FPDFText_GetRect(textpage, k, left, top, right, bottom)
            middle = (top.value + bottom.value) / 2
            at = pdfium_c.FPDFText_GetCharIndexAtPos(textpage, left.value + 0.5, middle, 2.0, 2.0)
            rects.append((left.value, top.value, right.value, bottom.value, at))
        fast = [t.strip() for t in _run_texts(textpage, rects)]
        # A first character not found makes it ask pdfium for each rectangle's text instead.
        slow = [t.strip() for t in _run_texts(textpage, [(*r[:4], -1) for r in rects])]
        assert len(fast) == len(rects) > 10
        assert fast == slow
    finally:
        pdf.close()


def _count_workers(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """A list that grows by one for every worker process started."""
    import remisskoll.workers as workers

    real = workers._context()
    started: list[int] = []

    class Counting:
        def Pipe(self, duplex: bool) -> object:  # the multiprocessing context's names
            return real.Pipe(duplex=duplex)

        def Process(self, **kwargs: object) -> object:
            started.append(1)
            return real.Process(**kwargs)

    monkeypatch.setattr(workers, "_context", lambda: Counting())
    return started


def test_a_worker_reads_several_files_and_is_replaced_after_its_share(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    import remisskoll.workers as workers

    started = _count_workers(monkeypatch)
    paths = [SAMPLES / name for name in ("norrby-kommun.pdf", "vardkraft.pdf", "region-vastland.pdf")]
    off = Cache(tmp_path, enabled=False)
    together = extract_all(paths, Options(jobs=1, ocr="never"), off)
    assert len(started) == 1
    started.clear()
    monkeypatch.setattr(workers, "FILES_PER_WORKER", 1)
    one_each = extract_all(paths, Options(jobs=1, ocr="never"), off)
    assert len(started) == 3
    assert together == one_each
    assert all(isinstance(r, Document) for r in together)


def test_a_worker_that_sends_garbage_is_replaced_and_its_next_file_read_again(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    import remisskoll.workers as workers

    real = workers._decode
    calls: list[str] = []

    def first_is_garbage(data: bytes, path: str) -> object:
        calls.append(Path(path).name)
        return real(b"not json" if len(calls) == 1 else data, path)

    monkeypatch.setattr(workers, "_decode", first_is_garbage)
    started = _count_workers(monkeypatch)
    paths = [SAMPLES / name for name in ("norrby-kommun.pdf", "vardkraft.pdf", "region-vastland.pdf")]
    results = extract_all(paths, Options(jobs=1, ocr="never"), Cache(tmp_path, enabled=False))
    by_name = {p.name: r for p, r in zip(paths, results, strict=True)}
    garbled = by_name.pop(calls[0])  # the first file read (the largest)
    assert isinstance(garbled, ReadError)
    assert garbled.reason.startswith("the parser crashed on this file (no result)")
    assert all(isinstance(r, Document) for r in by_name.values())
    assert sorted(calls) == sorted(p.name for p in paths)
    assert len(started) == 2  # the first worker was killed with the second file; a new one read it


def test_workers_read_the_largest_files_first_and_answer_in_input_order(tmp_path: Path) -> None:
    import remisskoll.workers as workers

    paths = sorted(SAMPLES.glob("*.pdf"))[:4]
    order: list[int] = []
    results = workers.extract_all(
        paths, Options(jobs=1, ocr="never"), Cache(tmp_path, enabled=False), lambda i, _r, _a: order.append(i)
    )
    assert order == sorted(range(len(paths)), key=lambda i: -paths[i].stat().st_size)
    assert [Path(r.path).name for r in results if isinstance(r, Document)] == [
        p.name for p in paths if p.name != "skarsunds-kommun.pdf"
    ]


def test_workers_cache_their_documents_and_the_parent_decodes_none(
    remiss: Remiss, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    import remisskoll.pipeline as pipeline
    import remisskoll.workers as workers
    from remisskoll.cache import file_digest

    paths = [SAMPLES / "norrby-kommun.pdf", SAMPLES / "vardkraft.pdf"]
    expected = tuple(pipeline.read_response(p, remiss, ocr="never") for p in paths)
    cache = Cache(tmp_path / "cache")

    def not_here(*args: object) -> object:
        raise AssertionError("a Document was decoded in the parent")

    monkeypatch.setattr(workers, "decode", not_here)
    options = Options(jobs=2, ocr="never")
    assert compare(paths, remiss, options, cache).responses == expected
    monkeypatch.undo()
    assert cache.info()[0] == 4  # per file: the worker's extraction and the parent's analysis
    for path in paths:
        cached = cache.get(workers.cache_key(file_digest(path), options), str(path))
        assert cached == extract(path, ocr="never")
