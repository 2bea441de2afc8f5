"""The command line: each command parses options, calls one library function, renders.

Exit codes (errors.ExitCode): 0 every file read; 1 some file unreadable or a check failed (the others
are still reported); 2 usage or configuration error; 70 a bug in remisskoll; 130 interrupted. One
handler (`_guarded`) maps every error to its code and prints it as one line on stderr.
"""

from __future__ import annotations

import functools
import inspect
import os
import stat
import sys
import tempfile
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any, TextIO, TypeVar, cast

import typer
from rich.console import Console
from rich.markdown import Markdown
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn
from rich.table import Table
from rich.text import Text

from . import __version__
from . import check as checking
from . import evaluate as evaluation
from . import explain as explanation
from .display import json_text, shown
from .errors import ExitCode, Failure, OutputError, ReadError, RemisskollError, UsageError
from .model import (
    DEFAULT_MEMORY_MB,
    DEFAULT_TIMEOUT,
    Engine,
    Matrix,
    OcrMode,
    ReadOptions,
    Remiss,
    Status,
)
from .overrides import apply_overrides, is_iso_date, load_overrides, stanza
from .pipeline import compare as compare_files
from .proposals import load_proposals
from .remisslista import load_remisslista, match_remisslista
from .report import CsvDialect, Format, print_table, review_list, to_csv, to_json
from .runtime.cache import Cache
from .runtime.limits import memory_limit_supported
from .summary import SummaryFormat, summarise, table_width, to_markdown
from .words import Lang, labels_for, lang_from_env

app = typer.Typer(
    add_completion=True,  # --install-completion / --show-completion for bash, zsh, fish, PowerShell
    no_args_is_help=True,
    help="Turn Swedish consultation responses (remissvar, PDF) into a stance matrix with quotes and pages.",
)


def _err() -> Console:
    # Messages and progress go to stderr; data goes to stdout. Created per call: tests swap the streams.
    return Console(stderr=True, highlight=False)


def _say(prefix: str, message: str, style: str = "bold red") -> None:
    """One message on stderr; user text (file names, reasons) is never read as rich markup."""
    err = _err()
    for line in message.splitlines() or [""]:
        err.print(f"{prefix}: ", style=style, end="", markup=False, highlight=False)
        err.print(shown(line), markup=False, highlight=False, soft_wrap=True)


def _guarded(command: Callable[..., None]) -> Callable[..., None]:
    """The one place where errors become exit codes: every command runs inside it."""

    @functools.wraps(command)
    def run(**kwargs: Any) -> None:
        try:
            try:
                command(**kwargs)
            except typer.Exit:
                _flush_stdout()  # data still buffered must reach stdout before the exit code is decided
                raise
            _flush_stdout()
        except (typer.Exit, typer.Abort, typer.BadParameter):
            raise  # Typer's own: it prints them and ends with its codes (2 for a bad option)
        except RemisskollError as exc:
            _say("error", str(exc))
            raise typer.Exit(exc.exit_code) from None
        except KeyboardInterrupt as exc:  # Ctrl-C, or SIGTERM while workers run (errors.Terminated)
            _say("remisskoll", "interrupted", style="yellow")
            raise typer.Exit(getattr(exc, "exit_code", ExitCode.INTERRUPTED)) from None
        except Exception as exc:
            _err().print(traceback.format_exc(), markup=False, highlight=False, end="")
            _say(
                "internal error",
                f"{type(exc).__name__}: {exc} — this is a bug in remisskoll {__version__}; "
                "please report it with the command you ran",
            )
            raise typer.Exit(ExitCode.INTERNAL) from None

    return run


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
    return load_proposals(path)


InvitedOpt = Annotated[
    Path | None,
    typer.Option(
        "--invited",
        help="The remisslista: who was invited (a text file, one body a line, or YAML with name, type, "
        "order). Adds rows for bodies that did not answer and marks answers from others.",
        dir_okay=False,
    ),
]


