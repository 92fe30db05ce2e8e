"""Loaders: jobindsats downloads, DST StatBank CSV, parquet, and the live jobindsats API.

Each loader returns a validated canonical frame (:mod:`jobstats.frame`) or
raises a :class:`~jobstats.errors.JobstatsError` naming the file, line, column
and value. The formats and detection rules are described in ``docs/formats.md``.
"""

from __future__ import annotations

from jobstats.load.api import JobindsatsClient
from jobstats.load.jobindsats import read_jobindsats
from jobstats.load.parquet import read_parquet, write_parquet
from jobstats.load.statbank import read_statbank

__all__ = ["JobindsatsClient", "read_jobindsats", "read_parquet", "read_statbank",
           "write_parquet"]
