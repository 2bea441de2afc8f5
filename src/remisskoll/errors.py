"""One error model: exit codes, the errors that carry them, and why a file could not be read.

Every error remisskoll raises on purpose is a RemisskollError with the exit code the command ends with;
anything else that escapes is a bug (ExitCode.INTERNAL). A file that cannot be read is not an
exception to the run: it becomes a row whose Failure says what happened and what to do about it.
"""

from __future__ import annotations

from enum import Enum, IntEnum, StrEnum


class ExitCode(IntEnum):
    """The command's exit codes, part of its interface."""

    OK = 0  # every file was read (and every check passed)
    FINDINGS = 1  # a file could not be read, or a check failed; the output is complete otherwise
    USAGE = 2  # a usage or configuration error: nothing was analysed
    INTERNAL = 70  # a bug in remisskoll (sysexits' EX_SOFTWARE): please report it
    INTERRUPTED = 130  # stopped with Ctrl-C (128 + SIGINT, as shells report it)
    TERMINATED = 143  # stopped by SIGTERM (128 + SIGTERM): a CI cancel, `timeout`, systemd


class Status(StrEnum):
    """What happened to a file: read, unreadable (no usable text), or an error (not a PDF, damaged)."""

    OK = "ok"
    UNREADABLE = "unreadable"
    ERROR = "error"


class RemisskollError(Exception):
    """An error remisskoll reports on purpose: a one-line message that names the file and the fix."""

    exit_code: ExitCode = ExitCode.USAGE

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message


class UsageError(RemisskollError):
    """Something the user gave cannot be used at all: the run stops before analysing (exit 2)."""


class InputError(UsageError):
    """Paths that cannot be used (missing, a directory without PDFs)."""


class OptionsError(UsageError, ValueError):
    """A reading option with a value remisskoll does not know (ReadOptions(engine="pdfminer"))."""


class ConfigError(UsageError):
    """A user's file that cannot be used; each line of the message names file, line and field."""

    @staticmethod
    def located(source: str, line: int | None, field: str, message: str) -> str:
        """One problem as "file:line: field: message"."""
        where = f"{source}:{line}" if line else source
        return f"{where}: {field}: {message}" if field else f"{where}: {message}"


class OutputError(UsageError):
    """An output that cannot be written (a path for -o, a full disk)."""


# Word-processor files a response may come as; a directory's are listed as rows that say so.
WORD_SUFFIXES = (".docx", ".docm", ".doc", ".odt", ".rtf")


class Failure(Enum):
    """Why a file could not be read: its status, whether the outcome depends on this run (then it is
    not cached), and what a user can do about it."""

    NOT_A_PDF = (Status.ERROR, False, "convert it to PDF (or leave it out)")
    # A response sent as a word-processor file (.docx, .doc, .odt, .rtf): a row, so the body is not lost.
    WORD_FILE = (Status.ERROR, False, "open it in Word or LibreOffice and save it as PDF, then run again")
    CANNOT_OPEN = (Status.ERROR, True, "check that the file exists and that you may read it")
    ENCRYPTED = (Status.UNREADABLE, False, "ask the sender for an unencrypted copy")
    DAMAGED = (Status.ERROR, False, "download it again or ask the sender for a new copy")
    NO_TEXT = (Status.UNREADABLE, False, "check that this is the right file; it has no text to read")
    NO_TEXT_LAYER = (
        Status.UNREADABLE,
        False,
        "run OCR on it (e.g. ocrmypdf -l swe) or ask the sender for a text PDF",
    )
    # Text whose fonts have no Unicode map, and text drawn as outlines: it is there, but only OCR reads it.
    UNDECODABLE = (
        Status.UNREADABLE,
        False,
        "try --ocr always (Tesseract reads what the fonts do not say), or ask the sender for a text PDF",
    )
    OUTLINES = (
        Status.UNREADABLE,
        False,
        "try --ocr always (Tesseract reads drawn text), or ask the sender for a text PDF",
    )
    OCR_UNAVAILABLE = (
        Status.UNREADABLE,
        True,
        "install Tesseract with its Swedish data, then run again (or ask the sender for a text PDF)",
    )
    OCR_FAILED = (
        Status.UNREADABLE,
        True,
        "check that Tesseract runs (tesseract --version), or OCR the file yourself (ocrmypdf -l swe)",
    )
    NOT_A_FILE = (Status.ERROR, True, "give the PDF file itself")
    CHANGED = (Status.ERROR, True, "run again once the file has stopped changing (a sync or download)")
    # Members with equal values would be one member (Enum aliases): the last item tells these apart.
    TIMEOUT = (Status.ERROR, True, "check the file", "timeout")
    MEMORY = (Status.ERROR, True, "check the file", "memory")
    CRASHED = (Status.ERROR, True, "check the file", "crashed")
    # A bug in remisskoll while analysing a file that was read: the run ends with ExitCode.INTERNAL.
    INTERNAL = (Status.ERROR, True, "please report this as a bug in remisskoll, with the file if you may")

    def __init__(self, status: Status, transient: bool, hint: str, *_distinct: str) -> None:
        self.status = status
        self.transient = transient  # limits, crashes and a missing OCR engine depend on this run
        self.hint = hint


class Terminated(KeyboardInterrupt):
    """SIGTERM, raised where Ctrl-C would raise KeyboardInterrupt, so that both end a run the same way
    (workers stopped, one line said); only its exit code differs."""

    exit_code = ExitCode.TERMINATED


class ReadError(RemisskollError):
    """A file could not be read; `failure` says why and what to do, `reason` says it in words."""

    exit_code = ExitCode.FINDINGS

    def __init__(self, failure: Failure, reason: str) -> None:
        super().__init__(reason)
        self.failure = failure
        self.reason = reason

    @property
    def status(self) -> Status:
        return self.failure.status

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, ReadError):
            return NotImplemented
        return (self.failure, self.reason) == (other.failure, other.reason)

    def __hash__(self) -> int:
        return hash((self.failure, self.reason))

    def __repr__(self) -> str:
        return f"ReadError({self.failure.name}, {self.reason!r})"