LangOpt = Annotated[
    Lang | None,
    typer.Option(
        "--lang",
        help="Language of labels for people (table, xlsx, summary tables, explain); CSV and JSON codes are "
        "the same in both. Default: sv when LC_ALL, LC_MESSAGES or LANG (else the system's locale) "
        "is Swedish.",
        show_default=False,
    ),
]


def _lang(lang: Lang | None) -> Lang:
    """The language asked for, or the one the user's locale asks for."""
    return lang if lang is not None else lang_from_env()


OverridesOpt = Annotated[
    Path | None,
    typer.Option(
        "--overrides",
        help="YAML of analysts' reviewed cells to apply (written by people, or by `overrides from-xlsx`).",
        dir_okay=False,
    ),
]


@dataclass
class Reading:
    """How files are read: the options every reading command shares (set by _reading)."""

    options: ReadOptions = field(default_factory=ReadOptions)
    use_cache: bool = True
    quiet: bool = False


READING = Reading()


def _reading(
    engine: Annotated[
        Engine, typer.Option("--engine", help="pdfplumber (reference) or pdfium (fast).")
    ] = Engine.PDFPLUMBER,
    ocr: Annotated[
        OcrMode, typer.Option("--ocr", help="OCR pages without a text layer (auto), all pages, or none.")
    ] = OcrMode.AUTO,
    jobs: Annotated[int, typer.Option("--jobs", "-j", min=0, help="Worker processes (0: one per CPU).")] = 0,
    timeout: Annotated[
        float, typer.Option("--timeout", min=1.0, help="Seconds before a file is given up.")
    ] = DEFAULT_TIMEOUT,
    max_memory: Annotated[
        int, typer.Option("--max-memory", min=0, help="MB of memory per worker (0: no limit).")
    ] = DEFAULT_MEMORY_MB,
    no_cache: Annotated[
        bool, typer.Option("--no-cache", help="Neither read nor write the extraction cache.")
    ] = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar.")] = False,
) -> None:
    READING.options = ReadOptions(engine, ocr, jobs, timeout, max_memory)
    READING.use_cache = not no_cache
    READING.quiet = quiet
    if ocr is OcrMode.ALWAYS:
        from .reading.ocr import OcrUnavailable, check_tesseract

        try:
            check_tesseract()
        except OcrUnavailable as exc:
            raise UsageError(f"--ocr always: {exc}") from None
    if max_memory > 0 and not memory_limit_supported():
        _say("note", "--max-memory is not enforced on this platform; --timeout still applies", "yellow")


def with_reading(command: Callable[..., None]) -> Callable[..., None]:
    """Give a command the shared reading options (--engine, --ocr, --jobs, …) of _reading.

    Typer builds options from a function's signature, so the wrapper's signature is the command's plus
    _reading's; the wrapper applies the reading options and calls the command with the rest.
    """
    # eval_str: this module's annotations are strings (postponed evaluation); Typer needs the objects.
    shared = inspect.signature(_reading, eval_str=True).parameters
    own = inspect.signature(command, eval_str=True)
    keyword = inspect.Parameter.KEYWORD_ONLY
    params = [*own.parameters.values(), *(p.replace(kind=keyword) for p in shared.values())]

    @functools.wraps(command)
    def wrapper(**kwargs: Any) -> None:
        _reading(**{name: kwargs.pop(name) for name in shared})
        command(**kwargs)

    wrapper.__signature__ = own.replace(parameters=params)  # type: ignore[attr-defined]
    wrapper.__annotations__ = {p.name: p.annotation for p in params} | {"return": None}
    return wrapper


