"""Shared fixtures: the bundled proposals, the samples and their hand labels, builders for test input."""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from typer.testing import CliRunner

from remisskoll import compare, load_proposals
from remisskoll.analysis.classify import Classified, classify
from remisskoll.analysis.match import match
from remisskoll.analysis.segment import segment
from remisskoll.model import Cell, Document, Line, Matrix, Page, ReadOptions, Remiss
from remisskoll.reading import read_document

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"


@pytest.fixture(autouse=True, scope="session")
def _private_cache(tmp_path_factory: pytest.TempPathFactory) -> None:
    """Tests never read or write the user's cache: everything goes to a fresh directory."""
    os.environ["XDG_CACHE_HOME"] = str(tmp_path_factory.mktemp("xdg-cache"))


@pytest.fixture(autouse=True, scope="session")
def _english_locale() -> Iterator[None]:
    """Human output follows the locale (--lang's default): every test, CliRunner run and README example
    sees the C locale, whatever the developer's, so that output is English unless a test asks for sv."""
    names = ("LC_ALL", "LC_MESSAGES", "LANG")
    saved = {name: os.environ.get(name) for name in names}
    os.environ.pop("LC_MESSAGES", None)
    os.environ["LC_ALL"] = os.environ["LANG"] = "C.UTF-8"
    yield
    for name, value in saved.items():
        if value is None:
            os.environ.pop(name, None)
        else:
            os.environ[name] = value


@pytest.fixture(scope="session")
def remiss() -> Remiss:
    return load_proposals()


@pytest.fixture(scope="session")
def gold() -> dict[str, Any]:
    data = yaml.safe_load((SAMPLES / "gold.yaml").read_text("utf-8"))
    return dict(data["samples"])


@pytest.fixture(scope="session")
def sample_matrix(remiss: Remiss) -> Matrix:
    return compare([SAMPLES], remiss)


def extract(path: str | Path, engine: str = "pdfplumber", ocr: str = "never") -> Document:
    """Read a PDF in this process, as a worker does (no limits): for tests of the reading layer."""
    return read_document(path, ReadOptions(engine=engine, ocr=ocr))


def ocr_available() -> bool:
    from remisskoll.reading.ocr import OcrUnavailable, check_tesseract

    try:
        check_tesseract()
    except OcrUnavailable:
        return False
    return True


@pytest.fixture(scope="session")
def needs_ocr() -> None:
    """Tesseract with Swedish: .ci/run installs it, so in CI its absence fails; elsewhere it skips."""
    if not ocr_available():
        if os.environ.get("CI"):
            pytest.fail("Tesseract with Swedish data is missing in CI: .ci/run must install it")
        pytest.skip(
            "Tesseract with Swedish data is not installed (sudo apt-get install tesseract-ocr tesseract-ocr-swe)"
        )


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture
def in_root(monkeypatch: pytest.MonkeyPatch) -> Path:
    """Run from the project root so paths in output read 'samples/…' as in the README."""
    monkeypatch.chdir(ROOT)
    monkeypatch.setenv("COLUMNS", "80")
    monkeypatch.delenv("NO_COLOR", raising=False)
    return ROOT


def build_document(text: str, path: str = "test.pdf") -> Document:
    """A Document from light markup, for stage tests that need no PDF.

    "# X" is a bold heading line, "- X" a bullet, a blank line a paragraph gap, "===" a new page.
    """
    pages: list[Page] = []
    lines: list[Line] = []
    y = 100.0

    def close() -> None:
        pages.append(Page(number=len(pages) + 1, lines=tuple(lines)))

    for raw in text.strip("\n").splitlines():
        raw = raw.strip()
        if raw == "===":
            close()
            lines, y = [], 100.0
            continue
        if not raw:
            y += 10.0
            continue
        bold = raw.startswith("# ")
        body = raw[2:] if bold else ("• " + raw[2:] if raw.startswith("- ") else raw)
        lines.append(Line(text=body, top=y, bottom=y + 10.0, x0=70.0, size=10.0, bold=bold))
        y += 14.0
    close()
    return Document(path=path, pages=tuple(pages), page_count=len(pages))


@pytest.fixture
def classified(remiss: Remiss) -> Callable[[str], Classified]:
    """Run segment → match → classify on marked-up text; the whole result."""

    def run(text: str) -> Classified:
        return classify(match(segment(build_document(text)), remiss), remiss)

    return run


@pytest.fixture
def cells(classified: Callable[[str], Classified]) -> Callable[[str], dict[str, Cell]]:
    """Run segment → match → classify on marked-up text; cells by proposal id."""

    def run(text: str) -> dict[str, Cell]:
        return {c.proposal: c for c in classified(text).cells}

    return run


@pytest.fixture
def make_pdf(tmp_path: Path) -> Callable[..., Path]:
    """Write a small PDF with reportlab: one list of lines per page (an empty list is a blank page)."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    def make(
        name: str, pages: list[list[str]], *, font: str = "Helvetica", encrypt: str | None = None
    ) -> Path:
        path = tmp_path / name
        c = canvas.Canvas(str(path), pagesize=A4, invariant=1, encrypt=encrypt)
        for lines in pages:
            y = A4[1] - 60
            for line in lines:
                c.setFont(font, 10.5)
                c.drawString(70, y, line)
                y -= 14
            c.showPage()
        c.save()
        return path

    return make


@pytest.fixture(scope="session")
def libreoffice(tmp_path_factory: pytest.TempPathFactory) -> Callable[[Path, str], Path]:
    """Convert a deliverable with LibreOffice headless, as a user's spreadsheet or word processor would
    open it: `convert(path, "csv")` returns the converted file. Skips where LibreOffice is missing, unless
    REMISSKOLL_REQUIRE_LIBREOFFICE is set (.ci/run sets it and installs it: there a skip would hide a
    deliverable that no real program has opened)."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        if os.environ.get("REMISSKOLL_REQUIRE_LIBREOFFICE"):
            pytest.fail("LibreOffice (soffice) is required here: apt-get install libreoffice-calc-nogui")
        pytest.skip("LibreOffice is not installed")
    profile = tmp_path_factory.mktemp("lo-profile")

    def convert(path: Path, fmt: str) -> Path:
        outdir = tmp_path_factory.mktemp("lo-out")
        # A private profile: a user's running LibreOffice (or a parallel test) must not share it.
        subprocess.run(
            [
                soffice,
                f"-env:UserInstallation={profile.as_uri()}",
                "--headless",
                "--convert-to",
                fmt,
                "--outdir",
                str(outdir),
                str(path),
            ],
            check=True,
            capture_output=True,
            timeout=180,
        )
        produced = list(outdir.iterdir())
        assert produced, f"LibreOffice produced nothing from {path.name}"
        return produced[0]

    return convert
