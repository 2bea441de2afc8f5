"""The CLI through CliRunner: exact messages and exit codes (0 fine, 1 findings, 2 usage/config)."""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path

import pytest
from typer.testing import CliRunner

from remisskoll import __version__
from remisskoll.cli import app


def test_version(runner: CliRunner) -> None:
    result = runner.invoke(app, ["--version"])
    assert (result.exit_code, result.stdout) == (0, f"remisskoll {__version__}\n")


def test_proposals_lists_ids(runner: CliRunner, in_root: Path) -> None:
    result = runner.invoke(app, ["proposals"], env={"COLUMNS": "140"})
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[0].strip() == "Stärkt medicinsk kompetens i kommunal hälso- och sjukvård (SOU 2024:72)"
    for pid in ("dygnet_runt", "avtal", "kommunala_lakare", "vulf"):
        assert any(f"│ {pid} " in line for line in lines), pid
    numbers = [
        line.split("│")[1].strip() for line in lines if line.count("│") == 5 and line.split("│")[2].strip()
    ]
    assert numbers == [str(i) for i in range(1, 10)]  # the column numbers a narrow matrix shows


def test_compare_one_readable_file_exits_0_and_reports_on_stderr(runner: CliRunner, in_root: Path) -> None:
    result = runner.invoke(app, ["compare", "samples/region-vastland.pdf", "--format", "json"])
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert [r["respondent"] for r in data["responses"]] == ["Region Västland"]
    assert result.stderr == "remisskoll: 1 file(s), 1 read, 0 not read\n"


def test_an_unreadable_file_is_a_row_exit_1_and_the_rest_still_processed(
    runner: CliRunner, in_root: Path
) -> None:
    result = runner.invoke(
        app,
        [
            "compare",
            "samples/skarsunds-kommun.pdf",
            "--ocr",
            "never",
            "samples/lillasjo-kommun.pdf",
            "-f",
            "csv",
            "--csv-dialect",
            "rfc4180",
        ],
    )
    assert result.exit_code == 1
    rows = result.stdout.splitlines()
    assert (
        rows[1] == "samples/skarsunds-kommun.pdf,Skarsunds kommun,unreadable,,,,,,,,,,"
        "no text layer — scanned? (page images only; needs OCR),kommun,,,"
    )
    assert rows[2].startswith("samples/lillasjo-kommun.pdf,Lillasjö kommun,ok,positive,")
    assert result.stderr == (
        "samples/skarsunds-kommun.pdf: unreadable: no text layer — scanned? (page images only; needs OCR)"
        " — run OCR on it (e.g. ocrmypdf -l swe) or ask the sender for a text PDF\n"
        "remisskoll: 2 file(s), 1 read, 1 not read\n"
    )


def test_not_a_pdf_is_reported_and_the_batch_goes_on(
    runner: CliRunner, in_root: Path, tmp_path: Path
) -> None:
    fake = tmp_path / "svar.pdf"
    fake.write_text("inte en pdf", "utf-8")
    result = runner.invoke(app, ["compare", str(fake), "samples/hogfjalls-kommun.pdf", "-f", "json"])
    assert result.exit_code == 1
    data = json.loads(result.stdout)
    assert [(r["status"], r["error"]) for r in data["responses"]] == [
        ("error", "not a PDF (no %PDF header)"),
        ("ok", None),
    ]
    assert result.stderr.splitlines()[0] == (
        f"{fake}: error: not a PDF (no %PDF header) — convert it to PDF (or leave it out)"
    )


def test_a_missing_path_is_a_usage_error(runner: CliRunner, in_root: Path) -> None:
    result = runner.invoke(app, ["compare", "samples/finns-inte.pdf"])
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == (
        "error: samples/finns-inte.pdf: no such file — check the path (a shell glob that matched nothing "
        "stays literal)\n"
    )


