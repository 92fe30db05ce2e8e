"""The API clients against a real HTTP server on 127.0.0.1 (tests/httpserver.py).

The server answers in the documented formats (v2 JSON, v3 JSON, the StatBank
CSV) from recorded files in tests/fixtures/load, and misbehaves the way real
servers and networks do: 401/403/404/429, garbage status lines, dropped
connections, stalls, truncated bodies and HTML error pages.
"""

from __future__ import annotations

import json
import logging
import socket
from pathlib import Path

import pytest

import jobstats
from jobstats.errors import (
    ApiError,
    AuthenticationError,
    JobstatsError,
    NotFoundError,
    RateLimitError,
)
from jobstats.load.api import JobindsatsClient, StatbankClient
from jobstats.load.statbank import read_statbank
from tests.httpserver import Reply, Route, Seen, serve

FIXTURES = Path(__file__).parent / "fixtures" / "load"
API = FIXTURES / "api"
TOKEN = "tok-3f9a-very-secret"


def fixed(status: int, name: str, headers: dict[str, str] | None = None) -> Route:
    body = (API / name).read_bytes() if (API / name).exists() else (FIXTURES / name).read_bytes()
    return lambda _seen: Reply(status, body, headers or {})


def test_v2_data_sends_the_token_as_authorization_and_reads_the_json() -> None:
    with serve({"/v2/data/y01a02/json": fixed(200, "data_y01a02_2021m01.json")}) as srv:
        client = JobindsatsClient(TOKEN, base_url=srv.url + "v2/", timeout=5)
        f = client.data("Y01A02", period=["2021M01"],
                        area=["Hele landet", "Hillerød", "Gentofte"])
    seen = srv.seen[0]
    assert seen.method == "GET"
    assert seen.query == {"period": ["2021M01"], "area": ["Hele landet,Hillerød,Gentofte"]}
    assert seen.headers["Authorization"] == TOKEN
    assert TOKEN not in seen.raw_path
    assert set(f["target_group"].astype(str)) == {"forsikrede.dagpenge"}
    by = {(a, m): (v, b) for a, m, v, b in zip(
        f["area"].astype(str), f["measure"].astype(str), f["value"], f["blinded"], strict=True)}
    assert by[("Hele landet", "persons")] == (144315, False)
    assert by[("Hillerød", "full_time_persons")] == (1032, False)
    assert by[("Gentofte", "full_time_persons")][1] is True  # "." stays blinded


def test_v3_data_sends_a_bearer_token_and_reads_columns_rows_with_bom() -> None:
    with serve({"/v3/data/Y30R21": fixed(200, "y30r21_v3.json")}) as srv:
        client = JobindsatsClient(TOKEN, version=3, base_url=srv.url + "v3/", timeout=5)
        f = client.data("y30r21", period="2021QMAT02", area="*")
    seen = srv.seen[0]
    assert seen.headers["Authorization"] == f"Bearer {TOKEN}"
    assert seen.query["format"] == ["json"] and seen.query["period"] == ["2021QMAT02"]
    ftp = f[f["measure"].astype(str) == "full_time_persons"]
    randers = ftp[(ftp["area"].astype(str) == "Randers")
                  & (ftp["target_group"].astype(str) == "bm.i_alt")]
    assert randers["value"].tolist() == [7550.0]
    share = f[(f["measure"].astype(str) == "actual_pct") & (f["area"].astype(str) == "Hele landet")]
    assert share["blinded"].tolist() == [True]


def test_table_info_and_catalogue_of_both_versions() -> None:
    v3_catalogue = [{"name": "Ydelser", "tableGroups": [
        {"name": "A-dagpenge", "tables": [{"id": "Y01A02", "name": "Antal personer"}]},
        {"name": "Kontanthjælp", "tables": [{"id": "Y60A02", "name": "Antal personer"}]}]}]
    routes = {"/v2/tables/y01a02/json": fixed(200, "tables_y01a02.json"),
              "/v2/tables/json": fixed(200, "tables_y01a02.json"),
              "/v3/tables": lambda s: Reply(200, json.dumps(v3_catalogue).encode())}
    with serve(routes) as srv:
        v2 = JobindsatsClient(TOKEN, base_url=srv.url + "v2/")
        info = v2.table_info("Y01A02")
        cat2 = v2.tables()
        cat3 = JobindsatsClient(TOKEN, version=3, base_url=srv.url + "v3/").tables()
    assert info["Period"] == ["2020M12", "2021M01", "2021M02"]
    assert [t["ID"] for t in cat2] == ["y01a02"]
    assert [(t["id"], t["Subject"]) for t in cat3] == [("Y01A02", "Ydelser"),
                                                        ("Y60A02", "Ydelser")]


