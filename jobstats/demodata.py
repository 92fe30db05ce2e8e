"""The synthetic demo data: :func:`demo`.

Invented (synthetic) monthly series, 2015-01 … 2025-12, for the 98 kommuner and
every aggregate (Hele landet, regions, landsdele, Østdanmark), in the canonical
long frame of :mod:`jobstats.frame`. Made by ``data/make_demo.py``; Gentofte
2016–2018 reproduces the published Målgruppeoversigt of February 2019 within its
rounding (see ``docs/demo-data.md``). **Not real figures.**
"""

from __future__ import annotations

from functools import lru_cache
from importlib import resources
from pathlib import Path

import pandas as pd

from jobstats.errors import JobstatsError

__all__ = ["DEMO_SOURCE", "DemoDataMissingError", "demo", "demo_path"]

DEMO_SOURCE = "Syntetiske demodata (jobstats) — ikke rigtige tal"
"""The ``attrs["source"]`` of :func:`demo` frames, printed in source lines."""

_REPO_FILE = Path(__file__).resolve().parents[1] / "data" / "demo.parquet"


class DemoDataMissingError(JobstatsError, FileNotFoundError):
    """The demo parquet file is neither in the repository nor in the package."""


def demo_path() -> Path:
    """Where the demo file is: ``<repo>/data/demo.parquet`` in a source checkout or
    editable install, else the package resource ``jobstats/_demo/demo.parquet``.

    >>> demo_path().name
    'demo.parquet'
    """
    if _REPO_FILE.is_file():
        return _REPO_FILE
    resource = resources.files("jobstats").joinpath("_demo").joinpath("demo.parquet")
    path = Path(str(resource))
    if path.is_file():
        return path
    raise DemoDataMissingError(
        f"the demo data file is missing: looked for {_REPO_FILE} and {path}; "
        "regenerate it with `python data/make_demo.py` in the repository"
    )


@lru_cache(maxsize=1)
def _read() -> pd.DataFrame:
    return pd.read_parquet(demo_path())


def demo() -> pd.DataFrame:
    """The synthetic demo data as a canonical long frame (a new copy on every call).

    Measures: ``full_time_persons`` (every target group of the Målgruppeoversigt,
    ``i_alt`` included), ``activated_full_time_persons`` (extra column
    ``offer_type``), ``long_term_unemployed``, ``persons`` /
    ``unsubsidised_employment`` / ``pct_unsubsidised_employment`` (target group
    ``flygtninge``), ``ordinary_hours_persons`` (``kontanthjaelp.aktivitetsparate``)
    and ``population_16_66`` (``befolkning``). Rows without an offer type have
    ``offer_type`` NaN. ``attrs["source"]`` says the numbers are synthetic.

    >>> d = demo()
    >>> d.attrs["source"]
    'Syntetiske demodata (jobstats) — ikke rigtige tal'
    >>> str(d.period.dtype), str(d.period.min()), str(d.period.max())
    ('period[M]', '2015-01', '2025-12')
    >>> g = d[(d.area == "Gentofte") & (d.target_group == "foertidspension")
    ...       & (d.measure == "full_time_persons") & (d.period.dt.year == 2016)]
    >>> round(g.value.mean())  # published: 1.126
    1126
    """
    frame = _read().copy()
    frame.attrs = {"source": DEMO_SOURCE, "synthetic": True}
    return frame

