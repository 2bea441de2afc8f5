"""remisskoll: a stance matrix from Swedish consultation responses (remissvar), with quotes and pages.

>>> import remisskoll
>>> matrix = remisskoll.compare(["samples/"])            # doctest: +SKIP
>>> matrix.responses[0].cell("avtal").stance              # doctest: +SKIP
<Stance.POSITIVE: 'positive'>

The names below are imported on first use: `import remisskoll` costs nothing until one is used.
Layers (each a package or module under src/remisskoll/):
    reading/   PDF → Document (the only code that opens an untrusted file; runs in worker processes)
    analysis/  Document → Response (pure rules: segment, match, classify, respondent, duplicates)
    runtime/   worker processes with limits, the cache, the JSON codec (knows no stage)
    pipeline   the one orchestrator: files → cache → workers → Matrix
    cli        the command line over the same functions
"""

from __future__ import annotations

import importlib
from importlib.metadata import PackageNotFoundError, version
from typing import TYPE_CHECKING, Any

try:
    __version__ = version("remisskoll")  # the one place it is written is pyproject.toml
except PackageNotFoundError:  # pragma: no cover - a source tree on sys.path, not installed
    __version__ = "0+unknown"

if TYPE_CHECKING:
    from .analysis import Analysis
    from .errors import (
        ConfigError,
        ExitCode,
        Failure,
        InputError,
        OptionsError,
        ReadError,
        RemisskollError,
        UsageError,
    )
    from .model import (
        Basis,
        Cell,
        Engine,
        Evidence,
        Matrix,
        OcrMode,
        Proposal,
        ReadOptions,
        Remiss,
        Response,
        Stance,
        Status,
    )
    from .pipeline import analyse, collect_pdfs, compare, read_document, read_response
    from .proposals import ProposalsError, load_proposals, parse_proposals
    from .runtime.cache import Cache

__all__ = [
    "Analysis",
    "Basis",
    "Cache",
    "Cell",
    "ConfigError",
    "Engine",
    "Evidence",
    "ExitCode",
    "Failure",
    "InputError",
    "Matrix",
    "OcrMode",
    "OptionsError",
    "Proposal",
    "ProposalsError",
    "ReadError",
    "ReadOptions",
    "Remiss",
    "RemisskollError",
    "Response",
    "Stance",
    "Status",
    "UsageError",
    "__version__",
    "analyse",
    "collect_pdfs",
    "compare",
    "load_proposals",
    "parse_proposals",
    "read_document",
    "read_response",
]

# Where each name lives (the imports above, for type checkers, say the same).
_WHERE = {
    "Analysis": "analysis",
    **dict.fromkeys(
        (
            "ConfigError",
            "ExitCode",
            "Failure",
            "InputError",
            "OptionsError",
            "ReadError",
            "RemisskollError",
            "UsageError",
        ),
        "errors",
    ),
    **dict.fromkeys(
        (
            "Basis",
            "Cell",
            "Engine",
            "Evidence",
            "Matrix",
            "OcrMode",
            "Proposal",
            "ReadOptions",
            "Remiss",
            "Response",
            "Stance",
            "Status",
        ),
        "model",
    ),
    **dict.fromkeys(("analyse", "collect_pdfs", "compare", "read_document", "read_response"), "pipeline"),
    **dict.fromkeys(("ProposalsError", "load_proposals", "parse_proposals"), "proposals"),
    "Cache": "runtime.cache",
}
# Names of 0.1.0 kept for one release: `Options` is now ReadOptions.
_RENAMED = {"Options": ("model", "ReadOptions")}


def __getattr__(name: str) -> Any:
    if name in _RENAMED:
        module, new = _RENAMED[name]
        return getattr(importlib.import_module(f".{module}", __name__), new)
    if name not in _WHERE:
        raise AttributeError(f"module 'remisskoll' has no attribute {name!r}")
    value = getattr(importlib.import_module(f".{_WHERE[name]}", __name__), name)
    globals()[name] = value  # once: later lookups don't come here
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *_WHERE})