def _matrix(
    paths: list[Path], remiss: Remiss, overrides: Path | None = None, invited: Path | None = None
) -> Matrix:
    """Read the responses, apply reviewed cells, and match them to the remisslista."""
    reviewed = load_overrides(overrides, remiss) if overrides is not None else None
    lista = load_remisslista(invited) if invited is not None else None
    cache = Cache.default(enabled=READING.use_cache)
    err = _err()
    if READING.quiet or not err.is_terminal:
        matrix = compare_files(paths, remiss, READING.options, cache)
    else:
        with Progress(
            TextColumn("reading"),
            BarColumn(),
            MofNCompleteColumn(),
            TextColumn("{task.fields[pages]} pages"),
            TextColumn("{task.fields[rate]}"),
            TimeRemainingColumn(),
            console=err,
            transient=True,
        ) as bar:
            task = bar.add_task("reading", total=None, pages=0, rate="")
            started = time.monotonic()
            pages = 0

            def done(count: int, total: int, read: int) -> None:
                nonlocal pages
                pages += read
                rate = f"{pages / max(time.monotonic() - started, 1e-6):.0f} pages/s"
                bar.update(task, completed=count, total=total, pages=pages, rate=rate)

            matrix = compare_files(paths, remiss, READING.options, cache, done)
    if reviewed is not None:
        matrix, warnings = apply_overrides(matrix, reviewed)
        for warning in warnings:
            _say("warning", warning, "yellow")
    if lista is not None:
        matrix, warnings = match_remisslista(matrix, lista)
        for warning in warnings:
            _say("warning", warning, "yellow")
    return matrix


_F = TypeVar("_F", bound=StrEnum)
# The files remisskoll writes somewhere; a name with one of these says what the file must be.
_DELIVERABLES = {".xlsx", ".csv", ".json", ".docx", ".md"}


def _format(fmt: _F | None, output: Path | None, by_suffix: dict[str, _F], default: _F) -> _F:
    """The format asked for, else the one -o's extension names, else `default`. A format that
    contradicts the extension is refused: a matrix.xlsx holding text would not open."""
    suffix = output.suffix.lower() if output is not None else ""
    named = by_suffix.get(suffix)
    if named is None and suffix in _DELIVERABLES:
        writes = ", ".join(sorted(by_suffix))
        raise UsageError(
            f"-o {output}: this command does not write {suffix} files — name it {writes}, or another "
            "extension for the default format"
        )
    if fmt is None:
        return named or default
    if named is not None and named is not fmt:
        assert output is not None
        raise UsageError(
            f"-o {output} names a {output.suffix} file but --format {fmt.value} writes something else — "
            f"use --format {named.value}, or leave --format out"
        )
    return fmt


def _check_output(output: Path | None) -> None:
    """Refuse an -o that cannot be written before any file is read (minutes, on a large batch)."""
    if output is None or str(output) == "-":
        return
    folder = output.parent if str(output.parent) else Path(".")
    if output.is_dir():
        raise OutputError(f"cannot write {output}: it is a folder — choose a file name for -o")
    if output.exists() and not output.is_file():  # a device or a pipe (/dev/null): written straight to
        writable = os.access(output, os.W_OK)
    elif not folder.is_dir():
        raise OutputError(f"cannot write {output}: no such folder {folder} — choose a writable path for -o")
    else:  # a temporary file beside it is renamed over it: the folder must take new files
        writable = os.access(folder, os.W_OK) and (not output.exists() or os.access(output, os.W_OK))
    if not writable:
        raise OutputError(f"cannot write {output}: permission denied — choose a writable path for -o")


def _cannot_write(output: Path, exc: OSError) -> OutputError:
    return OutputError(f"cannot write {output}: {exc.strerror or exc} — choose a writable path for -o")


def _stdout_failed(exc: OSError | None) -> OutputError:
    """The error for a stdout that is closed or fails (a full disk, `> /dev/full`), like an unwritable -o.

    What could not be written stays in Python's buffer, and the interpreter would try again at exit and
    print a traceback: stdout is pointed at the null device first."""
    try:
        null = os.open(os.devnull, os.O_WRONLY)
        os.dup2(null, sys.stdout.fileno())
        os.close(null)
    except (OSError, ValueError, AttributeError):  # no stdout at all, or not a real file (tests)
        pass
    if isinstance(exc, BrokenPipeError):  # `| head`: the reader stopped on purpose; nothing to fix
        return OutputError("standard output was closed by the reader (e.g. | head) — the rest is not shown")
    reason = (exc.strerror or str(exc)) if exc is not None else "it is closed"
    # "> FILE" works for every command; not every command has -o.
    return OutputError(f"cannot write to standard output ({reason}) — the output is lost; write it to a file")


