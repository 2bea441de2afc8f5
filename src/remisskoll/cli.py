"""The command line: each command parses options, calls one library function, renders.

Exit codes: 0 every file read; 1 some file unreadable or failed (the others are still reported);
2 usage or configuration error (missing path, bad proposals YAML, bad option, unwritable output).
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from . import __version__
from .extract import hint_for
from .model import Matrix, Remiss, Status
from .pipeline import InputError
from .pipeline import compare as compare_files
from .proposals import ProposalsError, load_proposals
from .report import CsvDialect, Format, print_table, to_csv, to_json

EXIT_OK, EXIT_FINDINGS, EXIT_USAGE = 0, 1, 2

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    help="Turn Swedish consultation responses (remissvar, PDF) into a stance matrix with quotes and pages.",
)


def _err() -> Console:
    # Messages and progress go to stderr; data goes to stdout. Created per call: tests swap the streams.
    return Console(stderr=True, highlight=False)


def _fail(message: str) -> typer.Exit:
    _err().print(f"[bold red]error:[/] {message}", markup=True, soft_wrap=True)
    return typer.Exit(EXIT_USAGE)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"remisskoll {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Show the version and exit.")
    ] = False,
) -> None:
    """remisskoll: who supports, opposes or conditions each proposal — with the sentence and page."""


ProposalsOpt = Annotated[
    Path | None,
    typer.Option(
        "--proposals",
        "-p",
        help="Proposals YAML of another inquiry (default: bundled SOU 2024:72).",
        dir_okay=False,
    ),
]


def _load(path: Path | None) -> Remiss:
    try:
        return load_proposals(path)
    except ProposalsError as exc:
        raise _fail(str(exc)) from None


def _write(data: str | bytes, output: Path | None) -> None:
    """Write to stdout, or to OUTPUT atomically (a temp file beside it, then rename)."""
    payload = data.encode("utf-8") if isinstance(data, str) else data
    if output is None:
        stream = getattr(sys.stdout, "buffer", None)
        if stream is not None:
            sys.stdout.flush()
            stream.write(payload)
            stream.flush()
        else:  # pragma: no cover - a text-only stdout
            sys.stdout.write(payload.decode("utf-8"))
        return
    directory = output.parent if str(output.parent) else Path(".")
    tmp_name = None
    try:
        with tempfile.NamedTemporaryFile("wb", dir=directory, prefix=f".{output.name}.", delete=False) as tmp:
            tmp_name = tmp.name
            tmp.write(payload)
            tmp.flush()
            os.fsync(tmp.fileno())
        os.replace(tmp_name, output)
    except OSError as exc:
        if tmp_name and os.path.exists(tmp_name):
            os.unlink(tmp_name)
        raise _fail(f"cannot write {output}: {exc.strerror or exc} — choose a writable path for -o") from None


def _report_failures(matrix: Matrix) -> None:
    err = _err()
    for r in matrix.failed:
        reason = r.error or r.status.value
        err.print(f"{r.file}: {r.status.value}: {reason} — {hint_for(reason)}", markup=False, soft_wrap=True)
    ok = sum(1 for r in matrix.responses if r.status is Status.OK)
    err.print(
        f"remisskoll: {len(matrix.responses)} file(s), {ok} read, {len(matrix.failed)} not read",
        markup=False,
        style="dim",
    )


@app.command()
def compare(
    paths: Annotated[list[Path], typer.Argument(help="Response PDFs, or directories to search for PDFs.")],
    fmt: Annotated[Format, typer.Option("--format", "-f", help="Output format.")] = Format.TABLE,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Write to FILE instead of stdout.", dir_okay=False)
    ] = None,
    csv_dialect: Annotated[
        CsvDialect, typer.Option("--csv-dialect", help="excel-sv: ';' + BOM for Swedish Excel; rfc4180: ','.")
    ] = CsvDialect.EXCEL_SV,
    long: Annotated[bool, typer.Option("--long", help="CSV: one row per cell, with quote and page.")] = False,
    proposals: ProposalsOpt = None,
) -> None:
    """Read response PDFs and print who supports, opposes or conditions each proposal."""
    remiss = _load(proposals)
    try:
        matrix = compare_files(paths, remiss)
    except InputError as exc:
        raise _fail(str(exc)) from None
    if fmt is Format.JSON:
        _write(to_json(matrix), output)
    elif fmt is Format.CSV:
        _write(to_csv(matrix, csv_dialect, long), output)
    elif output is None:
        print_table(matrix, Console(file=sys.stdout))
    else:
        buf = Console(record=True, width=160, file=open(os.devnull, "w"))  # noqa: SIM115 - closed below
        print_table(matrix, buf)
        buf.file.close()
        _write(buf.export_text(), output)
    _report_failures(matrix)
    raise typer.Exit(EXIT_FINDINGS if matrix.failed else EXIT_OK)


@app.command("proposals")
def list_proposals(proposals: ProposalsOpt = None) -> None:
    """Show the inquiry's proposals and their ids (the ids used in CSV and JSON)."""
    remiss = _load(proposals)
    table = Table(title=remiss.title, title_justify="left")
    table.add_column("id", no_wrap=True)
    table.add_column("label", no_wrap=True)
    table.add_column("proposal")
    table.add_column("area")
    for p in remiss.proposals:
        table.add_row(p.id, p.label, p.title, p.area)
    Console(file=sys.stdout).print(table)


def main() -> None:
    """Entry point of the `remisskoll` command."""
    app()
