"""Shared test fixtures.

Real-data tests read the files in ``../shared/data`` (beside the repository; or
where ``JOBSTATS_SHARED_DATA`` points). On a user's clone they are absent and the
tests skip with the reason; with ``JOBSTATS_REQUIRE_SHARED=1`` (set by ``.ci/run``)
a missing file is a failure.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]


def shared_data_dir() -> Path:
    """Where the real data files are expected."""
    env = os.environ.get("JOBSTATS_SHARED_DATA")
    return Path(env) if env else REPO.parent / "shared" / "data"


def real_file(name: str) -> Path:
    """Path of a real data file, or skip (fail under JOBSTATS_REQUIRE_SHARED=1)."""
    path = shared_data_dir() / name
    if not path.is_file():
        reason = f"real data file {path} is not present (it lives outside the repository)"
        if os.environ.get("JOBSTATS_REQUIRE_SHARED") == "1":
            pytest.fail(reason + "; JOBSTATS_REQUIRE_SHARED=1 makes it mandatory")
        pytest.skip(reason)
    return path


@pytest.fixture
def shared() -> Path:
    """The directory of the real data files (skips/fails like :func:`real_file`)."""
    path = shared_data_dir()
    if not path.is_dir():
        real_file("README.md")
    return path
