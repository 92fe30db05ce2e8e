"""verify_document on papers written for the tests: every claim pattern, planted errors at one
and two rounding steps, .docx and .pdf, the CLI, rounding modes, and generated claims.

The expected reachable ranges were worked out by hand (see the comments), not taken from the
code's output.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import jobstats
from jobstats.cli import main
from jobstats.errors import ValidationError
from jobstats.verify import check_document

PAPERS = Path(__file__).parent / "fixtures" / "verify" / "papers"
OK = PAPERS / "kvartal_ok.md"
ERRORS = PAPERS / "kvartal_errors.md"


def _line_of(text: str, needle: str) -> int:
    hits = [i for i, line in enumerate(text.splitlines(), start=1) if needle in line]
    assert len(hits) == 1, (needle, hits)
    return hits[0]


def _bad(report_text: str) -> list[tuple[int, str]]:
    report = check_document(report_text)
    return sorted((f.line, f.kind) for f in report.findings if f.verdict == "inconsistent")


def test_the_consistent_paper_has_no_finding_and_covers_every_pattern() -> None:
    report = check_document(OK)
    assert report.ok and report.counts()["inconsistent"] == 0
    kinds = {f.kind for f in report.findings if f.verdict == "consistent"}
    assert kinds >= {"change", "children", "total", "share", "implied_denominator",
                     "same_value", "sum", "difference", "part_of_whole", "share_of_count",
                     "rank"}
    assert report.tables == 4
    # the only not checkable claim: the blinded change of a group that went 0 -> 0
    [nc] = [f for f in report.findings if f.verdict == "not_checkable"]
    assert "Midlertidig arbejdsmarkedsydelse" in nc.text
    # the one number no check uses is listed, not guessed
    assert [(u.line, u.text) for u in report.unparsed] == [
        (_line_of(OK.read_text(encoding="utf-8"), "95 pct."), "95 pct.")]


def test_the_paper_with_planted_errors_is_flagged_exactly_where_they_are() -> None:
    text = ERRORS.read_text(encoding="utf-8")
    expected = sorted([
        (_line_of(text, "-7,89%"), "change"),          # table: allows -7,87 … -7,35
        (_line_of(text, "-3,57%"), "change"),          # table: allows -3,56 … -3,21
        (_line_of(text, "stigning på 1,7 pct."), "change"),   # allows 1,4 … 1,6
        (_line_of(text, "fald på 3,8 pct."), "change"),       # table row: -3,6 … -3,2
        (_line_of(text, "omfattede 466"), "same_value"),      # the table prints 465
        (_line_of(text, "120\t41%"), "share"),                # 120 / 300 allows 40 only
        (_line_of(text, "i alt 12 borgere"), "sum"),          # 4 + 6 allows 9 … 11
        (_line_of(text, "465\t1,03%"), "implied_denominator"),  # 1,01 … 1,02
        (_line_of(text, "Tabel 4.") + 1, "copied_column"),   # its header line
        (_line_of(text, "0,8 procentpoint"), "difference"),   # allows 0,4 … 0,6
        (_line_of(text, "1,4 mio. kr. under"), "difference"),  # allows 1,1 … 1,3
        (_line_of(text, "hvoraf 24"), "part_of_whole"),
        (_line_of(text, "svarende til 19 pct."), "share"),    # 6 / 39 allows 14 … 17
        (_line_of(text, "26 pct. af 40"), "share_of_count"),  # 10 of 40 = 25, 11 = 27,5
        (_line_of(text, "47 pct. af 5"), "implied_denominator"),  # 5/10 = 50, 5/11 = 45,5
        (_line_of(text, "af 99 kommuner"), "rank"),
        (_line_of(text, "120 pct. af målet"), "impossible"),
    ])
    assert _bad(text) == expected


# (text in the consistent paper, one rounding step outside, two steps outside, kind) —
# the reachable ranges, by hand:
#   562 -> 543: [542.5/562.5 - 1, 543.5/561.5 - 1) = -3,556 % … -3,206 %
#   368 -> 340: -7,870 % … -7,347 %;   804 -> 816: +1,367 % … +1,618 %
#   120 of 300: 39,77 % … 40,23 %;     6 of 39: 13,92 % … 16,88 %
#   465 / population, population from 816/1,78 % and 543/1,18 %: 45.781 … 46.000,
#     so 1,0098 % … 1,0168 %
#   9,1 -> 8,6 points: -0,6 … -0,4;   13,5 - 12,3 mio.: 1,1 … 1,3;   4 + 6: 9 … 11
PLANTS = [
    ("543\t-3,38%", "543\t-3,57%", "543\t-3,58%", "change"),
    ("543\t-3,38%", "543\t-3,20%", "543\t-3,19%", "change"),
    ("340\t-7,61%", "340\t-7,88%", "340\t-7,89%", "change"),
    ("120\t40%", "120\t41%", "120\t42%", "share"),
    ("465\t1,01%", "465\t1,03%", "465\t1,04%", "implied_denominator"),
    ("465\t1,01%", "465\t1,00%", "465\t0,99%", "implied_denominator"),
    ("stigning på 1,5 pct.", "stigning på 1,7 pct.", "stigning på 1,8 pct.", "change"),
    ("stigning på 1,5 pct.", "stigning på 1,3 pct.", "stigning på 1,2 pct.", "change"),
    ("fald på 0,5 procentpoint", "fald på 0,7 procentpoint", "fald på 0,8 procentpoint",
     "difference"),
    ("er 1,2 mio. kr. under", "er 1,4 mio. kr. under", "er 1,5 mio. kr. under",
     "difference"),
    ("i alt 10 borgere", "i alt 12 borgere", "i alt 13 borgere", "sum"),
    ("svarende til 15 pct.", "svarende til 18 pct.", "svarende til 19 pct.", "share"),
    ("hvoraf 19", "hvoraf 23", "hvoraf 24", "part_of_whole"),
    ("25 pct. af 40", "26 pct. af 40", "27 pct. af 40", "share_of_count"),
    ("fald på 3,4 pct.", "fald på 3,7 pct.", "fald på 3,8 pct.", "change"),
    ("omfattede 465", "omfattede 466", "omfattede 467", "same_value"),
    ("95 pct. af målet", "101 pct. af målet", "102 pct. af målet", "impossible"),
]


@pytest.mark.parametrize("steps", [1, 2])
@pytest.mark.parametrize(("old", "one", "two", "kind"), PLANTS)
def test_each_planted_error_is_found_at_its_line(old: str, one: str, two: str, kind: str,
                                                 steps: int) -> None:
    text = OK.read_text(encoding="utf-8")
    assert old in text
    planted = text.replace(old, one if steps == 1 else two, 1)
    assert _bad(planted) == [(_line_of(planted, one if steps == 1 else two), kind)]


def test_the_table_sentence_picks_the_nearest_table_before_it() -> None:
    # "Sygedagpenge" is a row of Tabel 1 and of Tabel 4 (løntilskud 12 -> 12): the sentence
    # after Tabel 1 is checked against Tabel 1 only
    report = check_document(OK)
    [f] = [f for f in report.findings if "fald på 3,4 pct." in f.text]
    assert f.kind == "change" and f.verdict == "consistent"
    assert f.related_lines == (_line_of(OK.read_text(encoding="utf-8"), "562\t543"),)


def test_verify_document_returns_the_findings_as_a_frame() -> None:
    frame = jobstats.verify_document(ERRORS)
    assert list(frame.columns) == ["line", "verdict", "kind", "text", "explanation",
                                   "related_lines", "section"]
    assert (frame["verdict"] == "inconsistent").sum() == 17
    assert frame.attrs["checked"] == len(frame)
    row = frame.loc[frame["text"].str.contains("svarende til 19 pct.")].iloc[0]
    assert row["section"].endswith("Sanktioner")
    assert "14%" in row["explanation"] and "17%" in row["explanation"]


def test_text_is_accepted_as_well_as_a_path() -> None:
    text = OK.read_text(encoding="utf-8")
    assert check_document(text).counts() == check_document(OK).counts()
    with pytest.raises(ValidationError) as info:
        check_document("no_such_paper.txt")
    assert "unreadable" in info.value.codes


def test_cli_json_and_exit_codes(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["verify-document", str(OK)]) == 0
    out = capsys.readouterr().out
    assert "## Kvartalsrapport, 2. kvartal 2018 / Økonomi" in out
    assert main(["verify-document", str(ERRORS), "--json"]) == 1
    data = json.loads(capsys.readouterr().out)
    assert data["checked"] == len(data["findings"])
    finding = next(f for f in data["findings"] if f["kind"] == "rank")
    assert set(finding) >= {"line", "verdict", "kind", "text", "explanation", "related_lines"}
    assert finding["verdict"] == "inconsistent" and "98 kommuner" in finding["explanation"]
    assert main(["verify-document", str(tmp_path / "missing.md")]) == 2
    binary = tmp_path / "paper.txt"
    binary.write_bytes(b"\x00\x01\x02" * 100)
    assert main(["verify-document", str(binary)]) == 2
    assert "Traceback" not in capsys.readouterr().err


def _docx(path: Path, text: str) -> None:
    import docx

    document = docx.Document()
    rows: list[list[str]] = []

    def flush() -> None:
        if rows:
            table = document.add_table(rows=len(rows), cols=max(len(r) for r in rows))
            for i, row in enumerate(rows):
                for j, cell in enumerate(row):
                    table.cell(i, j).text = cell
            rows.clear()

    for line in text.splitlines():
        if "\t" in line:
            rows.append(line.split("\t"))
            continue
        flush()
        if line.startswith("#"):
            level = len(line) - len(line.lstrip("#"))
            document.add_heading(line.lstrip("# "), level=level)
        elif line.strip():
            document.add_paragraph(line)
    flush()
    document.save(str(path))


def _kinds(path: Path | str) -> list[tuple[str, str]]:
    report = check_document(path)
    return sorted((f.kind, f.verdict) for f in report.findings)


def test_a_docx_paper_gives_the_same_findings(tmp_path: Path) -> None:
    for source in (OK, ERRORS):
        path = tmp_path / (source.stem + ".docx")
        _docx(path, source.read_text(encoding="utf-8"))
        assert _kinds(path) == _kinds(source)


def test_a_text_pdf_gives_the_same_findings(tmp_path: Path) -> None:
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    text = ERRORS.read_text(encoding="utf-8")
    path = tmp_path / "paper.pdf"
    c = canvas.Canvas(str(path), pagesize=A4)
    y = 800.0
    for line in text.splitlines():
        if "\t" in line:  # a table column every 110 points, as a PDF lays it out
            for j, cell in enumerate(line.split("\t")):
                c.drawString(40 + (200 if j else 0) + 110 * max(0, j - 1), y, cell)
        else:
            c.drawString(40, y, line.lstrip("# "))
        y -= 12
        if y < 40:
            c.showPage()
            y = 800.0
    c.save()
    # the text layer keeps the table columns apart (layout mode): the same findings
    assert _kinds(path) == _kinds(ERRORS)


def test_a_pdf_without_text_is_refused(tmp_path: Path) -> None:
    from reportlab.pdfgen import canvas

    path = tmp_path / "scan.pdf"
    c = canvas.Canvas(str(path))
    c.rect(10, 10, 100, 100)
    c.save()
    with pytest.raises(ValidationError) as info:
        check_document(path)
    assert "no_text" in info.value.codes


# 50 of 390 is 12,82 %: rounded half away 13 %, truncated 12 %. With the inputs rounded
# half away (49,5 … 50,5 of 389,5 … 390,5) only 13 % is reachable (12,68 … 12,97); with the
# inputs truncated too (50 … 51 of 390 … 391), 12 % is.
TRUNCATED = "Der var 50 af de 390 borgere, svarende til 12 pct."


def test_rounding_modes() -> None:
    assert not check_document(TRUNCATED).ok
    assert check_document(TRUNCATED, rounding="truncate").ok
    assert check_document(TRUNCATED, rounding="unknown").ok
    assert check_document(TRUNCATED.replace("12 pct.", "13 pct."), rounding="unknown").ok
    assert not check_document(TRUNCATED.replace("12 pct.", "14 pct."), rounding="unknown").ok
    with pytest.raises(ValidationError):
        check_document(TRUNCATED, rounding="bankers")


def _round_half_away(x: float, decimals: int) -> float:
    from decimal import ROUND_HALF_UP, Decimal

    q = Decimal(1).scaleb(-decimals)
    return float(Decimal(repr(x)).quantize(q, rounding=ROUND_HALF_UP))


def _da(x: float, decimals: int) -> str:
    return f"{abs(x):.{decimals}f}".replace(".", ",")


def _n(x: int) -> str:
    """A count in Danish format: 10.000."""
    return f"{x:,}".replace(",", ".")


levels = st.integers(min_value=20, max_value=50_000)


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(levels, levels, st.integers(min_value=0, max_value=1))
def test_consistent_generated_changes_never_flag(a: int, b: int, decimals: int) -> None:
    change = (b / a - 1) * 100
    printed = _round_half_away(change, decimals)
    word = "et fald" if printed < 0 else "en stigning"
    text = (f"Antallet gik fra {_n(a)} i 2022 til {_n(b)} i 2023, {word} på "
            f"{_da(printed, decimals)} pct.")
    report = check_document(text)
    assert [f.kind for f in report.findings] == ["change"]
    assert report.ok


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(levels, levels, st.sampled_from([-1, 1]), st.integers(min_value=1, max_value=5))
def test_changes_outside_their_reachable_interval_always_flag(a: int, b: int, side: int,
                                                              steps: int) -> None:
    # the reachable change from the printed levels (each ±0,5), by floats with a margin
    lo = ((b - 0.5) / (a + 0.5) - 1) * 100
    hi = ((b + 0.5) / (a - 0.5) - 1) * 100
    # a printed value (1 decimal) whose rounding interval lies wholly outside [lo, hi]
    if side > 0:
        printed = (int((hi + 0.05) * 10) + 1 + steps) / 10
    else:
        printed = (int((lo - 0.05) * 10) - 1 - steps) / 10
        if printed <= -100:
            return
    word = "et fald" if printed < 0 else "en stigning"
    text = f"Antallet gik fra {_n(a)} i 2022 til {_n(b)} i 2023, {word} på {_da(printed, 1)} pct."
    report = check_document(text)
    assert [(f.kind, f.verdict) for f in report.findings] == [("change", "inconsistent")]


counts = st.integers(min_value=1, max_value=5_000)


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(counts, counts, counts)
def test_generated_shares_and_sums(part: int, extra: int, other: int) -> None:
    whole = part + extra
    share = _round_half_away(part / whole * 100, 0)
    good = (f"Der var {_n(part)} af de {_n(whole)} borgere, svarende til {int(share)} pct. "
            f"Der var {_n(part)} i løntilskud og {_n(other)} i praktik, i alt "
            f"{_n(part + other)} borgere.")
    report = check_document(good)
    assert sorted(f.kind for f in report.findings) == ["share", "sum"] and report.ok
    # a share 4 points off and a total 3 off cannot be reached (at most ±1,5 % / ±1)
    lo = (part - 0.5) / (whole + 0.5) * 100
    hi = (part + 0.5) / max(whole - 0.5, part + 0.5) * 100
    wrong_share = int(hi + 1.5) + 1 if hi + 2.5 <= 100 else int(lo - 1.5) - 1
    if wrong_share < 0:
        return
    bad = (f"Der var {_n(part)} af de {_n(whole)} borgere, svarende til {wrong_share} pct. "
           f"Der var {_n(part)} i løntilskud og {_n(other)} i praktik, i alt "
           f"{_n(part + other + 3)} borgere.")
    flagged = sorted(f.kind for f in check_document(bad).findings
                     if f.verdict == "inconsistent")
    assert flagged == ["share", "sum"]


REVISED = """# Målgrupper