class _Stdout:
    """sys.stdout for rich, whose failed writes are an OutputError instead of a traceback."""

    def __init__(self, stream: Any) -> None:
        self._stream = stream

    def write(self, text: str) -> int:
        try:
            return int(self._stream.write(text))
        except OSError as exc:
            raise _stdout_failed(exc) from None

    def flush(self) -> None:
        try:
            self._stream.flush()
        except OSError as exc:
            raise _stdout_failed(exc) from None

    def __getattr__(self, name: str) -> Any:
        return getattr(self._stream, name)


def _stdout() -> Console:
    """A console on stdout for data; a closed stdout is an error (rich would drop the output silently)."""
    if sys.stdout is None or sys.stdout.closed:
        raise _stdout_failed(None)
    return Console(file=cast(TextIO, _Stdout(sys.stdout)))


def _flush_stdout() -> None:
    if sys.stdout is not None and not sys.stdout.closed:
        _Stdout(sys.stdout).flush()


def _write(data: str | bytes, output: Path | None) -> None:
    """Write to stdout (no OUTPUT, or "-"), or to OUTPUT atomically (a temp file beside it, then rename).

    A new file gets the mode the user's umask gives (colleagues on a shared drive can open it); a
    replaced file keeps its mode."""
    payload = data.encode("utf-8") if isinstance(data, str) else data
    if output is not None and str(output) == "-":
        output = None
    if output is None:
        if sys.stdout is None or sys.stdout.closed:
            raise _stdout_failed(None)
        stream = getattr(sys.stdout, "buffer", None)
        try:
            if stream is not None:
                sys.stdout.flush()
                stream.write(payload)
                stream.flush()
            else:  # pragma: no cover - a text-only stdout
                sys.stdout.write(payload.decode("utf-8"))
        except OSError as exc:
            raise _stdout_failed(exc) from None
        return
    if output.exists() and not output.is_file():
        # A device or a pipe (-o /dev/stdout, /dev/null): write straight to it; renaming a temporary
        # file over it would replace the device itself.
        try:
            with output.open("wb") as fh:
                fh.write(payload)
        except OSError as exc:
            raise _cannot_write(output, exc) from None
        return
    directory = output.parent if str(output.parent) else Path(".")
    tmp_name = None
    try:
        with tempfile.NamedTemporaryFile("wb", dir=directory, prefix=f".{output.name}.", delete=False) as tmp:
            tmp_name = tmp.name
            tmp.write(payload)
            tmp.flush()
            os.fsync(tmp.fileno())
        os.chmod(tmp_name, _mode_for(output))  # the temp file is 0600 whatever the umask
        os.replace(tmp_name, output)
    except OSError as exc:
        if tmp_name and os.path.exists(tmp_name):
            os.unlink(tmp_name)
        raise _cannot_write(output, exc) from None


def _mode_for(output: Path) -> int:
    """The permission bits `output` should have: its own when it is replaced, else what the umask
    leaves of rw-rw-rw- (as a plain open() would create it)."""
    try:
        return stat.S_IMODE(output.stat().st_mode)
    except OSError:
        umask = os.umask(0)  # reading the umask means setting it; restored at once
        os.umask(umask)
        return 0o666 & ~umask


def _hint(failure: Failure | None) -> str:
    return failure.hint if failure is not None else "check the file"


def _report_failures(matrix: Matrix) -> ExitCode:
    """One line per file not read, a count, and the exit code the matrix calls for."""
    err = _err()
    for r in matrix.failed:
        reason = r.error or r.status.value
        err.print(
            shown(f"{r.file}: {r.status.value}: {reason} — {_hint(r.failure)}"),
            markup=False,
            highlight=False,
            soft_wrap=True,
        )
    ok = sum(1 for r in matrix.responses if r.status is Status.OK)
    err.print(
        f"remisskoll: {len(matrix.responses)} file(s), {ok} read, {len(matrix.failed)} not read",
        markup=False,
        highlight=False,
        style="dim",
    )
    return _exit_code(matrix, bool(matrix.failed))


