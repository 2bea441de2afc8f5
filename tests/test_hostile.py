"""Hostile and messy input: each bad file gets one clear reason, the batch goes on, nothing is lost."""

from __future__ import annotations

import errno
import json
import os
import subprocess
import sys
import zlib
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from remisskoll.analysis.classify import classify
from remisskoll.analysis.match import match
from remisskoll.analysis.segment import segment
from remisskoll.cli import app
from remisskoll.model import ReadError, Remiss, Stance, Status
from remisskoll.reading import ocr as ocr_module

from conftest import ROOT, SAMPLES, build_document, extract


def _pdf(objects: list[bytes]) -> bytes:
    """A PDF file from numbered objects, with a correct cross-reference table."""
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def _bomb(path: Path, inflated_mb: int) -> Path:
    """A one-page PDF whose content stream inflates from ~1 MB to `inflated_mb` MB."""
    z = zlib.compressobj(9)
    chunk = b"0 " * (512 * 1024)
    data = b"".join(z.compress(chunk) for _ in range(inflated_mb)) + z.flush()
    path.write_bytes(
        _pdf(
            [
                b"<< /Type /Catalog /Pages 2 0 R >>",
                b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
                b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>",
                b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(data) + data + b"\nendstream",
            ]
        )
    )
    return path


def _status(runner: CliRunner, *args: str) -> tuple[int, list[tuple[str, str, str | None]]]:
    result = runner.invoke(app, ["compare", *args, "-f", "json"])
    rows = [(Path(r["file"]).name, r["status"], r["error"]) for r in json.loads(result.stdout)["responses"]]
    return result.exit_code, rows


def test_a_docx_and_an_empty_file_are_not_pdfs(runner: CliRunner, tmp_path: Path, in_root: Path) -> None:
    (tmp_path / "svar.docx").write_bytes(b"PK\x03\x04" + b"\x00" * 200)
    (tmp_path / "tom.pdf").write_bytes(b"")
    code, rows = _status(
        runner, str(tmp_path / "svar.docx"), str(tmp_path / "tom.pdf"), "samples/lillasjo-kommun.pdf"
    )
    assert code == 1
    assert rows == [
        ("svar.docx", "error", "a Word file (.docx), not a PDF"),
        ("tom.pdf", "error", "not a PDF (empty file)"),
        ("lillasjo-kommun.pdf", "ok", None),
    ]


