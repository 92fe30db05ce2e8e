"""The ``jobstats`` command line.

Subcommands are registered by the module that owns them (each exposes
``register(subparsers)``), so this file only wires them together.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from importlib import import_module

from jobstats.errors import JobstatsError, ValidationError

__all__ = ["main"]

# modules that define a subcommand with register(subparsers) -> None
_SUBCOMMAND_MODULES: tuple[str, ...] = ("jobstats.report.cli", "jobstats.verify.cli",
                                         "jobstats.load.catalogue")


def build_parser() -> argparse.ArgumentParser:
    """The argument parser with every subcommand."""
    parser = argparse.ArgumentParser(
        prog="jobstats",
        description="Danish municipal labour-market key figures: reports and checks.",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for name in _SUBCOMMAND_MODULES:
        import_module(name).register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the CLI; returns the exit code (0 ok, 1 findings/failure, 2 usage error)."""
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        code: int = args.run(args)
    except ValidationError as exc:
        for problem in exc.problems:
            print(f"jobstats {args.command}: error: {problem}", file=sys.stderr)
        return 2
    except JobstatsError as exc:
        print(f"jobstats {args.command}: error: {exc}", file=sys.stderr)
        return 2
    return code


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
