"""The `remisskoll` command (and `python -m remisskoll`)."""

from __future__ import annotations

import contextlib
import sys

# Commands that read PDFs in worker processes.
_READING = {"compare", "check", "evaluate", "snapshot", "summary"}


def main() -> None:
    """Entry point of the `remisskoll` command."""
    args = sys.argv[1:]
    if args and args[0] in _READING and not {"--help", "-h"} & set(args):
        # Start the workers' fork server before importing the CLI: its imports (~0.3 s) then run beside
        # the CLI's own and its option parsing (~0.5 s), instead of after them. If every file turns
        # out to be cached, it was started for nothing; it ends with this process.
        from .workers import warm_up

        with contextlib.suppress(OSError):  # then the run starts it when needed and says what failed
            warm_up()
    from .cli import main as cli_main

    cli_main()


if __name__ == "__main__":
    main()
