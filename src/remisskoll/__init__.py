"""remisskoll: a stance matrix from Swedish consultation responses (remissvar), with quotes and pages.

>>> import remisskoll
>>> matrix = remisskoll.compare(["samples/"])            # doctest: +SKIP
>>> matrix.responses[0].cell("avtal").stance              # doctest: +SKIP
<Stance.POSITIVE: 'positive'>

The names below are imported on first use, so that `remisskoll` (the command) can start its worker
processes' fork server before it imports the pipeline itself: the two then load at the same time.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

if TYPE_CHECKING:
    from .model import Basis, Cell, Evidence, Matrix, Proposal, Remiss, Response, Stance, Status
    from .pipeline import InputError, analyse, collect_pdfs, compare, read_response
    from .proposals import ProposalsError, load_proposals, parse_proposals

__all__ = [
    "Basis",
    "Cell",
    "Evidence",
    "InputError",
    "Matrix",
    "Proposal",
    "ProposalsError",
    "Remiss",
    "Response",
    "Stance",
    "Status",
    "__version__",
    "analyse",
    "collect_pdfs",
    "compare",
    "load_proposals",
    "parse_proposals",
    "read_response",
]

# Where each name lives (the imports above, for type checkers, say the same).
_WHERE = {
    **dict.fromkeys(
        ("Basis", "Cell", "Evidence", "Matrix", "Proposal", "Remiss", "Response", "Stance", "Status"), "model"
    ),
    **dict.fromkeys(("InputError", "analyse", "collect_pdfs", "compare", "read_response"), "pipeline"),
    **dict.fromkeys(("ProposalsError", "load_proposals", "parse_proposals"), "proposals"),
}


def __getattr__(name: str) -> Any:
    if name not in _WHERE:
        raise AttributeError(f"module 'remisskoll' has no attribute {name!r}")
    value = getattr(importlib.import_module(f".{_WHERE[name]}", __name__), name)
    globals()[name] = value  # once: later lookups don't come here
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *_WHERE})
