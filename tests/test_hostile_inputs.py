"""Hostile and careless inputs around the PDFs: user YAML and baselines that are bombs, devices or the
wrong shape, outputs that cannot be written, reports that must stay well-formed, and PDFs whose text is
there but cannot be decoded as text (unmapped fonts, outlines, pages printed twice)."""

from __future__ import annotations

import dataclasses
import json
import os
import re
import struct
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any
from xml.etree import ElementTree as ET

import pytest
from typer.testing import CliRunner

from remisskoll import compare
from remisskoll.check import BaselineError, check, junit_xml, load_baseline
from remisskoll.cli import app
from remisskoll.errors import Failure, ReadError
from remisskoll.evaluate import GoldError, load_gold
from remisskoll.model import Line, Matrix, OcrMode, Page, ReadOptions, Remiss, Stance, Status
from remisskoll.proposals import ProposalsError, parse_proposals
from remisskoll.reading.layout import drop_repeated_lines
from remisskoll.userfiles import MAX_BYTES

from conftest import SAMPLES, extract

posix_only = pytest.mark.skipif(os.name != "posix", reason="FIFOs and /dev/zero are POSIX")


def _run(
    *args: str, timeout: float = 60, stdout: Any = subprocess.PIPE, close_stdout: bool = False
) -> subprocess.CompletedProcess[str]:
    """The command in a child process with 1 GB of address space: a file read without bound (or a FIFO
    that blocks) fails the test instead of exhausting the machine or hanging the suite."""

    def limit() -> None:
        import resource

        resource.setrlimit(resource.RLIMIT_AS, (2**30, 2**30))
        if close_stdout:
            os.close(1)

    env = {**os.environ, "REMISSKOLL_CACHE_DIR": os.environ.get("XDG_CACHE_HOME", "") + "/rk"}
    return subprocess.run(
        [sys.executable, "-m", "remisskoll", *args],
        stdout=stdout,
        stderr=subprocess.PIPE,
        text=True,
        timeout=timeout,
        preexec_fn=limit,
        env=env,
    )


# --- 11: YAML bombs, deep nesting, huge files ---------------------------------------------------------


def _alias_bomb(levels: int, anchor: str = "v") -> str:
    """Anchors that each repeat the one before ten times: 10**levels values in a few lines."""
    lines = [f"{anchor}0: &{anchor}0 [x, x, x, x, x, x, x, x, x, x]"]
    for i in range(1, levels):
        refs = ", ".join([f"*{anchor}{i - 1}"] * 10)
        lines.append(f"{anchor}{i}: &{anchor}{i} [{refs}]")
    return "\n".join(lines) + "\n"


def test_an_alias_bomb_as_a_mapping_key_is_refused_without_being_formatted() -> None:
    # 10**5 values behind one key: formatting the key node printed megabytes (10**9: 40 s and 3 GB).
    # The problem is placed where the aliased list is written (line 6), as YAML keeps one node for both.
    text = "defs:\n  " + _alias_bomb(5).replace("\n", "\n  ") + "\n? *v4\n: 1\n"
    with pytest.raises(ProposalsError) as caught:
        parse_proposals(text, "bomb.yaml")
    lines = str(caught.value).splitlines()
    assert "bomb.yaml:6: (top level): a key must be text, not a list or a mapping" in lines
    assert max(len(line) for line in lines) < 200


def test_an_alias_bomb_is_stopped_at_a_million_values(tmp_path: Path) -> None:
    path = tmp_path / "gold.yaml"
    path.write_text("samples:\n  a.pdf: &a\n    " + _alias_bomb(9).replace("\n", "\n    "), "utf-8")
    with pytest.raises(GoldError) as caught:
        load_gold(path, ("x",))
    assert str(caught.value) == f"{path}: more than 1,000,000 values (aliases counted as what they repeat)"


def test_fifty_thousand_levels_of_nesting_are_a_usage_error(runner: CliRunner, tmp_path: Path) -> None:
    path = tmp_path / "deep.yaml"
    path.write_text("[" * 50_000 + "]" * 50_000, "utf-8")
    result = runner.invoke(app, ["proposals", "--proposals", str(path)])
    assert result.exit_code == 2, result.output
    assert result.stderr == f"error: {path}: nested too deeply to read — is this the right file?\n"


