"""``jobstats verify TABLE --spec SPEC``: check a published table, exit 1 on a finding.

Prints the summary line, the table of inconsistent cells (``--all``: every
check) and any column that repeats another. Exit codes: 0 consistent (blinded
cells only make checks "not checkable"), 1 an inconsistent cell or a copied
column, 2 a usage or input error (an unreadable or damaged table — a stray quote,
a cut row, a number too large to be published — or a spec of the wrong types).
A last line without a line ending is printed as a warning.
"""

from __future__ import annotations

import argparse
import json

from jobstats.verify.spec import load_spec
from jobstats.verify.table import read_published_table, verify_table

__all__ = ["register", "run"]


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the ``verify`` subcommand."""
    parser = subparsers.add_parser(
        "verify", help="check the relations of a published table, with rounding",
        description="Check every relation a spec declares on a published table (TSV, CSV "
                    "or XLSX in Danish number format), with the rounding of the printed "
                    "numbers. Exit 1 when a cell is inconsistent or a column copies another.")
    parser.add_argument("table", help="the published table (.tsv, .csv or .xlsx)")
    parser.add_argument("--spec", required=True, help="the relations (.toml or .json)")
    parser.add_argument("--sheet", default=None, help="XLSX sheet (default: the first)")
    parser.add_argument("--all", action="store_true", dest="all_checks",
                        help="list every check, not only the findings")
    parser.add_argument("--format", choices=("text", "tsv", "json"), default="text",
                        help="output format (default: text)")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Run ``jobstats verify``; returns the exit code."""
    spec = load_spec(args.spec)
    table = read_published_table(args.table, spec=spec, sheet=args.sheet)
    report = verify_table(table, spec)
    if args.format == "text":
        print(report.format(all_checks=args.all_checks))
    else:
        frame = report.to_frame()
        if not args.all_checks:
            frame = frame[frame["verdict"] == "inconsistent"]
        if args.format == "tsv":
            print(frame.to_csv(sep="\t", index=False), end="")
            for c in report.copied:
                print(f"# {c}")
            for w in report.warnings:
                print(f"# warning: {w}")
        else:
            print(json.dumps({
                "summary": report.summary(),
                "checks": frame.to_dict(orient="records"),
                "copied_columns": [{"column": c.column, "copy_of": c.copy_of, "rows": c.rows}
                                   for c in report.copied],
                "warnings": list(report.warnings),
            }, ensure_ascii=False, indent=2, default=str))
    return 0 if report.ok else 1