def test_zero_page_pdf_has_no_text(tmp_path: Path) -> None:
    path = tmp_path / "noll.pdf"
    path.write_bytes(_pdf([b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [] /Count 0 >>"]))
    with pytest.raises(ReadError) as err:
        extract(path)
    assert (err.value.status, err.value.reason) == (Status.UNREADABLE, "no text — the PDF has no pages")


def test_an_empty_user_password_is_read_normally(make_pdf: Callable[..., Path]) -> None:
    from reportlab.lib.pdfencrypt import StandardEncryption

    path = make_pdf(
        "öppen.pdf", [["Kommunen tillstyrker förslaget om VULF."]], encrypt=StandardEncryption("", "ägare")
    )
    assert extract(path).pages[0].text == "Kommunen tillstyrker förslaget om VULF."


def test_a_thousand_pages_within_the_memory_bound(runner: CliRunner, make_pdf: Callable[..., Path]) -> None:
    # Each page says something different: a line repeated at the same height would be a running header.
    subjects = ["Kommunen", "Regionen", "Förvaltningen", "Nämnden", "Myndigheten", "Förbundet", "Styrelsen"]
    objects = [
        "läkare",
        "sjuksköterskor",
        "avtal",
        "chefer",
        "utbildning",
        "bemanning",
        "kvällar",
        "helger",
        "boenden",
        "hemsjukvård",
        "ansvar",
    ]
    pages = [
        [f"{subjects[i % 7]} skriver om {objects[(i // 7) % 11]} och {objects[i % 11]} på sidan {i}."]
        for i in range(1000)
    ]
    path = make_pdf("tusen.pdf", pages)
    result = runner.invoke(app, ["compare", str(path), "--max-memory", "512", "--no-cache", "-f", "json"])
    assert result.exit_code == 0, result.stderr
    (response,) = json.loads(result.stdout)["responses"]
    assert (response["status"], response["pages"]) == ("ok", 1000)


def test_a_memory_bomb_is_stopped_and_the_batch_goes_on(
    runner: CliRunner, tmp_path: Path, in_root: Path
) -> None:
    bomb = _bomb(tmp_path / "bomb.pdf", 1024)
    code, rows = _status(
        runner, str(bomb), "samples/lillasjo-kommun.pdf", "--max-memory", "400", "--no-cache"
    )
    assert code == 1
    assert rows[1] == ("lillasjo-kommun.pdf", "ok", None)
    name, status, error = rows[0]
    assert (name, status) == ("bomb.pdf", "error")
    assert error is not None and error.startswith(
        ("stopped: needed more than 400 MB", "the parser crashed on this file")
    )


def test_a_parser_that_takes_too_long_is_stopped(runner: CliRunner, tmp_path: Path, in_root: Path) -> None:
    bomb = _bomb(tmp_path / "seg.pdf", 300)
    code, rows = _status(
        runner, str(bomb), "samples/lillasjo-kommun.pdf", "--timeout", "1", "--max-memory", "0", "--no-cache"
    )
    assert code == 1
    assert rows == [
        ("seg.pdf", "error", "stopped after 1 s — the PDF may be malformed; raise --timeout to try longer"),
        ("lillasjo-kommun.pdf", "ok", None),
    ]


def test_identical_content_is_read_once_and_both_names_reported(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    for name in ("a.pdf", "kopia.pdf"):
        (tmp_path / name).write_bytes((SAMPLES / "hogfjalls-kommun.pdf").read_bytes())
    result = runner.invoke(
        app, ["compare", str(tmp_path / "a.pdf"), str(tmp_path / "kopia.pdf"), "-f", "json"]
    )
    data = json.loads(result.stdout)
    assert [Path(r["file"]).name for r in data["responses"]] == ["a.pdf", "kopia.pdf"]
    assert data["responses"][0]["stances"] == data["responses"][1]["stances"]
    assert [[Path(f).name for f in g] for g in data["duplicate_groups"]] == [["a.pdf", "kopia.pdf"]]
    # one extraction and one analysis for the shared content
    assert runner.invoke(app, ["cache", "info"]).stdout.split(": ")[1].startswith("2 entries")


def test_disk_full_during_write_leaves_no_file(
    runner: CliRunner, tmp_path: Path, in_root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def full(fd: int) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr("remisskoll.cli.os.fsync", full)
    target = tmp_path / "matris.csv"
    result = runner.invoke(app, ["compare", "samples/lillasjo-kommun.pdf", "-f", "csv", "-o", str(target)])
    assert result.exit_code == 2
    assert result.stderr.startswith(f"error: cannot write {target}: No space left on device")
    assert list(tmp_path.iterdir()) == []


def test_odd_unicode_in_a_pdf_is_normalised(tmp_path: Path) -> None:
    font = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
    if not font.exists():
        if os.environ.get("CI"):
            pytest.fail(".ci/run must install fonts-dejavu-core")
        pytest.skip("DejaVu Sans is not installed")
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(TTFont("DejaVu", str(font)))
    path = tmp_path / "udda.pdf"
    c = canvas.Canvas(str(path), invariant=1)
    c.setFont("DejaVu", 11)
    c.drawString(
        70, 700, "Kommunen ta\u0308nker pa\u030a la\u0308karmed\u00adverkan och o\u0308vriga fo\u0308rslag."
    )
    c.showPage()
    c.save()
    text = extract(path).pages[0].text
    assert text == "Kommunen tänker på läkarmedverkan och övriga förslag."


def test_a_formula_in_a_quote_is_neutralised_in_csv_but_exact_in_json(
    runner: CliRunner, make_pdf: Callable[..., Path]
) -> None:
    quote = '=HYPERLINK("http://exempel.invalid","klicka") Kommunen tillstyrker förslaget om VULF.'
    path = make_pdf("formel.pdf", [["Formelby kommun"], [quote]])
    as_json = json.loads(runner.invoke(app, ["compare", str(path), "-f", "json"]).stdout)
    assert as_json["responses"][0]["stances"]["vulf"]["evidence"][0]["quote"] == quote
    as_csv = runner.invoke(
        app, ["compare", str(path), "-f", "csv", "--long", "--csv-dialect", "rfc4180"]
    ).stdout
    row = next(line for line in as_csv.splitlines() if ",vulf,positive," in line)
    assert ",\"'=HYPERLINK(" in row
    assert ',"=HYPERLINK(' not in as_csv


def test_no_network_access_at_any_time(tmp_path: Path) -> None:
    # sitecustomize runs in every Python process: the CLI, the fork server and each worker.
    (tmp_path / "sitecustomize.py").write_text(
        "import socket, os\n"
        "LOG = os.environ['NETLOG']\n"
        "def _deny(*a, **k):\n"
        "    open(LOG, 'a').write(repr(a)[:80] + '\\n')\n"
        "    raise OSError('network access blocked by the test')\n"
        "_connect = socket.socket.connect\n"
        "def _connect_guard(self, address):\n"
        "    if self.family in (socket.AF_INET, socket.AF_INET6):\n"
        "        _deny(address)\n"
        "    return _connect(self, address)\n"
        "socket.socket.connect = _connect_guard\n"
        "socket.getaddrinfo = _deny\n"
        "socket.create_connection = _deny\n",
        "utf-8",
    )
    log = tmp_path / "net.log"
    env = {
        **os.environ,
        "PYTHONPATH": str(tmp_path),
        "NETLOG": str(log),
        "XDG_CACHE_HOME": str(tmp_path / "c"),
    }
    done = subprocess.run(
        [sys.executable, "-m", "remisskoll", "compare", "samples", "-f", "json", "--ocr", "never", "-q"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )
    assert done.returncode == 1  # the scanned sample, without OCR
    assert len(json.loads(done.stdout)["responses"]) == 16
    assert not log.exists(), log.read_text()


def test_ocr_marks_cells_and_lowers_confidence(runner: CliRunner, in_root: Path, needs_ocr: None) -> None:
    data = json.loads(runner.invoke(app, ["compare", "samples/skarsunds-kommun.pdf", "-f", "json"]).stdout)
    cell = data["responses"][0]["stances"]["magnetmodellen"]
    assert (cell["stance"], cell["ocr"]) == ("negative", True)
    assert cell["confidence"] < 0.9  # a verdict verb naming the proposal is 0.9 from a text layer
    table = runner.invoke(app, ["compare", "samples/skarsunds-kommun.pdf"], env={"COLUMNS": "140"}).stdout
    assert "−°" in table and "° read by OCR" in " ".join(table.split())


def test_without_tesseract(runner: CliRunner, in_root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import pytesseract

    monkeypatch.setattr(pytesseract.pytesseract, "tesseract_cmd", "/finns/inte/tesseract")
    with pytest.raises(
        ocr_module.OcrUnavailable,
        match=r"not installed \(on Debian/Ubuntu: sudo apt-get install tesseract-ocr",
    ):
        ocr_module.check_tesseract()
    with pytest.raises(ReadError) as err:
        extract(SAMPLES / "skarsunds-kommun.pdf", ocr="auto")
    assert err.value.reason == (
        "no text layer — scanned? OCR unavailable: Tesseract is not installed (on Debian/Ubuntu: "
        "sudo apt-get install tesseract-ocr tesseract-ocr-swe)"
    )
    # the advice is said once: the reason says how, the hint what to do next
    line = f"{err.value.reason} — {err.value.failure.hint}"
    assert line.count("apt-get") == 1 and "as said" not in line
    always = runner.invoke(app, ["compare", "samples/lillasjo-kommun.pdf", "--ocr", "always"])
    assert always.exit_code == 2
    assert always.stderr == (
        "error: --ocr always: Tesseract is not installed (on Debian/Ubuntu: sudo apt-get install tesseract-ocr "
        "tesseract-ocr-swe)\n"
    )


@settings(max_examples=150, deadline=None)
@given(st.text(max_size=400), st.lists(st.text(max_size=60), max_size=8))
def test_any_text_gives_one_valid_label_per_proposal(remiss: Remiss, body: str, headings: list[str]) -> None:
    markup = "\n".join([*(f"# {h}" for h in headings if h.strip()), *body.splitlines()])
    doc = build_document(markup.replace("===", "= = ="))
    cells = classify(match(segment(doc), remiss), remiss).cells
    assert [c.proposal for c in cells] == list(remiss.ids)
    assert all(isinstance(c.stance, Stance) and 0.0 <= c.confidence <= 1.0 for c in cells)


def test_tesseract_install_advice_fits_the_machine() -> None:
    assert ocr_module.install_advice("win32").startswith(
        "on Windows: winget install UB-Mannheim.TesseractOCR"
    )
    assert ocr_module.install_advice("darwin") == "on macOS: brew install tesseract tesseract-lang"
    assert "sudo apt-get" in ocr_module.install_advice("linux")
    assert "sudo" not in ocr_module.install_advice("win32") + ocr_module.install_advice("darwin")