def _exit_code(matrix: Matrix, findings: bool) -> ExitCode:
    """INTERNAL when remisskoll failed on a file (a bug, not a finding), else FINDINGS or OK."""
    if any(r.failure is Failure.INTERNAL for r in matrix.failed):
        _say("internal error", f"remisskoll {__version__} failed on a file; please report it")
        return ExitCode.INTERNAL
    return ExitCode.FINDINGS if findings else ExitCode.OK


@app.command()
@_guarded
@with_reading
def compare(
    paths: Annotated[list[Path], typer.Argument(help="Response PDFs, or directories to search for PDFs.")],
    fmt: Annotated[
        Format | None,
        typer.Option(
            "--format",
            "-f",
            help="Output format (default: from -o's extension, .xlsx .csv .json; else table).",
            show_default=False,
        ),
    ] = None,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Write to FILE instead of stdout.", dir_okay=False)
    ] = None,
    csv_dialect: Annotated[
        CsvDialect, typer.Option("--csv-dialect", help="excel-sv: ';' + BOM for Swedish Excel; rfc4180: ','.")
    ] = CsvDialect.EXCEL_SV,
    long: Annotated[bool, typer.Option("--long", help="CSV: one row per cell, with quote and page.")] = False,
    review: Annotated[
        bool,
        typer.Option(
            "--review",
            help="Instead of the matrix, list the cells to check (marked ?) with their quotes, file by file.",
        ),
    ] = False,
    proposals: ProposalsOpt = None,
    overrides: OverridesOpt = None,
    invited: InvitedOpt = None,
    lang: LangOpt = None,
) -> None:
    """Read response PDFs and print who supports, opposes or conditions each proposal."""
    words = _lang(lang)
    fmt = _format(fmt, output, {".xlsx": Format.XLSX, ".csv": Format.CSV, ".json": Format.JSON}, Format.TABLE)
    _check_output(output)
    if review and fmt is not Format.TABLE:
        raise typer.BadParameter("--review is a list for reading; JSON and CSV carry every cell's confidence")
    if long and fmt is not Format.CSV:
        raise UsageError(f"--long is a CSV layout (one row per cell): add --format csv (not {fmt.value})")
    if fmt is Format.XLSX and output is None:
        raise UsageError("--format xlsx writes a binary file: give -o FILE.xlsx")
    matrix = _matrix(paths, _load(proposals), overrides, invited)
    if review:
        _write(review_list(matrix, words), output)
    elif fmt is Format.XLSX and output is not None:
        from . import workbook  # openpyxl is imported only for a workbook

        run = workbook.run_info(matrix, READING.options, proposals, overrides)
        _write(workbook.to_xlsx(matrix, run, output.parent, words), output)
    elif fmt is Format.JSON:
        _write(to_json(matrix), output)
    elif fmt is Format.CSV:
        _write(to_csv(matrix, csv_dialect, long), output)
    elif output is None:
        print_table(matrix, _stdout(), words)
    else:
        buf = Console(record=True, width=160, file=open(os.devnull, "w"))  # noqa: SIM115 - closed below
        print_table(matrix, buf, words)
        buf.file.close()
        _write(buf.export_text(), output)
    raise typer.Exit(_report_failures(matrix))


class TextOrJson(StrEnum):
    TEXT = "text"
    JSON = "json"


