"""``jobstats verify-document PAPER``: check every number of a committee paper.

Exit codes: 0 nothing inconsistent, 1 an inconsistent claim, 2 bad input (an
unreadable or damaged paper, an unknown option value).
"""

from __future__ import annotations

import argparse
import os
import sys

from jobstats.verify.document import check_document
from jobstats.verify.number import ROUNDING_MODES

__all__ = ["register", "run"]


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the ``verify-document`` subcommand."""
    parser = subparsers.add_parser(
        "verify-document", help="check every number of a committee paper against the others",
        description="Find the tables and the Danish prose claims of a paper (.txt/.md, "
                    ".docx or a text-based .pdf) and check them against each other, with "
                    "the rounding of the printed numbers. Exit 1 when a claim is "
                    "inconsistent, 2 for bad input.")
    parser.add_argument("paper", help="the paper (.txt, .md, .docx or .pdf)")
    parser.add_argument("--json", action="store_true",
                        help='print {"checked": N, "findings": [...]} as JSON')
    parser.add_argument("--problems", action="store_true",
                        help="list only inconsistent and not checkable claims")
    parser.add_argument("--rounding", choices=ROUNDING_MODES, default="half_away",
                        help="how the paper rounded (default half_away; unknown accepts "
                             "any of them)")
    parser.add_argument("--data", default=None, metavar="PATH",
                        help="also check the tables against data: 'demo', a parquet file, a "
                             "jobindsats or DST file (earlier vintages are reported as "
                             "'revised')")
    parser.add_argument("--area", default=None,
                        help="the paper's municipality (needed with --data)")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Run ``jobstats verify-document``; returns the exit code."""
    data = None
    if args.data is not None:
        from jobstats.report.cli import load_data

        data = load_data(args.data)
    report = check_document(args.paper, rounding=args.rounding, data=data, area=args.area)
    text = report.to_json() if args.json else report.format(all_findings=not args.problems)
    try:
        print(text, flush=True)
    except BrokenPipeError:  # the reader stopped early (`| head`): not an error
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    return 0 if report.ok else 1
