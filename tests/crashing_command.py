"""A subcommand that fails like a bug would (``tests/test_reliability.py``: exit code 3)."""

from __future__ import annotations

import argparse


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser("crash", help="divide by zero")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    return int(1 / len(str(args.command)[:0]))
