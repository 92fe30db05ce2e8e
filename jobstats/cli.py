"""The ``jobstats`` command line.

Subcommands are registered by the module that owns them (each exposes
``register(subparsers)``), so this file only wires them together.

Exit codes (the same for every subcommand; see ``docs/reliability.md``):

=====  ===================================================================
0      done, nothing found
1      done, but findings: an inconsistent printed number, a failed kommune
2      bad input or usage (unknown area, damaged file, wrong option...)
3      internal error: a bug in jobstats (short message, no traceback)
130    interrupted (Ctrl-C, SIGINT); 143 for SIGTERM
=====  ===================================================================
"""

from __future__ import annotations

import argparse
import os
import sys
import traceback
from collections.abc import Sequence
from importlib import import_module

from jobstats.errors import JobstatsError, ValidationError
from jobstats.interrupts import Terminated, stop_signals_raise

__all__ = [
    "EXIT_BAD_INPUT",
    "EXIT_FINDINGS",
    "EXIT_INTERNAL",
    "EXIT_INTERRUPTED",
    "EXIT_OK",
    "Terminated",
    "main",
]

EXIT_OK = 0
EXIT_FINDINGS = 1
EXIT_BAD_INPUT = 2
EXIT_INTERNAL = 3
EXIT_INTERRUPTED = 130

MAX_PRINTED_PROBLEMS = 20
"""At most this many problems of one error are printed (then their count)."""

# modules that define a subcommand with register(subparsers) -> None
_SUBCOMMAND_MODULES: tuple[str, ...] = ("jobstats.report.cli", "jobstats.verify.cli",
                                         "jobstats.verify.document_cli",
                                         "jobstats.load.catalogue")


def build_parser() -> argparse.ArgumentParser:
    """The argument parser with every subcommand."""
    parser = argparse.ArgumentParser(
        prog="jobstats",
        description="Danish municipal labour-market key figures: reports and checks.",
        epilog="exit codes: 0 ok, 1 findings, 2 bad input, 3 internal error, "
               "130 interrupted",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for name in _SUBCOMMAND_MODULES:
        import_module(name).register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the CLI; returns the exit code (0 ok, 1 findings, 2 bad input, 3 internal
    error, 130 interrupted)."""
    try:
        parser = build_parser()
    except KeyboardInterrupt:
        print("jobstats: interrupted", file=sys.stderr)
        return EXIT_INTERRUPTED
    args = parser.parse_args(argv)
    prog = f"jobstats {args.command}"
    try:
        with stop_signals_raise():
            code: int = args.run(args)
    except ValidationError as exc:
        for problem in exc.problems[:MAX_PRINTED_PROBLEMS]:
            print(f"{prog}: error: {problem}", file=sys.stderr)
        more = len(exc.problems) - MAX_PRINTED_PROBLEMS
        if more > 0:
            print(f"{prog}: ... and {more} more problems", file=sys.stderr)
        return EXIT_BAD_INPUT
    except JobstatsError as exc:
        print(f"{prog}: error: {_one_line(str(exc))}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except KeyboardInterrupt as exc:
        what = "terminated (SIGTERM)" if isinstance(exc, Terminated) else "interrupted"
        print(f"{prog}: {what}; nothing half-written was left behind", file=sys.stderr)
        return 128 + exc.signum if isinstance(exc, Terminated) else EXIT_INTERRUPTED
    except MemoryError:
        print(f"{prog}: error: out of memory; try a smaller input or fewer --jobs",
              file=sys.stderr)
        return EXIT_INTERNAL
    except Exception as exc:  # a bug: a short message and a hint, never a traceback
        where = traceback.extract_tb(exc.__traceback__)[-1:]
        place = f" at {os.path.basename(where[0].filename)}:{where[0].lineno}" if where else ""
        print(f"{prog}: internal error: {type(exc).__name__}: {_one_line(str(exc))}{place}\n"
              f"{prog}: this is a bug in jobstats, not a problem with your input; please "
              "report it with the command line (set JOBSTATS_TRACEBACK=1 to see the "
              "traceback)", file=sys.stderr)
        if os.environ.get("JOBSTATS_TRACEBACK") == "1":
            traceback.print_exc()
        return EXIT_INTERNAL
    return code


def _one_line(text: str, limit: int = 300) -> str:
    line = " ".join(text.split())
    return line if len(line) <= limit else line[: limit - 1] + "…"


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