@app.command()
@_guarded
@with_reading
def explain(
    path: Annotated[Path, typer.Argument(help="One response PDF.")],
    proposal: Annotated[
        str | None,
        typer.Option(
            "--proposal",
            help="Only this proposal (id, column label or column number); adds an override stanza to paste.",
        ),
    ] = None,
    fmt: Annotated[TextOrJson, typer.Option("--format", "-f", help="Output format.")] = TextOrJson.TEXT,
    proposals: ProposalsOpt = None,
    lang: LangOpt = None,
) -> None:
    """Why each cell of one response is what it is: parts, passages, cues, voice and the deciding rule."""
    words = _lang(lang)
    remiss = _load(proposals)
    if proposal is not None:
        found = remiss.lookup(proposal)
        if found is None:
            raise UsageError(
                f"unknown proposal {proposal!r} — use an id, a column label or a column number (1–"
                f"{len(remiss.proposals)}): {', '.join(remiss.ids)}"
            )
        proposal = found.id
    cache = Cache.default(enabled=READING.use_cache)
    try:
        e = explanation.explain(path, remiss, proposal, READING.options, cache)
    except ReadError as exc:
        _err().print(
            shown(f"{path}: {exc.status.value}: {exc.reason} — {exc.failure.hint}"),
            markup=False,
            highlight=False,
            soft_wrap=True,
        )
        raise typer.Exit(
            ExitCode.INTERNAL if exc.failure is Failure.INTERNAL else ExitCode.FINDINGS
        ) from None
    if fmt is TextOrJson.JSON:
        _write(json_text(explanation.to_dict(e), indent=2) + "\n", None)
        return
    out = _stdout()
    out.print(explanation.render(e, words))
    if proposal is not None:
        out.print(
            "\n" + labels_for(words).stanza_lead,
            style="dim",
            soft_wrap=True,
        )
        # Never wrapped: a line broken at the terminal's width is no longer valid YAML when pasted.
        out.print(
            stanza(e.response, e.proposals[0].cell), markup=False, highlight=False, end="", soft_wrap=True
        )


@app.command()
@_guarded
@with_reading
def evaluate(
    paths: Annotated[list[Path], typer.Argument(help="Response PDFs, or directories to search for PDFs.")],
    gold: Annotated[
        Path,
        typer.Option(
            "--gold",
            help="Human labels: YAML with, per file name, its status and a stance per proposal id "
            "(the format is described in the README, under evaluate).",
            dir_okay=False,
        ),
    ],
    min_kappa: Annotated[
        float | None,
        typer.Option("--min-kappa", min=-1.0, max=1.0, help="Exit 1 when Cohen's κ is below this."),
    ] = None,
    fmt: Annotated[TextOrJson, typer.Option("--format", "-f", help="Output format.")] = TextOrJson.TEXT,
    proposals: ProposalsOpt = None,
) -> None:
    """Agreement with human labels: overall, Cohen's κ, per proposal and label, confusion, disagreements."""
    remiss = _load(proposals)
    labels = evaluation.load_gold(gold, remiss.ids)
    matrix = _matrix(paths, remiss)
    ev = evaluation.evaluate(matrix, labels)
    if fmt is TextOrJson.JSON:
        _write(json_text(evaluation.to_dict(ev), indent=2) + "\n", None)
    else:
        _stdout().print(evaluation.render(ev))
    failed = False
    if min_kappa is not None and ev.kappa < min_kappa:
        _err().print(f"remisskoll: Cohen's κ {ev.kappa:.3f} is below --min-kappa {min_kappa}", markup=False)
        failed = True
    if ev.status_mismatches:
        _err().print(
            f"remisskoll: {len(ev.status_mismatches)} file(s) read differently than labelled", markup=False
        )
        failed = True
    raise typer.Exit(_exit_code(matrix, failed))


@app.command()
@_guarded
@with_reading
def summary(
    paths: Annotated[list[Path], typer.Argument(help="Response PDFs, or directories to search for PDFs.")],
    fmt: Annotated[
        SummaryFormat | None,
        typer.Option(
            "--format",
            "-f",
            help="text (terminal), markdown, or docx (a Word file; needs -o). Default: from -o's extension "
            "(.docx, .md), else text.",
            show_default=False,
        ),
    ] = None,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Write to FILE instead of stdout.", dir_okay=False)
    ] = None,
    proposals: ProposalsOpt = None,
    overrides: OverridesOpt = None,
    invited: InvitedOpt = None,
    lang: LangOpt = None,
) -> None:
    """The draft of the proposition's "Remissinstanserna" text per proposal, with quotes, pages and counts.

    The prose is Swedish whatever --lang says: it is the draft of a Swedish proposition's text."""
    words = _lang(lang)
    fmt = _format(
        fmt, output, {".docx": SummaryFormat.DOCX, ".md": SummaryFormat.MARKDOWN}, SummaryFormat.TEXT
    )
    _check_output(output)
    if fmt is SummaryFormat.DOCX and output is None:
        raise UsageError("--format docx writes a Word file, not text: add -o FILE.docx")
    matrix = _matrix(paths, _load(proposals), overrides, invited)
    compiled = summarise(matrix)
    if fmt is SummaryFormat.DOCX:
        from .wordfile import to_docx  # python-docx is loaded only for Word output

        _write(to_docx(compiled, words), output)
    elif fmt is SummaryFormat.MARKDOWN or output is not None:
        _write(to_markdown(compiled, lang=words), output)
    else:
        out = _stdout()
        wide = out.width >= table_width(compiled, words)
        out.print(Markdown(to_markdown(compiled, table=wide, lang=words)))
    raise typer.Exit(_report_failures(matrix))


