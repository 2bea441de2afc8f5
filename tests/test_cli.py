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
        assert any(line.startswith(f"│ {pid} ") for line in lines), pid


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
    assert result.stderr.startswith(f"error: cannot write {target}: No such file or directory — choose")
    assert not target.parent.exists()


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