@pytest.mark.parametrize("status", [401, 403])
def test_refused_token_is_an_authentication_error_without_the_token(
        status: int, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    echo = {"Message": f"Authorization has been denied for token {TOKEN}"}
    with serve({"/v2/data/y01a02/json":
                lambda s: Reply(status, json.dumps(echo).encode())}) as srv:
        client = JobindsatsClient(TOKEN, base_url=srv.url + "v2/")
        with pytest.raises(AuthenticationError) as info:
            client.data("Y01A02", period="2021M01")
    err = info.value
    assert err.status == status
    assert "JOBINDSATS_TOKEN" in str(err) and "Authorization has been denied" in str(err)
    assert "<hidden>" in str(err)  # the server echoed it; we do not
    for text in (str(err), repr(err), str(err.url), caplog.text):
        assert TOKEN not in text


def test_404_is_not_found() -> None:
    with serve({}) as srv, pytest.raises(NotFoundError) as info:
        JobindsatsClient(TOKEN, base_url=srv.url + "v2/").data("Y99Z99", period="2021M01")
    assert info.value.status == 404 and "Y99Z99" in str(info.value)


def test_429_is_retried_after_retry_after_then_succeeds() -> None:
    calls = {"n": 0}
    body = (API / "data_y01a02_2021m01.json").read_bytes()

    def flaky(_seen: Seen) -> Reply:
        calls["n"] += 1
        if calls["n"] <= 2:
            return Reply(429, b'{"Message": "Rate limit exceeded"}', {"Retry-After": "0"})
        return Reply(200, body)

    with serve({"/v2/data/y01a02/json": flaky}) as srv:
        client = JobindsatsClient(TOKEN, base_url=srv.url + "v2/", retries=3)
        f = client.data("Y01A02", period="2021M01")
    assert len(srv.seen) == 3 and client.waited == [0.0, 0.0]
    assert len(f) > 0


def test_429_waits_the_seconds_the_server_asks_for() -> None:
    waits: list[float] = []
    with serve({"/v2/data/y01a02/json": lambda s: Reply(429, b"{}", {"Retry-After": "7"})}) \
            as srv:
        client = JobindsatsClient(TOKEN, base_url=srv.url + "v2/", retries=2,
                                  sleep=waits.append)
        with pytest.raises(RateLimitError) as info:
            client.data("Y01A02", period="2021M01")
    assert waits == [7.0, 7.0]  # bounded: two retries, then the error
    assert len(srv.seen) == 3
    assert "wait 7 seconds" in str(info.value)


def test_429_asking_for_too_long_a_wait_is_not_retried() -> None:
    waits: list[float] = []
    with serve({"/v2/data/y01a02/json": lambda s: Reply(429, b"{}", {"Retry-After": "3600"})}) \
            as srv:
        client = JobindsatsClient(TOKEN, base_url=srv.url + "v2/", max_wait=60,
                                  sleep=waits.append)
        with pytest.raises(RateLimitError):
            client.data("Y01A02", period="2021M01")
    assert waits == [] and len(srv.seen) == 1


def test_500_is_a_plain_api_error() -> None:
    with serve({"/v2/data/y01a02/json": lambda s: Reply(500, b'{"Message": "boom"}')}) as srv, \
            pytest.raises(ApiError) as info:
        JobindsatsClient(TOKEN, base_url=srv.url + "v2/").data("Y01A02", period="2021M01")
    assert type(info.value) is ApiError and info.value.status == 500
    assert "boom" in str(info.value)


@pytest.mark.parametrize(("mode", "words"), [
    ("garbage", "garbage status line"),
    ("drop", "without an answer"),
    ("truncate", "cut off"),
])
def test_broken_transport_is_an_api_error(mode: str, words: str) -> None:
    body = (API / "data_y01a02_2021m01.json").read_bytes()
    with serve({"/v2/data/y01a02/json": lambda s: Reply(200, body, mode=mode)}) as srv:
        client = JobindsatsClient(TOKEN, base_url=srv.url + "v2/", timeout=5)
        with pytest.raises(ApiError) as info:
            client.data("Y01A02", period="2021M01")
    assert words in str(info.value)
    assert TOKEN not in str(info.value)


def test_a_stalled_server_is_a_timeout_api_error() -> None:
    with serve({"/v2/data/y01a02/json":
                lambda s: Reply(mode="stall", headers={"X-Stall": "1.5"})}) as srv:
        client = JobindsatsClient(TOKEN, base_url=srv.url + "v2/", timeout=0.3)
        with pytest.raises(ApiError, match="timeout"):
            client.data("Y01A02", period="2021M01")


def test_connection_refused_is_an_api_error() -> None:
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    sock.close()  # nobody listens there now
    client = JobindsatsClient(TOKEN, base_url=f"http://127.0.0.1:{port}/v2/", timeout=2)
    with pytest.raises(ApiError, match="cannot reach"):
        client.data("Y01A02", period="2021M01")


def test_json_cut_inside_its_length_is_an_api_error() -> None:
    body = (API / "data_y01a02_2021m01.json").read_bytes()
    with serve({"/v2/data/y01a02/json": lambda s: Reply(200, body[:-40])}) as srv, \
            pytest.raises(ApiError, match="cut off or damaged"):
        JobindsatsClient(TOKEN, base_url=srv.url + "v2/").data("Y01A02", period="2021M01")


@pytest.mark.parametrize("status", [200, 502])
def test_html_error_page_is_an_api_error(status: int) -> None:
    page = b"<!DOCTYPE html><html><head><title>Maintenance</title></head></html>"
    with serve({"/v2/data/y01a02/json":
                lambda s: Reply(status, page, {"Content-Type": "text/html"})}) as srv, \
            pytest.raises(ApiError) as info:
        JobindsatsClient(TOKEN, base_url=srv.url + "v2/").data("Y01A02", period="2021M01")
    assert "HTML" in str(info.value) and "<title>" not in str(info.value)


@pytest.mark.parametrize("token", [TOKEN + "\r\nX-Evil: 1", "line\nbreak-" + TOKEN,
                                   TOKEN + "\u201c", "tok\u00e6\u20ac", "tab\x00null"])
def test_a_token_that_cannot_be_a_header_is_refused_without_echo(token: str) -> None:
    with pytest.raises(AuthenticationError) as info:
        JobindsatsClient(token)
    assert isinstance(info.value, JobstatsError)
    assert token.strip() not in str(info.value) and TOKEN not in str(info.value)
    assert "X-Evil" not in str(info.value)


def test_token_from_environment_and_hidden(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("JOBINDSATS_TOKEN", TOKEN)
    client = JobindsatsClient()
    assert TOKEN not in repr(client) and TOKEN not in str(client)
    assert TOKEN not in str(vars(client))
    monkeypatch.delenv("JOBINDSATS_TOKEN")
    with pytest.raises(AuthenticationError, match="JOBINDSATS_TOKEN"):
        JobindsatsClient()


STATBANK_CSV = ("\ufeffOMRÅDE;KØN;ALDER;TID;INDHOLD\r\n"
                "Hele landet;I alt;16 år;2021M10;70123\r\n"
                "Gentofte;I alt;16 år;2021M10;1012\r\n").encode()


def test_statbank_posts_the_documented_body_and_returns_csv() -> None:
    info = {"id": "FOLK1AM", "variables": [{"id": "OMRÅDE", "values": [
        {"id": "000", "text": "Hele landet"}, {"id": "157", "text": "Gentofte"}]}]}
    routes = {"/v1/tableinfo": lambda s: Reply(200, json.dumps(info).encode()),
              "/v1/data": lambda s: Reply(200, STATBANK_CSV, {"Content-Type": "text/csv"})}
    with serve(routes) as srv:
        client = StatbankClient(base_url=srv.url + "v1/")
        got = client.tableinfo("FOLK1AM")
        body = client.data("FOLK1AM", {"OMRÅDE": ["000", "157"], "ALDER": ["16"],
                                       "Tid": ["2021M10"]})
    assert [v["text"] for v in got["variables"][0]["values"]] == ["Hele landet", "Gentofte"]
    posted = json.loads(srv.seen[1].body)
    assert srv.seen[1].method == "POST" and "Authorization" not in srv.seen[1].headers
    assert posted["table"] == "FOLK1AM" and posted["format"] == "CSV"
    assert {"code": "ALDER", "values": ["16"]} in posted["variables"]
    f = read_statbank(body, table="FOLK1AM", measure="population_16_66")
    assert sorted(f["value"].tolist()) == [1012.0, 70123.0]


def test_statbank_refusal_is_an_api_error_with_the_servers_reason() -> None:
    refusal = {"errorTypeCode": "EXTRACT-TOO-LARGE",
               "message": "Udtrækket overskrider grænsen på 1.000.000 celler"}
    with serve({"/v1/data": lambda s: Reply(400, json.dumps(refusal).encode())}) as srv, \
            pytest.raises(ApiError, match=r"1\.000\.000 celler"):
        StatbankClient(base_url=srv.url + "v1/").data("FOLK1AM", {"Tid": ["*"]})


def test_public_names() -> None:
    assert jobstats.JobindsatsClient is JobindsatsClient
