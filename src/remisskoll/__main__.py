"""The `remisskoll` command (and `python -m remisskoll`)."""

from __future__ import annotations


def main() -> None:
    """Entry point of the `remisskoll` command."""
    from .cli import main as cli_main

    cli_main()


if __name__ == "__main__":
    main()