class CheckFormat(StrEnum):
    TEXT = "text"
    JSON = "json"
    GITHUB = "github"
    JUNIT = "junit"


def _fail_on(value: str) -> tuple[checking.Kind, ...]:
    kinds = []
    for name in (v.strip() for v in value.split(",") if v.strip()):
        try:
            kinds.append(checking.Kind(name))
        except ValueError:
            known = ", ".join(k.value for k in checking.Kind)
            raise typer.BadParameter(f"unknown finding {name!r} (known: {known})") from None
    return tuple(kinds)


@app.command()
@_guarded
@with_reading
def snapshot(
    paths: Annotated[list[Path], typer.Argument(help="Response PDFs, or directories to search for PDFs.")],
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Write the baseline to FILE.", dir_okay=False)
    ] = None,
    proposals: ProposalsOpt = None,
    overrides: OverridesOpt = None,
) -> None:
    """Accept today's matrix as the baseline that `check` compares against (JSON, schema 1)."""
    _check_output(output)
    matrix = _matrix(paths, _load(proposals), overrides)
    _write(to_json(matrix), output)
    raise typer.Exit(_report_failures(matrix))


@app.command()
@_guarded
@with_reading
def check(
    paths: Annotated[list[Path], typer.Argument(help="Response PDFs, or directories to search for PDFs.")],
    baseline: Annotated[
        Path | None, typer.Option("--baseline", "-b", help="A snapshot to compare against.", dir_okay=False)
    ] = None,
    fmt: Annotated[CheckFormat, typer.Option("--format", "-f", help="Output format.")] = CheckFormat.TEXT,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Write to FILE instead of stdout.", dir_okay=False)
    ] = None,
    fail_on: Annotated[
        str,
        typer.Option(
            "--fail-on",
            help="Findings that fail the run, comma-separated: "
            "unreadable, new-response, changed, low-confidence, wrong-remiss.",
        ),
    ] = ",".join(k.value for k in checking.DEFAULT_FAIL_ON),
    min_confidence: Annotated[
        float,
        typer.Option(
            "--min-confidence",
            min=0.0,
            max=1.0,
            help="Cells below this are low-confidence findings (0.9: the cells `compare --review` lists).",
        ),
    ] = 0.5,
    proposals: ProposalsOpt = None,
    overrides: OverridesOpt = None,
) -> None:
    """Check responses for CI: unreadable, new, changed against a baseline, low-confidence, wrong remiss."""
    failing_kinds = _fail_on(fail_on)
    remiss = _load(proposals)
    accepted = checking.load_baseline(baseline) if baseline is not None else None
    _check_output(output)
    matrix = _matrix(paths, remiss, overrides)
    findings = checking.check(matrix, accepted, min_confidence, failing_kinds)
    failing = sum(f.fails for f in findings)
    if fmt is CheckFormat.JSON:
        _write(json_text(checking.to_dict(findings), indent=2) + "\n", output)
    elif fmt is CheckFormat.GITHUB:
        _write(checking.github_commands(findings), output)
        summary_file = os.environ.get("GITHUB_STEP_SUMMARY")
        if summary_file:
            with open(summary_file, "a", encoding="utf-8") as fh:
                fh.write(checking.markdown_matrix(matrix))
    elif fmt is CheckFormat.JUNIT:
        _write(checking.junit_xml(matrix, findings), output)
    else:
        _write(checking.findings_text(findings), output)
    _err().print(
        f"remisskoll check: {len(matrix.responses)} file(s), {len(findings)} finding(s), {failing} failing",
        markup=False,
    )
    raise typer.Exit(_exit_code(matrix, failing > 0))


