"""Picking the rows a figure draws from a canonical frame, with helpful errors."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from jobstats import frame as _frame
from jobstats import taxonomy as _taxonomy
from jobstats.errors import Problem, Reason, ValidationError, close_matches

AREA = _frame.AREA
TARGET_GROUP = _frame.TARGET_GROUP
PERIOD = _frame.PERIOD
MEASURE = _frame.MEASURE
VALUE = _frame.VALUE
BLINDED = _frame.BLINDED


@dataclass(frozen=True)
class Point:
    """One value to draw: NaN when blinded or missing; ``blinded`` tells which."""

    value: float
    blinded: bool
    undefined: bool = False
    n_months: int | None = None
    partial: bool = False


_UNKNOWN: dict[str, Reason] = {
    AREA: Reason.UNKNOWN_AREA, TARGET_GROUP: Reason.UNKNOWN_TARGET_GROUP,
    MEASURE: Reason.UNKNOWN_MEASURE, PERIOD: Reason.UNKNOWN_PERIOD,
    "offer_type": Reason.UNKNOWN_OFFER_TYPE,
}
_AMBIGUOUS: dict[str, Reason] = {
    AREA: Reason.AMBIGUOUS_AREA, TARGET_GROUP: Reason.AMBIGUOUS_TARGET_GROUP,
    MEASURE: Reason.AMBIGUOUS_MEASURE,
}


def check_frame(frame: object, where: str) -> pd.DataFrame:
    """The frame, if it has the canonical columns; else a :class:`ValidationError`."""
    if not isinstance(frame, pd.DataFrame):
        raise TypeError(f"{where}: expected a pandas DataFrame, got {type(frame).__name__}")
    missing = [c for c in (*_frame.KEY_COLUMNS, VALUE) if c not in frame.columns]
    if missing:
        raise ValidationError([
            Problem("missing_column", f"{where}: the frame has no column {c!r} "
                    f"(columns: {', '.join(map(str, frame.columns))})", column=c,
                    suggestions=close_matches(c, map(str, frame.columns)))
            for c in missing])
    return frame


def present(frame: pd.DataFrame, column: str) -> list[str]:
    """The distinct values of a key column, as strings, in order of appearance."""
    return [str(v) for v in pd.unique(frame[column].dropna().astype(object))]


def choose(frame: pd.DataFrame, column: str, value: str | None, where: str) -> str:
    """``value`` if the frame holds it; the only value if ``value`` is None."""
    values = present(frame, column)
    if value is not None:
        if value in values:
            return value
        raise ValidationError([Problem(
            _UNKNOWN.get(column, Reason.UNKNOWN_DIMENSION),
            f"{where}: the frame has no {column.replace('_', ' ')} {value!r} "
            f"(it has {', '.join(values[:12])}{' ...' if len(values) > 12 else ''})",
            column=column, value=value,
            suggestions=close_matches(value, values) or tuple(values[:5]))])
    if len(values) == 1:
        return values[0]
    raise ValidationError([Problem(
        _AMBIGUOUS.get(column, Reason.AMBIGUOUS_DIMENSION),
        f"{where}: the frame holds {len(values)} values of {column!r}; "
        f"pass {column}= to choose one", column=column,
        suggestions=tuple(values[:8]))])


def require(frame: pd.DataFrame, column: str, wanted: Iterable[str], where: str) -> None:
    """Raise one error listing every wanted value the frame does not hold."""
    values = present(frame, column)
    missing = [w for w in wanted if w not in values]
    if missing:
        raise ValidationError([Problem(
            _UNKNOWN.get(column, Reason.UNKNOWN_DIMENSION),
            f"{where}: the frame has no {column.replace('_', ' ')} {m!r}",
            column=column, value=m, suggestions=close_matches(m, values) or tuple(values[:5]))
            for m in missing])


def where_equal(frame: pd.DataFrame, **conditions: object) -> pd.DataFrame:
    """Rows whose columns equal the given values (a sequence: any of them); see
    :func:`jobstats.frame.rows_where`."""
    return frame.loc[_frame.rows_where(frame, **conditions)]


def totals(frame: pd.DataFrame, where: str, keep: Sequence[str] = ()) -> pd.DataFrame:
    """Rows that do not break down an extra dimension (the dimension is missing).

    A dimension in ``keep`` is left as it is. A dimension that every row fills
    with several values cannot be summed here: the caller must filter it first.
    """
    out = frame
    for dim in _frame.dimensions(frame):
        if dim in keep:
            continue
        col = out[dim]
        missing = col.isna().to_numpy(dtype=bool)
        if missing.all():
            continue
        if missing.any():
            out = out.loc[missing]
            continue
        values = present(out, dim)
        if len(values) > 1:
            raise ValidationError([Problem(
                "ambiguous_dimension", f"{where}: the rows break down {dim!r} "
                f"({', '.join(values[:6])}); filter the frame to one {dim} first",
                column=dim, suggestions=tuple(values[:6]))])
    return out


def area_series(frame: pd.DataFrame, given: Sequence[str | None], *, measure: str | None,
                target_group: str | None, where: str
                ) -> tuple[list[str], pd.DataFrame, str, str]:
    """Rows of one measure and one target group (totals over extra dimensions) for
    the ``given`` areas (each required; None entries are left out, so ``(area,
    compare, national)`` can be passed as they come); returns the areas, the rows,
    the measure and the group chosen."""
    areas = [a for a in given if a is not None]
    f = check_frame(frame, where)
    m = choose(f, MEASURE, measure, where)
    rows = where_equal(f, measure=m)
    tg = choose(rows, TARGET_GROUP, target_group, where)
    rows = totals(where_equal(rows, target_group=tg), where)
    require(rows, AREA, areas, where)
    return areas, where_equal(rows, area=areas), m, tg


def group_series(frame: pd.DataFrame, area: str | None, groups: Sequence[str] | None, *,
                 measure: str | None, where: str, taxonomy: _taxonomy.Taxonomy
                 ) -> tuple[pd.DataFrame, str, str, list[str]]:
    """Rows of one measure and one area (totals over extra dimensions), the measure and
    area chosen, and the target groups to show (``groups``, each required, or the
    default top-level groups)."""
    f = check_frame(frame, where)
    m = choose(f, MEASURE, measure, where)
    rows = where_equal(f, measure=m)
    a = choose(rows, AREA, area, where)
    rows = totals(where_equal(rows, area=a), where)
    group_ids = list(groups) if groups is not None else default_groups(rows, taxonomy)
    require(rows, TARGET_GROUP, group_ids, where)
    return rows, m, a, group_ids


def _key_labels(column: pd.Series) -> list[object]:
    """Each row's key in ``column``: a Period as it is, anything else as text. Made
    once per distinct value (a column without missing values), not once per row."""
    if column.isna().any():
        return [c if isinstance(c, pd.Period) else str(c) for c in column.to_numpy(dtype=object)]
    codes, uniques = pd.factorize(column)
    names = [u if isinstance(u, pd.Period) else str(u) for u in uniques]
    return [names[c] for c in codes.tolist()]


def points(frame: pd.DataFrame, keys: Sequence[str],
           where: str) -> dict[tuple[object, ...], Point]:
    """One :class:`Point` per combination of ``keys`` (strings; periods as Periods).

    Duplicate keys raise: a figure never silently sums or picks one of two rows.
    """
    if frame.duplicated(subset=list(keys)).any():
        dup = frame.loc[frame.duplicated(subset=list(keys), keep=False)].iloc[0]
        label = ", ".join(f"{k}={dup[k]}" for k in keys)
        raise ValidationError([Problem(
            "duplicate_key", f"{where}: more than one row for ({label}); filter the frame "
            "(an extra dimension?)", value=label)])
    blinded = (frame[BLINDED].to_numpy(dtype=bool) if BLINDED in frame.columns
               else np.zeros(len(frame), dtype=bool))
    undefined = (frame["undefined"].fillna(False).to_numpy(dtype=bool)
                 if "undefined" in frame.columns else np.zeros(len(frame), dtype=bool))
    partial = (frame["partial"].fillna(False).to_numpy(dtype=bool)
               if "partial" in frame.columns else np.zeros(len(frame), dtype=bool))
    n_months = (frame["n_months"].to_numpy() if "n_months" in frame.columns
                else np.full(len(frame), np.nan))
    values = frame[VALUE].to_numpy(dtype="float64").tolist()
    key_rows = zip(*(_key_labels(frame[k]) for k in keys), strict=True)
    out: dict[tuple[object, ...], Point] = {}
    for i, (key, n) in enumerate(zip(key_rows, n_months.tolist(), strict=True)):
        out[key] = Point(
            value=float("nan") if blinded[i] else values[i],
            blinded=bool(blinded[i]),
            undefined=bool(undefined[i]),
            n_months=None if n is None or pd.isna(n) else int(n),
            partial=bool(partial[i]),
        )
    return out


def periods_of(frame: pd.DataFrame) -> list[pd.Period]:
    """The distinct periods, sorted (missing periods left out)."""
    # unique first: a Period is made of each distinct value, not of every row
    return sorted({p for p in frame[PERIOD].unique() if isinstance(p, pd.Period)})


def choose_period(ps: Sequence[pd.Period], period: pd.Period | str | None,
                  where: str) -> pd.Period:
    """The latest of ``ps``, or ``period`` (a Period or a text such as ``"2018"`` or
    ``"2022QMAT02"``) when the frame holds it; else a :class:`ValidationError`."""
    if period is None:
        return ps[-1]
    from jobstats.periods import parse_period

    p = parse_period(period) if isinstance(period, str) else period
    if p not in ps:
        raise ValidationError([Problem(
            "unknown_period", f"{where}: the frame has no period {p}", column=PERIOD,
            value=str(p), suggestions=tuple(str(x) for x in ps[-5:]))])
    return p


def year_periods(frame: pd.DataFrame, years: Sequence[int] | None, n: int,
                 where: str) -> list[pd.Period]:
    """The annual periods to draw: those of ``years``, or the last ``n`` present."""
    ps = periods_of(frame)
    if not ps:
        raise ValidationError([Problem("empty", f"{where}: no rows to draw")])
    if years is None:
        return ps[-n:]
    by_year = {p.year: p for p in ps}
    missing = [y for y in years if y not in by_year]
    if missing:
        raise ValidationError([Problem(
            "unknown_period", f"{where}: the frame has no year {y}", column=PERIOD, value=y,
            suggestions=tuple(str(p.year) for p in ps[-5:])) for y in missing])
    return [by_year[y] for y in years]


def default_groups(frame: pd.DataFrame, taxonomy: _taxonomy.Taxonomy | None = None,
                   *, top_level: bool = True) -> list[str]:
    """Target groups present, in appendix order; by default only the top-level groups
    under "I alt" (falling back to all present groups when none is top-level)."""
    tx = taxonomy or _taxonomy.default()
    here = present(frame, TARGET_GROUP)
    order = {g: i for i, g in enumerate(tx.ordered_groups())}
    ordered = sorted(here, key=lambda g: (order.get(g, len(order)), g))
    if top_level:
        top = [g for g in ordered if g in tx.groups and tx.groups[g].parent == "i_alt"]
        if top:
            return top
    return ordered