def test_a_directory_without_pdfs_is_a_usage_error(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(app, ["compare", str(tmp_path)])
    assert result.exit_code == 2
    assert (
        result.stderr
        == f"error: {tmp_path}: no PDF files in this directory — give PDF files or another directory\n"
    )


def test_a_bad_proposals_file_is_a_configuration_error(
    runner: CliRunner, in_root: Path, tmp_path: Path
) -> None:
    bad = tmp_path / "annan.yaml"
    bad.write_text("remiss:\n  id: x\n  title: X\n  ministry: Y\nproposals: []\n", "utf-8")
    result = runner.invoke(app, ["compare", "samples/hogfjalls-kommun.pdf", "--proposals", str(bad)])
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == f"error: {bad}:5: proposals: must be a non-empty list of proposals\n"


def test_another_inquirys_proposals_file(runner: CliRunner, in_root: Path, tmp_path: Path) -> None:
    other = tmp_path / "annan.yaml"
    other.write_text(
        "remiss:\n  id: annan\n  title: En annan remiss\n  ministry: Testdepartementet\n"
        "proposals:\n  - id: magnet\n    title: Magnet\n    summary: Magnet\n    area: a\n"
        "    terms: [Magnetmodellen]\n",
        "utf-8",
    )
    result = runner.invoke(
        app,
        [
            "compare",
            "samples/hogfjalls-kommun.pdf",
            "-p",
            str(other),
            "-f",
            "csv",
            "--csv-dialect",
            "rfc4180",
        ],
    )
    assert result.exit_code == 0
    assert result.stdout.splitlines() == [
        "file,respondent,status,magnet,error,respondent_type,reviewed,dissent,inherited",
        "samples/hogfjalls-kommun.pdf,Högfjälls kommun,ok,negative,,kommun,,,",
    ]


def test_a_bad_option_is_a_usage_error(runner: CliRunner, in_root: Path) -> None:
    result = runner.invoke(app, ["compare", "samples", "--format", "xml"])
    assert result.exit_code == 2
    assert "Invalid value for '--format'" in result.stderr


def test_output_file_is_written_whole(runner: CliRunner, in_root: Path, tmp_path: Path) -> None:
    out = tmp_path / "matris.csv"
    result = runner.invoke(app, ["compare", "samples/lillasjo-kommun.pdf", "-f", "csv", "-o", str(out)])
    assert (result.exit_code, result.stdout) == (0, "")
    data = out.read_bytes()
    assert data.startswith("\ufefffile;respondent;status;dygnet_runt;".encode())
    assert [p.name for p in tmp_path.iterdir()] == ["matris.csv"]  # no temp file left behind


@pytest.mark.skipif(os.geteuid() == 0, reason="root can write anywhere")
def test_unwritable_output_is_a_usage_error_without_a_partial_file(
    runner: CliRunner, in_root: Path, tmp_path: Path
) -> None:  # pragma: no cover - CI runs as root here
    locked = tmp_path / "låst"
    locked.mkdir()
    locked.chmod(stat.S_IRUSR | stat.S_IXUSR)
    result = runner.invoke(app, ["compare", "samples/lillasjo-kommun.pdf", "-o", str(locked / "x.json")])
    assert result.exit_code == 2
    assert list(locked.iterdir()) == []


def test_output_into_a_missing_directory_is_a_usage_error(
    runner: CliRunner, in_root: Path, tmp_path: Path
) -> None:
    target = tmp_path / "saknas" / "x.json"
    result = runner.invoke(app, ["compare", "samples/lillasjo-kommun.pdf", "-f", "json", "-o", str(target)])
    assert result.exit_code == 2
    # said before any file is read (a batch of 200 takes minutes), and nothing is read
    assert result.stderr == (
        f"error: cannot write {target}: no such folder {target.parent} — choose a writable path for -o\n"
    )
    assert not target.parent.exists()


@pytest.mark.parametrize(
    ("command", "suffix", "magic"),
    [
        ("compare", ".xlsx", b"PK"),
        ("compare", ".json", b"{"),
        ("summary", ".docx", b"PK"),
        ("summary", ".md", b"#"),
    ],
)
def test_the_output_files_extension_picks_the_format(
    runner: CliRunner, in_root: Path, tmp_path: Path, command: str, suffix: str, magic: bytes
) -> None:
    out = tmp_path / f"matris{suffix}"
    result = runner.invoke(app, [command, "samples/norrby-kommun.pdf", "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert out.read_bytes().startswith(magic)


def test_a_format_that_contradicts_the_extension_is_refused(
    runner: CliRunner, in_root: Path, tmp_path: Path
) -> None:
    out = tmp_path / "matris.xlsx"
    result = runner.invoke(app, ["compare", "samples/norrby-kommun.pdf", "-f", "csv", "-o", str(out)])
    assert result.exit_code == 2
    assert result.stderr == (
        f"error: -o {out} names a .xlsx file but --format csv writes something else — use --format xlsx, "
        "or leave --format out\n"
    )
    assert not out.exists()


def test_the_same_file_twice_is_read_once(runner: CliRunner, in_root: Path) -> None:
    result = runner.invoke(
        app, ["compare", "samples/lillasjo-kommun.pdf", "./samples/lillasjo-kommun.pdf", "-f", "json"]
    )
    assert result.exit_code == 0
    assert len(json.loads(result.stdout)["responses"]) == 1


def test_table_has_no_colour_when_not_a_terminal(runner: CliRunner, in_root: Path) -> None:
    result = runner.invoke(app, ["compare", "samples/lillasjo-kommun.pdf"])
    assert result.exit_code == 0
    assert "\x1b[" not in result.stdout
    assert "Lillasjö kommun *" in result.stdout
    flowing = " ".join(result.stdout.split())  # notes wrap at the terminal width
    assert "refers to another body's answer (p. 1): “Kommunen instämmer i SKR:s yttrande.”" in flowing


def test_python_dash_m_works(in_root: Path) -> None:
    import subprocess
    import sys

    done = subprocess.run(
        [sys.executable, "-m", "remisskoll", "--version"], capture_output=True, text=True, check=False
    )
    assert (done.returncode, done.stdout) == (0, f"remisskoll {__version__}\n")


def test_the_command_is_the_entry_point() -> None:
    from importlib.metadata import entry_points

    import remisskoll.__main__ as entry

    (script,) = [e for e in entry_points(group="console_scripts") if e.name == "remisskoll"]
    assert script.value == "remisskoll.__main__:main"
    assert script.load() is entry.main


def test_a_usage_error_ends_the_run_at_once_with_2(in_root: Path, tmp_path: Path) -> None:
    import subprocess
    import sys

    # A bad path must end the run with the usage error, leaving no worker process behind to wait for.
    done = subprocess.run(
        [sys.executable, "-m", "remisskoll", "compare", str(tmp_path / "missing.pdf"), "-q"],
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )
    assert done.returncode == 2
    assert "missing.pdf: no such file" in done.stderr
    assert done.stdout == ""


def test_the_package_names_its_api_and_loads_it_on_use() -> None:
    import remisskoll

    for name in remisskoll.__all__:
        assert getattr(remisskoll, name) is not None, name
    assert remisskoll.compare.__module__ == "remisskoll.pipeline"
    assert set(remisskoll.__all__) <= set(dir(remisskoll))
    with pytest.raises(AttributeError, match="no attribute 'nonesuch'"):
        remisskoll.nonesuch  # noqa: B018


def test_output_to_a_device_writes_through_it(runner: CliRunner, in_root: Path) -> None:
    before = os.stat("/dev/null")
    result = runner.invoke(app, ["compare", "samples/lillasjo-kommun.pdf", "-f", "json", "-o", "/dev/null"])
    assert result.exit_code == 0
    after = os.stat("/dev/null")
    assert stat.S_ISCHR(after.st_mode) and (after.st_ino, after.st_rdev) == (before.st_ino, before.st_rdev)


@pytest.mark.skipif(os.name != "posix", reason="permission bits are POSIX")
@pytest.mark.parametrize(("umask", "mode"), [(0o022, 0o644), (0o002, 0o664), (0o077, 0o600)])
def test_a_new_output_file_gets_the_mode_the_umask_gives(
    runner: CliRunner, in_root: Path, tmp_path: Path, umask: int, mode: int
) -> None:
    out = tmp_path / "matris.csv"
    old = os.umask(umask)
    try:
        result = runner.invoke(app, ["compare", "samples/norrby-kommun.pdf", "-f", "csv", "-o", str(out)])
    finally:
        os.umask(old)
    assert result.exit_code == 0
    assert stat.S_IMODE(out.stat().st_mode) == mode


@pytest.mark.skipif(os.name != "posix", reason="permission bits are POSIX")
def test_a_replaced_output_file_keeps_its_mode(runner: CliRunner, in_root: Path, tmp_path: Path) -> None:
    out = tmp_path / "matris.csv"
    out.write_text("old", "utf-8")
    out.chmod(0o640)
    result = runner.invoke(app, ["compare", "samples/norrby-kommun.pdf", "-f", "csv", "-o", str(out)])
    assert result.exit_code == 0
    assert stat.S_IMODE(out.stat().st_mode) == 0o640
    assert out.read_text("utf-8-sig").startswith("file;respondent;status;")


def test_dash_as_output_means_stdout(runner: CliRunner, in_root: Path, tmp_path: Path) -> None:
    result = runner.invoke(app, ["compare", "samples/norrby-kommun.pdf", "-f", "json", "-o", "-"])
    assert result.exit_code == 0
    assert json.loads(result.stdout)["responses"][0]["respondent"] == "Norrby kommun"
    assert not (in_root / "-").exists()


def test_word_files_in_a_directory_are_rows_that_say_so(
    runner: CliRunner, in_root: Path, tmp_path: Path
) -> None:
    import shutil

    shutil.copy("samples/norrby-kommun.pdf", tmp_path / "norrby-kommun.pdf")
    (tmp_path / "a-lindvik.docx").write_bytes(b"PK\x03\x04" + b"\0" * 26 + b"word/document.xml")
    (tmp_path / "b-aby.doc").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100)
    (tmp_path / "c-ost.odt").write_bytes(
        b"PK\x03\x04" + b"\0" * 26 + b"mimetypeapplication/vnd.oasis.opendocument.text"
    )
    (tmp_path / "d-vast.rtf").write_bytes(b"{\\rtf1\\ansi Yttrande}")
    (tmp_path / "~$a-lindvik.docx").write_bytes(b"\0" * 162)  # Word's lock file beside an open document
    result = runner.invoke(app, ["compare", str(tmp_path), "-f", "json"])
    assert result.exit_code == 1
    rows = {Path(r["file"]).name: r for r in json.loads(result.stdout)["responses"]}
    assert sorted(rows) == ["a-lindvik.docx", "b-aby.doc", "c-ost.odt", "d-vast.rtf", "norrby-kommun.pdf"]
    assert [rows[n]["error"] for n in sorted(rows)[:4]] == [
        "a Word file (.docx), not a PDF",
        "a Word file (.doc), not a PDF",
        "an OpenDocument text (.odt), not a PDF",
        "an RTF file (.rtf), not a PDF",
    ]
    assert (
        f"{tmp_path / 'a-lindvik.docx'}: error: a Word file (.docx), not a PDF — open it in Word or "
        "LibreOffice and save it as PDF, then run again" in result.stderr.splitlines()
    )


@pytest.mark.parametrize("columns", ["80", "120"])
def test_proposals_never_cuts_a_title_or_an_area(runner: CliRunner, in_root: Path, columns: str) -> None:
    from remisskoll import load_proposals

    result = runner.invoke(app, ["proposals"], env={"COLUMNS": columns})
    assert result.exit_code == 0
    assert "…" not in result.stdout
    # every word of every title and area is there whole, in a cell of the table
    words = set(
        " ".join(line.split("│")[4] for line in result.stdout.splitlines() if line.count("│") == 5).split()
    )
    for p in load_proposals().proposals:
        assert set(p.title.split()) <= words, p.id
        assert f"({p.area})" in words, p.id


def _table(runner: CliRunner, columns: int, *paths: str) -> list[str]:
    result = runner.invoke(app, ["compare", *paths, "--ocr", "never"], env={"COLUMNS": str(columns)})
    return result.stdout.splitlines()


def test_names_are_wrapped_at_word_boundaries_never_mid_word(runner: CliRunner, in_root: Path) -> None:
    for columns in (80, 100, 120, 200):
        text = "\n".join(_table(runner, columns, "samples/"))
        names = [line.split("│")[1].strip() for line in text.splitlines() if line.startswith("│")]
        assert "Allmänläkarföreningen" in " ".join(names), columns
        assert all(not n or n.split()[0] != "n" for n in names), columns


def test_rows_follow_the_propositions_order_by_type_then_name(runner: CliRunner, in_root: Path) -> None:
    lines = _table(runner, 200, "samples/")
    names = [line.split("│")[1].strip().removesuffix(" *") for line in lines if line.startswith("│")]
    assert names[:4] == [
        "Statens vårdkvalitetsmyndighet",
        "Region Kronsjö",
        "Region Nordmark",
        "Region Västland",
    ]
    assert names.index("Östbacka kommun") < names.index("Allmänläkarföreningen i Västland")
    assert names.index("Sjöhaga kommun") < names.index("Tallmora kommun") < names.index("Östbacka kommun")


def test_footnotes_name_proposals_by_their_column_labels(runner: CliRunner, in_root: Path) -> None:
    text = " ".join(" ".join(_table(runner, 200, "samples/norrby-kommun.pdf")).split())
    assert "Per Lindqvist (SD): negative on Kom. läkare (p. 1)" in text
    assert "kommunala_lakare" not in text


@pytest.mark.parametrize("columns", [50, 80, 120, 200])
def test_the_legend_never_breaks_a_symbol_from_its_meaning(
    runner: CliRunner, in_root: Path, columns: int
) -> None:
    from remisskoll.report import legend

    lines = _table(runner, columns, "samples/norrby-kommun.pdf")
    for entry in legend():  # every entry, the review mark's with its threshold too
        if len(entry) <= columns:
            assert any(entry in line for line in lines), (columns, entry)


def test_the_line_after_the_table_says_what_to_do_next(runner: CliRunner, in_root: Path) -> None:
    lines = _table(runner, 200, "samples/norrby-kommun.pdf")
    tail = " ".join(
        " ".join(lines[next(i for i, line in enumerate(lines) if line.startswith("Next:")) :]).split()
    )
    assert tail == (
        'Next: `remisskoll explain samples/norrby-kommun.pdf --proposal "Dygnet runt"` shows why a cell is what '
        "it is; `--review` lists the 3 cell(s) to check (? and °); `-f csv -o matris.csv` exports the matrix."
    )


def test_long_without_csv_is_refused_not_ignored(runner: CliRunner, in_root: Path) -> None:
    result = runner.invoke(app, ["compare", "samples/norrby-kommun.pdf", "--long"])
    assert result.exit_code == 2
    assert result.stderr == "error: --long is a CSV layout (one row per cell): add --format csv (not table)\n"


@pytest.mark.skipif(not Path("/dev/null").exists(), reason="a POSIX device")
def test_a_device_as_output_needs_no_writable_folder(
    runner: CliRunner, in_root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # As a user, /dev is not writable but /dev/null is: -o /dev/null must not be refused up front.
    real = os.access
    monkeypatch.setattr(os, "access", lambda p, mode: False if Path(p) == Path("/dev") else real(p, mode))
    result = runner.invoke(app, ["compare", "samples/norrby-kommun.pdf", "-f", "json", "-o", "/dev/null"])
    assert result.exit_code == 0, result.stderr
    blocked = runner.invoke(
        app, ["compare", "samples/norrby-kommun.pdf", "-f", "json", "-o", "/dev/new.json"]
    )
    assert blocked.exit_code == 2
    assert (
        blocked.stderr
        == "error: cannot write /dev/new.json: permission denied — choose a writable path for -o\n"
    )


@pytest.mark.parametrize(
    ("command", "name"), [("compare", "matris.docx"), ("compare", "m.md"), ("summary", "s.json")]
)
def test_an_extension_the_command_does_not_write_is_refused(
    runner: CliRunner, in_root: Path, tmp_path: Path, command: str, name: str
) -> None:
    out = tmp_path / name
    result = runner.invoke(app, [command, "samples/norrby-kommun.pdf", "-o", str(out)])
    assert result.exit_code == 2
    assert result.stderr.startswith(
        f"error: -o {out}: this command does not write {out.suffix} files — name it"
    )
    assert not out.exists()


@pytest.mark.parametrize("command", ["snapshot", "check"])
def test_snapshot_and_check_refuse_an_unwritable_output_before_reading(
    runner: CliRunner, in_root: Path, tmp_path: Path, command: str
) -> None:
    target = tmp_path / "saknas" / "ut.json"
    result = runner.invoke(app, [command, "samples/norrby-kommun.pdf", "-o", str(target)])
    assert result.exit_code == 2
    assert result.stderr == (
        f"error: cannot write {target}: no such folder {target.parent} — choose a writable path for -o\n"
    )
