"""The main job: a municipality's quarterly appendix, its figures and their verification.

>>> from jobstats.report import ReportOptions
>>> ReportOptions(area="Gentofte", year=2018).compare
'Østdanmark'

``jobstats report --area Gentofte --year 2018 --out out/`` does the same from the
command line (see :mod:`jobstats.report.cli`).
"""

from __future__ import annotations

from jobstats.report.batch import BatchResult, BatchSummary, report_all
from jobstats.report.build import (
    OutputError,
    Report,
    ReportOptions,
    build_report,
    write_report,
)
from jobstats.report.verification import Check, VerificationSummary, verify_appendix

__all__ = [
    "BatchResult",
    "BatchSummary",
    "Check",
    "OutputError",
    "Report",
    "ReportOptions",
    "VerificationSummary",
    "build_report",
    "report_all",
    "verify_appendix",
    "write_report",
]