Tabel 1. Fuldtidspersoner
Målgruppe\t2017\t2018\tUdvikling
Forsikrede ledige og midlertidige ordninger\t790\t816\t1,49%
Kontanthjælp\t541\t465\t-15,05%
Sygedagpenge\t562\t550\t-2,14%
"""


def test_revised_figures_against_data() -> None:
    # the demo data reprint DOMAIN.md's Gentofte averages: Forsikrede 804 (2017) and 816
    # (2018), Kontanthjælp 541 and 465, Sygedagpenge 562 and 543
    frame = jobstats.demo()
    plain = check_document(REVISED)
    report = check_document(REVISED, data=frame, area="Gentofte")
    text = REVISED.splitlines()

    def find(label: str, kind: str, rep: object = report) -> list[str]:
        line = next(i for i, t in enumerate(text, start=1) if t.startswith(label))
        assert hasattr(rep, "findings")
        return [f.verdict for f in rep.findings if f.line == line and f.kind == kind]

    # 790 -> 816 cannot give +1,49 % (3,16 … 3,42): inconsistent without data; the data's
    # 2017 level is 804 and 804 -> 816 gives +1,49 %: an earlier vintage, "revised"
    assert find("Forsikrede", "change", plain) == ["inconsistent"]
    assert find("Forsikrede", "change") == ["revised"]
    assert sorted(find("Forsikrede", "data")) == ["consistent", "revised"]
    # 541 -> 465 is -14,05 %, not -15,05 %, and no revision explains it
    assert find("Kontanthjælp", "change") == ["inconsistent"]
    # the latest year printed 550 where the data say 543: not a revision, an error
    assert sorted(find("Sygedagpenge", "data")) == ["consistent", "inconsistent"]
    assert report.counts()["revised"] == 2
    with pytest.raises(ValidationError):
        check_document(REVISED, data=frame)  # no area


@settings(max_examples=150, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("0123456789.,% \t\n-+af til fra i alt pct. nr. "
                                             "hvoraf svarende udgøres kr. mio. ÆØÅæøå\"|#")),
               max_size=400))
def test_any_text_gives_a_report(text: str) -> None:
    report = check_document(text)
    assert report.checked == len(report.findings)
    assert all(f.verdict in ("consistent", "inconsistent", "not_checkable")
               for f in report.findings)


def test_a_long_paper_in_one_line_is_read_in_linear_time() -> None:
    # 60 kB of claim words and numbers with no sentence end: every search is local (a
    # window of 200 characters), so this stays fast; a quadratic scan would take minutes
    words = ["fra", "til", "i alt", "af de", "pct.", "hvoraf", "svarende til", "steg",
             "faldt", "nr.", "mio. kr.", "hvilket er", "under", "og", ","]
    parts = [words[i % len(words)] if i % 3 else _n(1000 + (i * 7919) % 9000)
             for i in range(12_000)]
    report = check_document(" ".join(parts))
    assert report.checked > 100


@pytest.mark.parametrize(("text", "kind", "verdict", "note"), [
    # the three prose patterns DOMAIN.md quotes from committee papers
    ("Der var et fald fra 2.310 fuldtidspersoner til 2.265 i 2021, svarende til et fald på "
     "1,9 pct.", "change", "consistent", "-2,0% … -1,9%"),   # 2.265/2.310 - 1 = -1,948 %
    ("For 3. kvartal er der 18 pct. af de unge, der er i uddannelse, som udgøres af 5 unge.",
     "implied_denominator", "consistent", "28"),             # 5/28 = 17,86 %
    ("Forbruget er 312,4 mio. kr., hvilket er 4,6 mio. kr. under korrigeret budget.",
     "difference", "not_checkable", "korrigeret budget"),    # the budget is not printed
])
def test_the_patterns_of_domain_md(text: str, kind: str, verdict: str, note: str) -> None:
    [finding] = check_document(text).findings
    assert (finding.kind, finding.verdict) == (kind, verdict)
    assert note in finding.explanation


def test_a_national_share_column_is_not_taken_as_a_share_of_the_total() -> None:
    # "Landsandel" is a share of the national figure, which the table does not print: its
    # total row is not 100 %, so no share check (a composition's total row is)
    text = ("Tabel 1\nGruppe\t2018\tLandsandel\nA\t816\t1,03%\nB\t465\t0,64%\n"
            "I alt\t1.281\t0,85%\n")
    report = check_document(text)
    assert {f.kind for f in report.findings} == {"total"} and report.ok


def test_a_reader_that_stops_early_is_not_an_error(tmp_path: Path) -> None:
    import subprocess
    import sys

    # an output far larger than a pipe's buffer, so that writing it meets the closed pipe
    big = tmp_path / "big.md"
    big.write_text("\n\n".join([ERRORS.read_text(encoding="utf-8")] * 30), encoding="utf-8")
    proc = subprocess.Popen([sys.executable, "-m", "jobstats.cli", "verify-document",
                             str(big), "--json"], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE)
    assert proc.stdout is not None and proc.stderr is not None
    first = proc.stdout.readline()
    proc.stdout.close()  # like `| head -1`
    err = proc.stderr.read().decode()
    assert proc.wait(timeout=120) == 1  # the paper is inconsistent; no crash
    assert first.strip() == b"{" and "internal error" not in err and "Traceback" not in err