def test_nesting_deeper_than_any_user_file_is_refused() -> None:
    text = "remiss: " + "[" * 150 + "]" * 150 + "\n"
    with pytest.raises(ProposalsError) as caught:
        parse_proposals(text, "deep.yaml")
    assert str(caught.value) == "deep.yaml:1: nested more than 100 levels deep — is this the right file?"


def test_a_file_beyond_the_size_limit_is_refused_before_it_is_parsed(
    runner: CliRunner, tmp_path: Path
) -> None:
    path = tmp_path / "overrides.yaml"
    # Comments only: what matters is that the size alone stops it, with a line saying so.
    path.write_text("# padding\n" * (MAX_BYTES // 10 + 1_000), "utf-8")
    result = runner.invoke(app, ["compare", str(SAMPLES / "hogfjalls-kommun.pdf"), "--overrides", str(path)])
    assert result.exit_code == 2, result.output
    assert result.stderr == f"error: {path}: too large (4.0 MB, at most 4 MB) — is this the right file?\n"


def test_a_list_as_a_key_of_a_users_mapping_is_a_problem_with_its_line(
    tmp_path: Path, remiss: Remiss
) -> None:
    path = tmp_path / "gold.yaml"
    path.write_text("samples:\n  [a, b]: {status: ok, stances: {}}\n", "utf-8")
    with pytest.raises(GoldError) as caught:
        load_gold(path, remiss.ids)
    assert str(caught.value) == f"{path}:2: samples: a key must be text, not a list or a mapping"


# --- 12: devices and FIFOs as configuration files -----------------------------------------------------


@posix_only
def test_dev_zero_as_a_baseline_is_refused_at_once() -> None:
    result = _run("check", str(SAMPLES / "hogfjalls-kommun.pdf"), "--baseline", "/dev/zero", "-q")
    assert result.returncode == 2, result.stderr
    assert result.stderr == (
        "error: /dev/zero: not a regular file (a directory, a device or a pipe) — give the path of a file\n"
    )


@posix_only
def test_a_fifo_as_gold_labels_is_refused_without_waiting_for_a_writer(tmp_path: Path) -> None:
    fifo = tmp_path / "gold.yaml"
    os.mkfifo(fifo)
    result = _run("evaluate", str(SAMPLES / "hogfjalls-kommun.pdf"), "--gold", str(fifo), "-q", timeout=30)
    assert result.returncode == 2, result.stderr
    assert result.stderr == (
        f"error: {fifo}: not a regular file (a directory, a device or a pipe) — give the path of a file\n"
    )


@posix_only
def test_a_link_to_a_device_as_proposals_is_refused(tmp_path: Path) -> None:
    link = tmp_path / "proposals.yaml"
    link.symlink_to("/dev/zero")
    result = _run("proposals", "--proposals", str(link))
    assert result.returncode == 2, result.stderr
    assert result.stderr == (
        f"error: {link}: not a regular file (a directory, a device or a pipe) — give the path of a file\n"
    )


def test_a_baseline_beyond_its_size_limit_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import remisskoll.check as checking

    monkeypatch.setattr(checking, "MAX_BASELINE_BYTES", 1_000)
    path = tmp_path / "baseline.json"
    path.write_text(json.dumps({"schema_version": 1, "responses": [], "pad": "x" * 2_000}), "utf-8")
    with pytest.raises(BaselineError) as caught:
        load_baseline(path)
    assert str(caught.value) == f"{path}: too large (0.0 MB, at most 0 MB) — is this the right file?"


# --- 15: page numbers in gold labels ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("page", "shown"),
    [
        ('"²"', "'²'"),
        ("1" + "0" * 4_999, "'10000000000000000000…'"),
        ("0", "'0'"),
        ('"3-4"', "'3-4'"),
    ],
)
def test_a_page_that_is_no_page_number_is_a_gold_error(
    tmp_path: Path, remiss: Remiss, page: str, shown: str
) -> None:
    path = tmp_path / "gold.yaml"
    stances = "".join(f"      {pid}: {{stance: not_addressed}}\n" for pid in remiss.ids[1:])
    path.write_text(
        "samples:\n  a.pdf:\n    status: ok\n    stances:\n"
        f"      {remiss.ids[0]}: {{stance: positive, pages: [{page}]}}\n" + stances,
        "utf-8",
    )
    with pytest.raises(GoldError) as caught:
        load_gold(path, remiss.ids)
    assert str(caught.value) == (
        f"{path}:5: samples.a.pdf.stances.{remiss.ids[0]}.pages: {shown} is not a page number (1 to 100,000)"
    )


def test_a_gold_page_error_ends_the_command_with_exit_2(
    runner: CliRunner, tmp_path: Path, remiss: Remiss
) -> None:
    path = tmp_path / "gold.yaml"
    path.write_text(
        f"samples:\n  a.pdf:\n    status: ok\n    stances:\n      {remiss.ids[0]}: {{stance: positive, "
        'pages: ["²"]}\n',
        "utf-8",
    )
    result = runner.invoke(app, ["evaluate", str(SAMPLES / "hogfjalls-kommun.pdf"), "--gold", str(path)])
    assert result.exit_code == 2, result.output
    assert f"{path}:5: samples.a.pdf.stances.{remiss.ids[0]}.pages: '²' is not a page number" in result.stderr
    assert "Traceback" not in result.output


# --- 16: a baseline of the right version but the wrong shape ------------------------------------------


@pytest.mark.parametrize(
    ("responses", "message"),
    [
        ("null", "not a remisskoll baseline (responses must be a list) — regenerate it with snapshot"),
        ("5", "not a remisskoll baseline (responses must be a list) — regenerate it with snapshot"),
        ("[5]", "a response lacks file or stances — regenerate it with snapshot"),
        ('[{"file": "a.pdf", "stances": {"x": 5}}]', "a cell lacks its stance — regenerate it with snapshot"),
        (
            '[{"file": "a.pdf", "stances": {"x": {"stance": []}}}]',
            "a cell lacks its stance — regenerate it with snapshot",
        ),
        (
            '[{"file": ["a"], "stances": {}}]',
            "a response lacks file or stances — regenerate it with snapshot",
        ),
        (
            "[" * 50_000 + "]" * 50_000,
            "not a remisskoll baseline (nested too deeply) — make one with `remisskoll snapshot`",
        ),
    ],
)
def test_a_baseline_of_the_wrong_shape_is_a_clear_error(tmp_path: Path, responses: str, message: str) -> None:
    path = tmp_path / "baseline.json"
    path.write_text('{"schema_version": 1, "responses": ' + responses + "}", "utf-8")
    with pytest.raises(BaselineError) as caught:
        load_baseline(path)
    assert str(caught.value) == f"{path}: {message}"


def test_a_baseline_of_the_wrong_shape_ends_check_with_exit_2(runner: CliRunner, tmp_path: Path) -> None:
    path = tmp_path / "baseline.json"
    path.write_text('{"schema_version": 1, "responses": null}', "utf-8")
    result = runner.invoke(app, ["check", str(SAMPLES / "hogfjalls-kommun.pdf"), "--baseline", str(path)])
    assert result.exit_code == 2, result.output
    assert result.stderr == (
        f"error: {path}: not a remisskoll baseline (responses must be a list) — regenerate it with snapshot\n"
    )


# --- 20: JUnit XML with control characters in file names ----------------------------------------------


def test_junit_xml_stays_well_formed_with_control_characters_in_a_file_name(sample_matrix: Matrix) -> None:
    odd = "samples/a\x1b[2Jb\x07\x00c\ufffe\udcf6.pdf"
    first = dataclasses.replace(sample_matrix.responses[0], file=odd)
    matrix = dataclasses.replace(sample_matrix, responses=(first, *sample_matrix.responses[1:]))
    findings = check(matrix, None, 0.99)
    xml = junit_xml(matrix, findings)
    root = ET.fromstring(xml.encode("utf-8"))  # raises on a character XML 1.0 forbids
    # shown as escapes, like every human output; what XML still forbids (U+FFFE) is dropped
    assert root.findall("testsuite")[0].get("name") == "samples/a\\x1b[2Jb\\x07\\x00c\\xf6.pdf"
    assert (
        root.findall("testsuite")[0].find("testcase").get("classname")
        == "remisskoll.a\\x1b[2Jb\\x07\\x00c\\xf6"
    )
    assert len(root.findall("testsuite")) == len(matrix.responses)


# --- 7: a stdout that cannot be written ---------------------------------------------------------------

HOGFJALL = str(SAMPLES / "hogfjalls-kommun.pdf")
NO_SPACE = "error: cannot write to standard output (No space left on device) — the output is lost; write it to a file\n"


@posix_only
@pytest.mark.skipif(not Path("/dev/full").exists(), reason="no /dev/full")
@pytest.mark.parametrize(
    "args",
    [
        ["compare", HOGFJALL, "-q"],
        ["compare", HOGFJALL, "-q", "-f", "json"],
        ["check", HOGFJALL, "-q", "-f", "junit"],
        ["proposals"],
        ["cache", "info"],
    ],
)
def test_a_full_stdout_is_one_line_and_exit_2(args: list[str]) -> None:
    with open("/dev/full", "w") as full:
        result = _run(*args, stdout=full)
    assert result.returncode == 2, result.stderr
    assert result.stderr == NO_SPACE


@posix_only
@pytest.mark.parametrize("fmt", ["table", "json"])
def test_a_table_written_to_a_closed_stdout_is_not_lost_silently(fmt: str) -> None:
    result = _run("compare", HOGFJALL, "-q", "-f", fmt, stdout=None, close_stdout=True)
    assert result.returncode == 2, result.stderr
    assert result.stderr == (
        "error: cannot write to standard output (it is closed) — the output is lost; write it to a file\n"
    )


# --- 5: pages that repeat are not letterheads ---------------------------------------------------------

LETTER = [
    "Hällebergs kommun",
    "Kommunstyrelsen",
    "Remissvar: Stärkt medicinsk kompetens i kommunal hälso- och sjukvård (SOU 2024:72)",
    "Hällebergs kommun tillstyrker förslaget om medicinskt ansvarig läkare.",
    "Kommunen har i övrigt inga synpunkter.",
]


def test_a_response_printed_twice_keeps_its_text(make_pdf: Callable[..., Path], remiss: Remiss) -> None:
    path = make_pdf("twice.pdf", [LETTER, LETTER])
    doc = extract(path)
    assert [[line.text for line in page.lines] for page in doc.pages] == [LETTER, LETTER]
    (response,) = compare([path], remiss, ReadOptions(ocr=OcrMode.NEVER)).responses
    assert response.status is Status.OK
    assert response.cell("ledningsansvar") is not None
    assert response.cell("ledningsansvar").stance is Stance.POSITIVE  # type: ignore[union-attr]


def _line(text: str, top: float) -> Line:
    return Line(text, top, top + 10, 70, 10, False)


def test_only_lines_near_the_top_and_bottom_can_be_letterheads() -> None:
    pages = [
        Page(
            n,
            (
                _line("Norrby kommun", 40),
                _line(f"Avsnitt {'ABC'[n - 1]} handlar om {word}.", 120),
                _line("Kommunen tillstyrker förslaget.", 400),
                _line(f"Sida {n} (3)", 800),
            ),
        )
        for n, word in enumerate(("läkare", "sjuksköterskor", "samordning"), start=1)
    ]
    kept, removed = drop_repeated_lines(pages)
    assert removed == ["Norrby kommun"]
    assert [line.text for line in kept[2].lines] == [
        "Avsnitt C handlar om samordning.",
        "Kommunen tillstyrker förslaget.",
    ]


def test_letterhead_removal_never_empties_a_page() -> None:
    # Two copies of a short page that differ by a point in one line's height (a second scan).
    pages = [
        Page(1, (_line("Norrby kommun", 40), _line("Kommunen tillstyrker förslaget.", 54))),
        Page(2, (_line("Norrby kommun", 40), _line("Kommunen tillstyrker förslaget.", 55))),
    ]
    kept, removed = drop_repeated_lines(pages)
    assert [[line.text for line in page.lines] for page in kept] == [
        ["Norrby kommun", "Kommunen tillstyrker förslaget."],
        ["Norrby kommun", "Kommunen tillstyrker förslaget."],
    ]
    assert removed == []


# --- 4 and 22: text that is there but not as text: unmapped fonts, outlines ---------------------------

DEJAVU = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
# reportlab keeps one font per typeface: another test's DejaVu Sans (with ASCII codes) would be used
# instead of ours, so the unmapped font is DejaVu Serif.
DEJAVU_SERIF = DEJAVU.with_name("DejaVuSerif.ttf")
needs_dejavu = pytest.mark.skipif(
    not (DEJAVU.exists() and DEJAVU_SERIF.exists()), reason="DejaVu Sans and Serif are not installed"
)
SENTENCE = "Kommunen tillstyrker förslaget."


@pytest.fixture
def unmapped_pdf(tmp_path: Path) -> Path:
    """A page whose font has no ToUnicode map and codes of its own (not ASCII): pdfminer reads
    "(cid:N)" for every glyph, pdfium control characters; the page shows the sentence all the same."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(TTFont("DejaVuSerifNoMap", str(DEJAVU_SERIF), asciiReadable=False))
    path = tmp_path / "unmapped.pdf"
    c = canvas.Canvas(str(path), pagesize=A4, invariant=1)
    c.setFont("DejaVuSerifNoMap", 16)
    c.drawString(70, A4[1] - 100, SENTENCE)
    c.showPage()
    c.save()
    path.write_bytes(re.sub(rb"/ToUnicode \d+ 0 R", b"", path.read_bytes()))
    return path


def _glyph_contours(font: Any, glyph: int) -> list[list[tuple[int, int, bool]]]:
    """A simple TrueType glyph's contours as (x, y, on the curve) in font units."""
    data = font.get_table("glyf")[font.glyphPos[glyph] : font.glyphPos[glyph + 1]]
    if not data:
        return []
    (n,) = struct.unpack(">h", data[:2])
    ends = struct.unpack(f">{n}H", data[10 : 10 + 2 * n])
    pos = 12 + 2 * n + struct.unpack(">H", data[10 + 2 * n : 12 + 2 * n])[0]
    flags: list[int] = []
    while len(flags) < ends[-1] + 1:
        flags.append(data[pos])
        pos += 1
        if flags[-1] & 8:  # repeated
            flags += [flags[-1]] * data[pos]
            pos += 1
    axes = []
    for short, same in ((2, 16), (4, 32)):
        value, out = 0, []
        for flag in flags:
            if flag & short:
                value += data[pos] if flag & same else -data[pos]
                pos += 1
            elif not flag & same:
                value += struct.unpack(">h", data[pos : pos + 2])[0]
                pos += 2
            out.append(value)
        axes.append(out)
    points = [(x, y, bool(f & 1)) for x, y, f in zip(axes[0], axes[1], flags, strict=True)]
    return [points[a : b + 1] for a, b in zip((0, *(e + 1 for e in ends)), ends, strict=False)]


@pytest.fixture
def outlines_pdf(tmp_path: Path) -> Path:
    """A page whose text is drawn as filled glyph outlines (as "convert text to outlines" does): no
    text at all in the PDF, only a path. ASCII letters only: DejaVu's å, ä, ö are composite glyphs."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase.ttfonts import TTFontFile
    from reportlab.pdfgen import canvas

    font = TTFontFile(str(DEJAVU))
    path = tmp_path / "outlines.pdf"
    c = canvas.Canvas(str(path), pagesize=A4, invariant=1)
    drawn = c.beginPath()
    x, y, size = 70.0, A4[1] - 100, 16.0
    scale = size / font.unitsPerEm
    for ch in "Kommunen tillstyrker forslaget":
        for contour in _glyph_contours(font, font.charToGlyph[ord(ch)]):
            pts = [(x + px * scale, y + py * scale, on) for px, py, on in contour]
            start = next(i for i, p in enumerate(pts) if p[2])  # DejaVu's contours all have one
            pts = pts[start:] + pts[: start + 1]
            drawn.moveTo(pts[0][0], pts[0][1])
            here, control = pts[0], None
            for p in pts[1:]:
                # Two control points in a row imply an on-curve point between them.
                target = (
                    p if p[2] or control is None else ((control[0] + p[0]) / 2, (control[1] + p[1]) / 2, True)
                )
                if control is None and p[2]:
                    drawn.lineTo(p[0], p[1])
                elif control is not None:
                    q = control
                    drawn.curveTo(
                        here[0] + 2 / 3 * (q[0] - here[0]),
                        here[1] + 2 / 3 * (q[1] - here[1]),
                        target[0] + 2 / 3 * (q[0] - target[0]),
                        target[1] + 2 / 3 * (q[1] - target[1]),
                        target[0],
                        target[1],
                    )
                    here = target
                if p[2]:
                    here, control = p, None
                else:
                    control = p
            drawn.close()
        x += font.charWidths.get(ord(ch), 600) * size / 1000
    c.drawPath(drawn, stroke=0, fill=1, fillMode=1)
    c.showPage()
    c.save()
    return path


@needs_dejavu
@pytest.mark.parametrize("engine", ["pdfplumber", "pdfium"])
def test_a_font_without_a_unicode_map_is_unreadable_not_bullets(unmapped_pdf: Path, engine: str) -> None:
    with pytest.raises(ReadError) as caught:
        extract(unmapped_pdf, engine=engine, ocr="never")
    assert caught.value == ReadError(
        Failure.UNDECODABLE, "text cannot be decoded — its fonts have no Unicode map"
    )


@needs_dejavu
def test_an_undecodable_file_names_ocr_as_the_fix(runner: CliRunner, unmapped_pdf: Path) -> None:
    result = runner.invoke(app, ["compare", str(unmapped_pdf), "--ocr", "never", "-f", "json"])
    assert result.exit_code == 1, result.output
    assert (
        f"{unmapped_pdf}: unreadable: text cannot be decoded — its fonts have no Unicode map — try --ocr always"
        in result.stderr
    )


@needs_dejavu
def test_ocr_auto_reads_a_page_whose_font_has_no_unicode_map(unmapped_pdf: Path, needs_ocr: None) -> None:
    doc = extract(unmapped_pdf, ocr="auto")
    assert doc.ocr
    assert [line.text for page in doc.pages for line in page.lines] == [SENTENCE]


@needs_dejavu
@pytest.mark.parametrize("engine", ["pdfplumber", "pdfium"])
def test_text_drawn_as_outlines_is_not_called_blank(outlines_pdf: Path, engine: str) -> None:
    with pytest.raises(ReadError) as caught:
        extract(outlines_pdf, engine=engine, ocr="never")
    assert caught.value == ReadError(
        Failure.OUTLINES, "no text, only drawings — is the text drawn as outlines?"
    )
    assert caught.value.failure.hint.startswith("try --ocr always")


@needs_dejavu
def test_ocr_auto_reads_text_drawn_as_outlines(outlines_pdf: Path, needs_ocr: None) -> None:
    doc = extract(outlines_pdf, ocr="auto")
    assert doc.ocr
    assert [line.text for page in doc.pages for line in page.lines] == ["Kommunen tillstyrker forslaget"]


def test_a_reader_that_stops_reading_gets_no_advice_that_does_not_apply(tmp_path: Path) -> None:
    # `remisskoll explain … | head`: explain has no -o, and nothing needs fixing.
    import subprocess
    import sys

    proc = subprocess.Popen(
        [sys.executable, "-m", "remisskoll", "compare", str(SAMPLES / "norrby-kommun.pdf"), "-f", "json"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert proc.stdout is not None and proc.stderr is not None
    proc.stdout.close()  # the reader is gone before anything is written
    err = proc.stderr.read().decode("utf-8")
    assert proc.wait(timeout=120) == 2
    assert "error: standard output was closed by the reader (e.g. | head) — the rest is not shown" in err
    assert "Traceback" not in err and "-o FILE" not in err
