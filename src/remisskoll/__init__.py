"""remisskoll: a stance matrix from Swedish consultation responses (remissvar), with quotes and pages.

>>> import remisskoll
>>> matrix = remisskoll.compare(["samples/"])            # doctest: +SKIP
>>> matrix.responses[0].cell("avtal").stance              # doctest: +SKIP
<Stance.POSITIVE: 'positive'>
"""

from __future__ import annotations

__version__ = "0.1.0"

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
