"""The public API: every exported name resolves, and importing jobstats stays light."""

from __future__ import annotations

import subprocess
import sys

import pytest

import jobstats


def test_every_exported_name_resolves() -> None:
    missing = [n for n in jobstats.__all__ if getattr(jobstats, n, None) is None]
    assert missing == []
    assert len(jobstats.__all__) == len(set(jobstats.__all__))


def test_lazy_names_are_all_exported() -> None:
    assert set(jobstats._LAZY) <= set(jobstats.__all__)


def test_unknown_attribute_is_an_attribute_error() -> None:
    with pytest.raises(AttributeError, match="annual_averages"):
        _ = jobstats.annual_averages


def test_import_does_not_load_plotting_excel_or_pdf_libraries() -> None:
    code = ("import sys, jobstats\n"
            "heavy = [m for m in ('matplotlib', 'openpyxl', 'reportlab', 'babel.numbers') "
            "if m in sys.modules]\n"
            "print(','.join(heavy))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True)
    assert out.stdout.strip() == ""
