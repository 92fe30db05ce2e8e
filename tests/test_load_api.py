"""JobindsatsClient against recorded responses (tests/fixtures/load/api); no network."""

from __future__ import annotations

import logging
import urllib.parse
from collections.abc import Mapping
from pathlib import Path

import pytest

import jobstats
from jobstats.errors import (
    ApiError,
    AuthenticationError,
    FormatError,
    NotFoundError,
    RateLimitError,
)
from jobstats.load.api import JobindsatsClient, Response

API = Path(__file__).parent / "fixtures" / "load" / "api"
TOKEN = "tok-3f9a-very-secret"


class Replay:
    """A transport that answers from fixture files and records the requests."""

    def __init__(self, routes: Mapping[str, tuple[int, str]],
                 headers: Mapping[str, str] | None = None) -> None:
        self.routes = routes
        self.headers = dict(headers or {})
        self.requests: list[tuple[str, dict[str, str], float]] = []

    def __call__(self, url: str, headers: Mapping[str, str], timeout: float) -> Response:
        self.requests.append((url, dict(headers), timeout))
        path = urllib.parse.urlsplit(url).path
        status, fixture = self.routes[path]
        return Response(status, (API / fixture).read_bytes(), self.headers)


def test_data_reads_the_recorded_v2_json() -> None:
    replay = Replay({"/v2/data/y01a02/json": (200, "data_y01a02_2021m01.json")})
    client = JobindsatsClient(TOKEN, transport=replay, timeout=12.5)
    f = client.data("Y01A02", period=["2021M01"], area=["Hele landet", "Hillerød", "Gentofte"])
    url, headers, timeout = replay.requests[0]
    query = urllib.parse.parse_qs(urllib.parse.urlsplit(url).query)
    assert query == {"period": ["2021M01"], "area": ["Hele landet,Hillerød,Gentofte"]}
    assert headers["Authorization"] == TOKEN
    assert TOKEN not in url
    assert timeout == 12.5
    assert set(f["target_group"].astype(str)) == {"forsikrede.dagpenge"}
    assert "gender" not in f.columns  # only "Køn i alt"
    by = {(a, m): (v, b) for a, m, v, b in zip(
        f["area"].astype(str), f["measure"].astype(str), f["value"], f["blinded"], strict=True)}
    assert by[("Hele landet", "persons")] == (144315, False)
    assert by[("Hillerød", "full_time_persons")] == (1032, False)
    assert by[("Gentofte", "full_time_persons")][1] is True


def test_table_info() -> None:
    replay = Replay({"/v2/tables/y01a02/json": (200, "tables_y01a02.json")})
    info = JobindsatsClient(TOKEN, transport=replay).table_info("Y01A02")
    assert info["Period"] == ["2020M12", "2021M01", "2021M02"]
    assert info["Dimensions"][0]["Label"] == "Køn"


def test_401_raises_authentication_error_saying_what_to_do(
        caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    replay = Replay({"/v2/data/y01a02/json": (401, "error_401.json")})
    client = JobindsatsClient(TOKEN, transport=replay)
    with pytest.raises(AuthenticationError) as info:
        client.data("Y01A02", period="2021M01")
    err = info.value
    assert err.status == 401
    text = str(err)
    assert "JOBINDSATS_TOKEN" in text and "Authorization has been denied" in text
    assert TOKEN not in text and TOKEN not in repr(err) and TOKEN not in str(err.url)
    assert TOKEN not in caplog.text


def test_403_is_an_authentication_error_too() -> None:
    replay = Replay({"/v2/tables/y01a02/json": (403, "error_401.json")})
    with pytest.raises(AuthenticationError):
        JobindsatsClient(TOKEN, transport=replay).table_info("Y01A02")


def test_404_raises_not_found() -> None:
    replay = Replay({"/v2/data/y99z99/json": (404, "error_404.json")})
    with pytest.raises(NotFoundError) as info:
        JobindsatsClient(TOKEN, transport=replay).data("Y99Z99", period="2021M01")
    assert info.value.status == 404
    assert "table_info" in str(info.value) and "y99z99" in str(info.value)


def test_429_raises_rate_limit_with_the_wait() -> None:
    replay = Replay({"/v2/data/y01a02/json": (429, "error_429.json")},
                    headers={"Retry-After": "30"})
    with pytest.raises(RateLimitError) as info:
        JobindsatsClient(TOKEN, transport=replay).data("Y01A02", period="2021M01")
    assert "wait 30 seconds" in str(info.value)


def test_500_is_an_api_error() -> None:
    replay = Replay({"/v2/data/y01a02/json": (500, "error_404.json")})
    with pytest.raises(ApiError) as info:
        JobindsatsClient(TOKEN, transport=replay).data("Y01A02", period="2021M01")
    assert type(info.value) is ApiError and info.value.status == 500


def test_html_body_with_200_is_a_format_error() -> None:
    def transport(url: str, headers: Mapping[str, str], timeout: float) -> Response:
        return Response(200, b"<html><head><title>Maintenance</title></head></html>")

    with pytest.raises(FormatError) as info:
        JobindsatsClient(TOKEN, transport=transport).data("Y01A02", period="2021M01")
    assert info.value.codes == {"html_page"}
    assert "data/y01a02/json" in str(info.value.problems[0].source)


def test_token_from_environment_and_hidden(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("JOBINDSATS_TOKEN", TOKEN)
    client = JobindsatsClient()
    assert TOKEN not in repr(client) and TOKEN not in str(client)
    assert TOKEN not in str(vars(client))  # not even in a plain attribute listing by name
    monkeypatch.delenv("JOBINDSATS_TOKEN")
    with pytest.raises(AuthenticationError, match="JOBINDSATS_TOKEN"):
        JobindsatsClient()


def test_public_name() -> None:
    assert jobstats.JobindsatsClient is JobindsatsClient
