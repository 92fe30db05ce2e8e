"""jobstats: Danish municipal labour-market key figures.

Load jobindsats/DST series into one canonical frame, compute the key figures of
the quarterly report, render the appendix (nøgletalsbilag) and its figures, and
check published percentages with their rounding.

The public API is the verb functions listed in ``__all__``. They are imported on
first use, so ``import jobstats`` stays light (no matplotlib until you draw).
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

from jobstats.errors import (
    ApiError,
    AuthenticationError,
    FormatError,
    JobstatsError,
    NotFoundError,
    Problem,
    RateLimitError,
    UnknownNameError,
    ValidationError,
)
from jobstats.frame import make_frame, validate

__version__ = "0.1.0"

# name -> module that defines it; each section belongs to one module of the data flow.
_LAZY: dict[str, str] = {
    # load
    "read_jobindsats": "jobstats.load.jobindsats",
    "read_statbank": "jobstats.load.statbank",
    "read_parquet": "jobstats.load.parquet",
    "write_parquet": "jobstats.load.parquet",
    "JobindsatsClient": "jobstats.load.api",
    # demo
    "demo": "jobstats.demo",
}

if TYPE_CHECKING:
    from jobstats.demo import demo
    from jobstats.load.api import JobindsatsClient
    from jobstats.load.jobindsats import read_jobindsats
    from jobstats.load.parquet import read_parquet, write_parquet
    from jobstats.load.statbank import read_statbank

__all__ = [
    "ApiError",
    "AuthenticationError",
    "FormatError",
    "JobindsatsClient",
    "JobstatsError",
    "NotFoundError",
    "Problem",
    "RateLimitError",
    "UnknownNameError",
    "ValidationError",
    "__version__",
    "demo",
    "make_frame",
    "read_jobindsats",
    "read_parquet",
    "read_statbank",
    "validate",
    "write_parquet",
]


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'jobstats' has no attribute {name!r}")
    value = getattr(import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
