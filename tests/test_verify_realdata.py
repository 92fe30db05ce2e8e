"""Real published data: jobindsats Y30R21 "Forskel" = Faktisk − Forventet within rounding."""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest

from jobstats import read_published_table
from jobstats.verify import (
    ColumnFormat,
    ColumnSum,
    Difference,
    PublishedTable,
    VerifyReport,
    VerifySpec,
    verify_table,
)
from tests.conftest import real_file

pytestmark = pytest.mark.realdata

_N = "Forventet og faktisk antal fuldtidspersoner på offentlig forsørgelse: "
_S = "Forventet og faktisk andel fuldtidspersoner på offentlig forsørgelse: "
COLUMNS = {
    "expected": _N + "Forventet antal",
    "actual": _N + "Faktisk antal",
    "difference": _N + "Forskel mellem forventet og faktisk antal",
    "expected %": _S + "Forventet andel (pct.)",
    "actual %": _S + "Faktisk andel (pct.)",
    "difference %": _S + "Forskel mellem forventet og faktisk andel (pct. point)",
}
SPEC = VerifySpec(
    rules=(Difference("actual", "expected", "difference"),
           Difference("actual %", "expected %", "difference %")),
    # counts are rounded to tens; the shares print their 2 decimals ("9,28")
    columns={c: ColumnFormat(unit=10) for c in ("expected", "actual", "difference")},
)


Row = dict[str, object]
HEADER = ["row", *COLUMNS]


@pytest.fixture(scope="module")
def y30r21() -> list[Row]:
    path = real_file("jobindsats_y30r21_benchmark_2020-2022.jsonl")
    with path.open(encoding="utf-8") as f:
        records = [json.loads(line) for line in f if line.strip()]
    return [{"row": f"{r['Area']} {r['Periode']} {r['Ydelsesgrupper']}",
             **{short: r[long] for short, long in COLUMNS.items()}} for r in records]


def _verify(rows: list[Row]) -> VerifyReport:
    table = PublishedTable.from_rows(HEADER, [[r[c] for c in HEADER] for r in rows],
                                     source="Y30R21", columns=SPEC.columns)
    return verify_table(table, SPEC)


def _shift_share(text: object, delta: float) -> str:
    return f"{float(str(text).replace(',', '.')) + delta:.2f}".replace(".", ",")


def test_every_forskel_follows_within_rounding(y30r21: list[Row]) -> None:
    assert len(y30r21) == 2352  # 98 kommuner × 4 ydelsesgrupper × 6 QMAT periods
    report = _verify(y30r21)
    assert len(report.checks) == 2 * 2352
    assert report.findings == ()
    assert report.not_checkable == ()
    assert report.copied == ()


def test_changed_cells_beyond_rounding_are_found(y30r21: list[Row]) -> None:
    rng = random.Random(20221)
    # counts are rounded to tens: the true difference lies within ±10 (open) of the
    # difference of the printed counts, so a Forskel 20 away cannot be right, 10 away can;
    # shares have 2 decimals: ±0,01, so 0,02 away cannot be right.
    for k, i in enumerate(rng.sample(range(len(y30r21)), 6)):
        rows = [dict(r) for r in y30r21]
        row = rows[i]
        if k % 3 == 0:
            row["difference"] = int(str(row["difference"])) + 20
            column = "difference"
        elif k % 3 == 1:  # the actual count was mistyped: now Forskel is wrong
            row["actual"] = int(str(row["actual"])) - 30
            column = "difference"
        else:
            row["difference %"] = _shift_share(row["difference %"], -0.02)
            column = "difference %"
        report = _verify(rows)
        assert [(c.row, c.column) for c in report.findings] == [(row["row"], column)], (
            f"planted at row {i}")


def test_changes_within_rounding_are_not_flagged(y30r21: list[Row]) -> None:
    rows = [dict(r, **{"difference": int(str(r["difference"])) + 10,
                       "difference %": _shift_share(r["difference %"], -0.01)})
            for r in y30r21]
    assert _verify(rows).findings == ()


Y25I01 = "jobindsats_y25i01_ledige_jul2026_vs_jul2025.tsv"
_SUMS = [("total", "dagpenge", "kontanthjaelp"),
         ("totalRate", "dagpengeRate", "kontanthjaelpRate")]


def _y25i01_spec() -> VerifySpec:
    return VerifySpec(decimal=".", rules=tuple(
        ColumnSum(f"{t} {p}", (f"{a} {p}", f"{b} {p}"))
        for t, a, b in _SUMS for p in ("2026M07", "2025M07")))


def test_y25i01_tsv_with_its_source_line_is_read_and_its_totals_verified() -> None:
    """The real TSV starts with a '# source:' line (as read_jobindsats reads it): the
    header is the line after it. Total = dagpenge + kontanthjælp holds within rounding
    (the file's totals differ from the sum of their parts by up to 1); a blank
    kontanthjælp cell makes its sum not checkable."""
    path = real_file(Y25I01)
    lines = path.read_text(encoding="utf-8").splitlines()
    assert lines[0].startswith("# source:")
    header = lines[1].split("\t")
    data = [ln.split("\t") for ln in lines[2:] if ln.strip()]
    # independent count of the sums with a blank part, and of those off by one
    blank_parts = sum(1 for r in data for t, a, b in _SUMS for p in ("2026M07", "2025M07")
                      if "" in (r[header.index(f"{a} {p}")], r[header.index(f"{b} {p}")]))
    off_by_one = sum(1 for r in data for p in ("2026M07", "2025M07")
                     if "" not in (r[header.index(f"dagpenge {p}")],
                                   r[header.index(f"kontanthjaelp {p}")])
                     and abs(int(r[header.index(f"total {p}")])
                             - int(r[header.index(f"dagpenge {p}")])
                             - int(r[header.index(f"kontanthjaelp {p}")])) == 1)
    assert len(data) == 99 and blank_parts == 5 and off_by_one > 0
    table = read_published_table(path, spec=_y25i01_spec())
    assert table.columns == tuple(header[1:])
    assert [r.line for r in table.rows][:2] == [3, 4]  # line 1 '# source', line 2 header
    report = verify_table(table, _y25i01_spec())
    assert len(report.checks) == 4 * 99
    assert report.findings == ()
    assert len(report.not_checkable) == blank_parts


def test_y25i01_a_wrong_total_is_found_on_its_line(tmp_path: Path) -> None:
    text = real_file(Y25I01).read_text(encoding="utf-8")
    # Gentofte July 2026: 833 dagpenge + 157 kontanthjælp = 990; 993 cannot be a rounding
    assert "\nGentofte\t990\t2.7\t833\t2.3\t157\t" in text
    bad = tmp_path / "y25i01.tsv"
    bad.write_text(text.replace("\nGentofte\t990\t", "\nGentofte\t993\t"), encoding="utf-8")
    line = text.splitlines().index(next(ln for ln in text.splitlines()
                                        if ln.startswith("Gentofte\t"))) + 1
    report = verify_table(read_published_table(bad, spec=_y25i01_spec()), _y25i01_spec())
    assert [(c.row, c.line, c.column) for c in report.findings] == [
        ("Gentofte", line, "total 2026M07")]
