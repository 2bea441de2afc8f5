"""Text from outside (file names above all, also names read from a letterhead) made safe to show.

A file name is chosen by whoever sent the attachment: it may hold escape sequences that clear a
terminal, a BEL, bidi overrides that reverse what follows, or bytes that are not UTF-8 (a Latin-1 name
from a Windows ZIP arrives as lone surrogates). Every human output shows such text through `shown`;
JSON keeps it exact, escaped as JSON escapes (`json_text`).
"""

from __future__ import annotations

import json
import re
from typing import Any

# C0 controls, DEL and C1 controls; the bidi embeddings, overrides, isolates and marks; the line and
# paragraph separators; lone surrogates (undecodable bytes of a file name, from os.fsdecode).
_UNSAFE = re.compile(
    "[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]"
)


def _escape(ch: str) -> str:
    code = ord(ch)
    if 0xDC80 <= code <= 0xDCFF:  # a byte that was not UTF-8, kept by surrogateescape: show the byte
        return f"\\x{code - 0xDC00:02x}"
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def shown(text: str) -> str:
    """`text` with every control, bidi or undecodable character written as a visible escape (`\\x1b`,
    `\\u202e`, `\\xf6` for a Latin-1 ö): one line that shows what is there and changes nothing else."""
    return _UNSAFE.sub(lambda m: _escape(m.group()), text)


def shown_lines(text: str) -> str:
    """Like `shown`, but line breaks stay (for messages of several lines)."""
    return "\n".join(shown(line) for line in text.split("\n"))


# What Markdown (and GitHub's job summary) would read as markup or as a table's column separator.
_MARKDOWN = re.compile(r"([\\`*_\[\]<>|#])")


def markdown(text: str) -> str:
    """`shown(text)` with Markdown's special characters escaped: a name or a quote from a PDF cannot
    become a link, emphasis or HTML, nor shift a table row's cells with a "|"."""
    return _MARKDOWN.sub(r"\\\1", shown(text))


_SURROGATE = re.compile("[\ud800-\udfff]")


def json_text(data: Any, **kwargs: Any) -> str:
    """json.dumps with ensure_ascii=False, except that lone surrogates (a file name that is not UTF-8)
    are written as JSON escapes: the text stays valid UTF-8 and loads back to the same string."""
    text = json.dumps(data, ensure_ascii=False, **kwargs)
    return _SURROGATE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)