@app.command("proposals")
@_guarded
def list_proposals(proposals: ProposalsOpt = None) -> None:
    """Show the inquiry's proposals and their ids (the ids used in CSV and JSON)."""
    remiss = _load(proposals)
    table = Table(title=remiss.title, title_justify="left")
    table.add_column("#", no_wrap=True, justify="right")  # the column number narrow tables show
    table.add_column("id", no_wrap=True)
    table.add_column("label", no_wrap=True)
    # Wrapped, never cut: a title is data (piped, the width is 80 and a long word used to end in "…").
    # The area goes under the title: as a fourth column it left the title a few letters at 80 columns.
    table.add_column("proposal (area)", overflow="fold")
    for i, p in enumerate(remiss.proposals, start=1):
        table.add_row(str(i), p.id, p.label, Text.assemble(p.title, "\n", (f"({p.area})", "dim")))
    _stdout().print(table)


cache_app = typer.Typer(
    help="The cache of read and analysed files ($REMISSKOLL_CACHE_DIR, else $XDG_CACHE_HOME/remisskoll, "
    "else the user's cache directory).",
    no_args_is_help=True,
)
app.add_typer(cache_app, name="cache")


@cache_app.command("info")
@_guarded
def cache_info() -> None:
    """Where the cache is, how many entries, how much space."""
    store = Cache.default()
    entries, size = store.info()
    _write(f"{store.directory}: {entries} entries, {size / 1e6:.1f} MB\n", None)


@cache_app.command("clear")
@_guarded
def cache_clear() -> None:
    """Remove every cached extraction (they are rebuilt when needed)."""
    store = Cache.default()
    _write(f"{store.directory}: removed {store.clear()} entries\n", None)


overrides_app = typer.Typer(help="Overrides files: analysts' reviewed cells.", no_args_is_help=True)
app.add_typer(overrides_app, name="overrides")


def _iso_date(value: str) -> str:
    # The form an overrides file requires, so that the file written loads.
    if not is_iso_date(value):
        raise typer.BadParameter(f"{value!r} is not a date — write it as YYYY-MM-DD, e.g. 2026-11-20")
    return value


@overrides_app.command("from-xlsx")
@_guarded
def overrides_from_xlsx(
    workbook_path: Annotated[
        Path, typer.Argument(help="A workbook from `compare --format xlsx` with 'Granskad ställning' filled.")
    ],
    reviewer: Annotated[
        str, typer.Option("--reviewer", help="Who reviewed the cells (written to each entry).")
    ],
    date: Annotated[
        str,
        typer.Option(
            "--date", help="Date of the review, YYYY-MM-DD (an audit trail: never filled in for you)."
        ),
    ],
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Write to FILE instead of stdout.", dir_okay=False)
    ] = None,
) -> None:
    """Turn the filled 'Granskad ställning' cells of a workbook into an overrides file for --overrides."""
    from . import workbook

    if not reviewer.strip():
        raise typer.BadParameter("give the reviewer's name", param_hint="--reviewer")
    when = _iso_date(date)
    if output is not None and str(output) != "-" and output.exists() and output.is_file():
        # An audit trail is never overwritten: an earlier round's file stays as it was.
        raise UsageError(
            f"{output} exists — write this round to a new file and copy its entries into the overrides "
            "file you use (an existing file is never replaced)"
        )
    _check_output(output)
    reviews = workbook.read_reviews(workbook_path)
    if not reviews:
        raise UsageError(
            f"{workbook_path}: no 'Granskad ställning' is filled in on the Citat sheet — nothing written"
        )
    _write(workbook.overrides_yaml(reviews, reviewer, when, workbook_path.name), output)
    _err().print(
        shown(f"remisskoll: {len(reviews)} reviewed cell(s) from {workbook_path}"),
        markup=False,
        highlight=False,
        soft_wrap=True,
    )


def main() -> None:
    """Entry point of the `remisskoll` command."""
    app()
