"""One bundle of key figures per area and period: computed once, read by every layer.

The report's data flow goes one way: :func:`key_figures` selects the rows of the
areas in play from the canonical monthly frame and computes, once, every key
figure the appendix tables, the report figures, the checks of the printed
numbers and the paper's sentences need. It returns a frozen :class:`KeyFigures`;
those layers read only from it (``appendix_of``, ``report_figures``,
``verify_appendix``, ``paper_of``), never from the frame.

What is in the bundle, for ``area``, its comparison area(s) and Hele landet:

* ``monthly[m]`` — the monthly rows of measure ``m``; ``annual[m]`` — their
  annual averages (every year of the data), by
  :func:`~jobstats.keyfigures.annual_average`;
* ``yoy[m]``, ``national_share[m]`` — year-over-year changes and national shares
  of those averages (full-time persons, long-term unemployed);
  ``share_change`` — the change of the full-time persons' national shares;
* ``population_share`` — annual full-time persons as % of the population 16-66;
  ``monthly_population_share`` — the monthly one of kontanthjælp (a figure);
* ``activation`` — the activity overview of ``year``;
* ``year_to_date`` — the ordinary-hours goal (year to date, its share and change);
* ``point`` — the point comparison (the last month of ``year`` against a year
  earlier, comparison clusters summed from their kommuner);
* ``ranking`` and ``kommune_shares`` — the same for every area: the 4th-quarter
  share of the population on uddannelseshjælp of every kommune (the top-10 table)
  and the annual one on kontanthjælp (the maps). Inside a batch
  (:mod:`jobstats.batch_cache`) they are computed once for all areas;
* ``data_until`` — the last month of the area's data in ``year`` (the paper).

Nothing here is new arithmetic: every number comes from the functions of
:mod:`jobstats.keyfigures`. A part the data do not allow is left out and its
error kept (``errors``): the table or figure that needs it is omitted with the
same problems as when it computed the part itself.

>>> import jobstats
>>> kf = key_figures(jobstats.demo(), area="Gentofte", year=2018)  # doctest: +SKIP
>>> kf.annual["full_time_persons"]  # doctest: +SKIP
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import partial
from types import MappingProxyType
from typing import Any, TypeVar

import numpy as np
import pandas as pd

from jobstats import frame as _frame
from jobstats import taxonomy as _taxonomy
from jobstats.batch_cache import measure_rows, shared
from jobstats.errors import JobstatsError, Problem, Reason, ValidationError
from jobstats.keyfigures.activation import activation_overview
from jobstats.keyfigures.aggregation import aggregate
from jobstats.keyfigures.annual import annual_average
from jobstats.keyfigures.change import point_change, share_change, yoy_change
from jobstats.keyfigures.shares import national_share, population_share
from jobstats.selection import present_values, select, select_rows, year_of, years_of

__all__ = ["KeyFigures", "PointComparison", "Ranking", "YearToDate", "activation",
           "key_figures", "point_comparison"]

FULL_TIME = "full_time_persons"
LONG_TERM = "long_term_unemployed"
ACTIVATED = "activated_full_time_persons"
POPULATION = "population_16_66"
HOURS = "ordinary_hours_persons"
PERSONS = "persons"
UNSUBSIDISED = "unsubsidised_employment"
PCT_UNSUBSIDISED = "pct_unsubsidised_employment"
HOURS_GROUP = "kontanthjaelp.aktivitetsparate"

_ANNUAL_MEASURES = (FULL_TIME, LONG_TERM, ACTIVATED, POPULATION, UNSUBSIDISED,
                    PCT_UNSUBSIDISED)
_LEVEL_MEASURES = (FULL_TIME, LONG_TERM)

T = TypeVar("T")
K = TypeVar("K", bound=Hashable)


@dataclass(frozen=True)
class Ranking:
    """The ranking's quarter, every kommune's and the country's share of the
    population 16-66 on uddannelseshjælp (``share``, ``year - 1`` and ``year``) and
    the full-time persons it rests on (``counts``)."""

    quarter: int
    share: pd.DataFrame
    counts: pd.DataFrame


@dataclass(frozen=True)
class YearToDate:
    """The ordinary-hours goal: January through ``latest_month`` of each year.

    ``counts`` is the year-to-date average of the persons with ordinary hours;
    ``table`` adds their share of the group's recipients (when the data have
    them, measure ``pct_ordinary_hours``) and the change of the count."""

    latest_month: int
    counts: pd.DataFrame
    table: pd.DataFrame
    measures: tuple[str, ...]


@dataclass(frozen=True)
class PointComparison:
    """``month`` of ``year`` against a year earlier for ``areas`` (own first)."""

    year: int
    month: int
    target_group: str
    measure: str
    areas: tuple[str, ...]
    levels: pd.DataFrame
    change: pd.DataFrame
    population_share: pd.DataFrame | None


def _frozen(mapping: Mapping[K, T]) -> Mapping[K, T]:
    return MappingProxyType(dict(mapping))


@dataclass(frozen=True)
class KeyFigures:
    """The key figures of one area and period (see the module docstring).

    Treat the frames as read-only: every layer of the report reads the same ones.
    """

    area: str
    year: int
    compares: tuple[str, ...]
    national: str
    taxonomy: _taxonomy.Taxonomy = field(repr=False)
    attrs: Mapping[Hashable, Any] = field(repr=False)
    groups: Mapping[str, frozenset[str]] = field(repr=False)
    """The target groups each measure has in the data (any area)."""
    monthly: Mapping[str, pd.DataFrame] = field(repr=False)
    annual: Mapping[str, pd.DataFrame] = field(repr=False)
    yoy: Mapping[str, pd.DataFrame] = field(repr=False)
    national_share: Mapping[str, pd.DataFrame] = field(repr=False)
    share_change: pd.DataFrame | None = field(repr=False, default=None)
    population_share: pd.DataFrame | None = field(repr=False, default=None)
    monthly_population_share: pd.DataFrame | None = field(repr=False, default=None)
    activation: pd.DataFrame | None = field(repr=False, default=None)
    year_to_date: YearToDate | None = field(repr=False, default=None)
    point: PointComparison | None = field(repr=False, default=None)
    ranking: Ranking | None = field(repr=False, default=None)
    kommune_shares: pd.DataFrame | None = field(repr=False, default=None)
    data_until: pd.Period | None = None
    errors: Mapping[str, JobstatsError] = field(repr=False, default_factory=dict)
    """Why a part is missing (its table or figure is omitted with these problems)."""

    @property
    def compare(self) -> str | None:
        """The first comparison area (``None`` without one)."""
        return self.compares[0] if self.compares else None

    @property
    def source(self) -> object:
        """The data's source line (``attrs["source"]``)."""
        return self.attrs.get("source")

    def has(self, measure: str, group: str | None = None) -> bool:
        """Whether the data have ``measure`` (for ``group``) for any area."""
        groups = self.groups.get(measure)
        return bool(groups) if group is None else groups is not None and group in groups

    def need(self, part: str, value: T | None) -> T:
        """``value`` of ``part``, or the error that kept it out of the bundle (a
        :class:`~jobstats.errors.ValidationError`, so the table or figure that needs
        it is omitted with its problems)."""
        if value is None:
            error = self.errors.get(part)
            if error is not None:
                raise error
            raise ValidationError([Problem(Reason.NO_DATA,
                                           f"the key figures have no {part}")])
        return value

    def with_attrs(self, data: pd.DataFrame) -> pd.DataFrame:
        """``data`` with the bundle's ``attrs`` (the source line of a table)."""
        data.attrs = dict(self.attrs)
        return data


def key_figures(frame: pd.DataFrame, *, area: str, year: int,
                compare: str | Sequence[str] | None = None,
                taxonomy: _taxonomy.Taxonomy | None = None) -> KeyFigures:
    """Compute the key figures of ``area`` and ``year`` from a canonical monthly frame.

    ``compare`` is one comparison area or several (the point comparison shows them
    all; the figures the first). A comparison area without rows in ``frame`` (a
    cluster) is summed from its kommuner where a figure needs it. The frame is not
    kept: the bundle holds only what it computed (and the frame's ``attrs``).
    """
    tx = taxonomy or _taxonomy.default()
    area = tx.resolve_area(area)
    year = int(year)
    national = _taxonomy.NATIONAL
    wanted = [compare] if isinstance(compare, str) else list(compare or ())
    compares = tuple(dict.fromkeys(tx.resolve_area(c) for c in wanted))
    attrs: dict[Hashable, Any] = dict(frame.attrs)
    groups: dict[str, frozenset[str]] = {}
    for m in (*_ANNUAL_MEASURES, HOURS, PERSONS):
        present = _present_groups(frame, m)
        if present:
            groups[m] = present
    in_play = tuple(dict.fromkeys((area, *compares, national)))
    errors: dict[str, JobstatsError] = {}

    def attempt(part: str, compute: Callable[[], T]) -> T | None:
        try:
            return compute()
        except JobstatsError as exc:
            errors[part] = exc
            return None

    monthly: dict[str, pd.DataFrame] = {}
    annual: dict[str, pd.DataFrame] = {}
    for m in _ANNUAL_MEASURES:
        if m not in groups:
            continue
        monthly[m] = rows = select_rows(measure_rows(frame, m), area=in_play)
        got = attempt(f"annual:{m}", partial(_annual, rows, attrs))
        if got is not None:
            annual[m] = got
    yoy: dict[str, pd.DataFrame] = {}
    shares: dict[str, pd.DataFrame] = {}
    for m in _LEVEL_MEASURES:
        if m in annual:
            got = attempt(f"yoy:{m}", partial(_yoy, annual[m], attrs))
            if got is not None:
                yoy[m] = got
            got = attempt(f"national_share:{m}", partial(national_share, annual[m]))
            if got is not None:
                shares[m] = got
    change = attempt("share_change", lambda: share_change(shares[FULL_TIME])) \
        if FULL_TIME in shares else None
    figure_areas = tuple(dict.fromkeys(a for a in (area, compares[0] if compares else None,
                                                   national) if a))
    for part, source in (("share_change", f"national_share:{FULL_TIME}"),
                         ("population_share", f"annual:{FULL_TIME}"),
                         ("population_share", f"annual:{POPULATION}")):
        if source in errors:  # a part not computed because what it rests on failed
            errors.setdefault(part, errors[source])
    pop_share = monthly_pop_share = None
    if FULL_TIME in annual and POPULATION in annual:
        pop_share = attempt("population_share", lambda: _with(population_share(
            annual[FULL_TIME], annual[POPULATION]), attrs))
    if FULL_TIME in monthly and POPULATION in monthly:
        monthly_pop_share = attempt("monthly_population_share", lambda: _with(
            population_share(_frame.select_rows(monthly[FULL_TIME], area=figure_areas,
                                                target_group="kontanthjaelp"),
                             _frame.select_rows(monthly[POPULATION], area=figure_areas)),
            attrs))
    overview = attempt("activation", lambda: activation(frame, area, year)) \
        if ACTIVATED in groups else None
    ytd = attempt("year_to_date", lambda: _year_to_date(frame, area, year, groups)) \
        if HOURS in groups else None
    point = attempt("point", lambda: point_comparison(
        frame, area, compares, year=year,
        month=_last_month(frame, year, "kontanthjaelp"), taxonomy=tx)) \
        if "kontanthjaelp" in groups.get(FULL_TIME, ()) else None
    ranking = kommune = None
    if POPULATION in groups:
        if "uddannelseshjaelp" in groups.get(FULL_TIME, ()):
            ranking = attempt("ranking", lambda: shared(
                frame, ("ranking_share_q", year), lambda: _ranking(frame, year, tx)))
        kommune = attempt("kommune_shares", lambda: shared(
            frame, ("kommune_shares", year), lambda: _kommune_shares(frame, year)))
    return KeyFigures(
        area=area, year=year, compares=compares, national=national, taxonomy=tx,
        attrs=_frozen(attrs), groups=_frozen(groups), monthly=_frozen(monthly),
        annual=_frozen(annual), yoy=_frozen(yoy), national_share=_frozen(shares),
        share_change=change, population_share=pop_share,
        monthly_population_share=monthly_pop_share, activation=overview,
        year_to_date=ytd, point=point, ranking=ranking, kommune_shares=kommune,
        data_until=_data_until(frame, area, year), errors=_frozen(errors))


def _with(data: pd.DataFrame, attrs: Mapping[Hashable, Any]) -> pd.DataFrame:
    data.attrs = dict(attrs)
    return data


def _annual(rows: pd.DataFrame, attrs: Mapping[Hashable, Any]) -> pd.DataFrame:
    return _with(annual_average(rows), attrs)


def _yoy(annual: pd.DataFrame, attrs: Mapping[Hashable, Any]) -> pd.DataFrame:
    return _with(yoy_change(annual), attrs)


def _rows_for(frame: pd.DataFrame, measure: str, areas: Sequence[str],
              groups: Sequence[str] = ()) -> pd.DataFrame:
    """The rows of ``measure`` when they have every one of ``areas`` and ``groups`` (a
    selection of them is then the same as of the whole frame, and faster), else the
    whole frame (whose selection names what is missing as before)."""
    rows = measure_rows(frame, measure)

    def compute() -> frozenset[str]:
        return frozenset(present_values(rows, _frame.AREA))

    present = shared(frame, ("present_areas", measure), compute)
    return rows if len(rows) and all(a in present for a in areas) and \
        all(g in _present_groups(frame, measure) for g in groups) else frame


def _present_groups(frame: pd.DataFrame, measure: str) -> frozenset[str]:
    """The target groups ``measure`` has in ``frame`` (shared in a batch)."""
    def compute() -> frozenset[str]:
        return frozenset(present_values(measure_rows(frame, measure), _frame.TARGET_GROUP))

    return shared(frame, ("present_groups", measure), compute)


def _annual_years(frame: pd.DataFrame, first: int, last: int,
                  months: range | None = None) -> pd.DataFrame:
    annual = annual_average(frame, months=months)
    years = years_of(annual[_frame.PERIOD])
    keep = (first <= years) & (years <= last)
    out = annual.loc[keep].reset_index(drop=True)
    out.attrs = dict(frame.attrs)
    return out


def activation(frame: pd.DataFrame, area: str, year: int) -> pd.DataFrame:
    """The activity overview of ``area`` in ``year`` (see
    :func:`~jobstats.keyfigures.activation_overview`) from the activated full-time
    persons per offer type and the full-time persons of the groups that have offers."""
    data = select(_rows_for(frame, ACTIVATED, [area]), measures=[ACTIVATED], areas=[area],
                  where="aktivitetsoversigt")
    with_offers = {str(g) for g in data[_frame.TARGET_GROUP].astype(object)}
    full = select(_rows_for(frame, FULL_TIME, [area]), measures=[FULL_TIME], areas=[area],
                  where="aktivitetsoversigt")
    full = full[_frame.rows_where(full, target_group=with_offers)]
    both = _frame.make_frame(pd.concat([data, full], ignore_index=True))
    both.attrs = dict(frame.attrs)
    return activation_overview(both, int(year))


def _year_to_date(frame: pd.DataFrame, area: str, year: int,
                  groups: Mapping[str, frozenset[str]]) -> YearToDate:
    """Year to date through the last published month of ``year``: the average number
    of aktivitetsparate kontanthjælp recipients with ordinary paid hours per month,
    their share of all the group's recipients (when the data hold the group's
    persons), and the change of the count against the same months a year earlier."""
    data = select(measure_rows(frame, HOURS), measures=[HOURS], areas=[area])
    periods = data[_frame.PERIOD]
    if isinstance(periods.dtype, pd.PeriodDtype):  # one comparison per row, no boxing
        periods = periods[years_of(periods) == year]
    latest = max(p for p in periods if year_of(p) == year)
    months = range(1, int(latest.month) + 1)
    atd = _annual_years(data, year - 3, year, months=months)
    core = list(_frame.CORE_COLUMNS)
    parts = [atd[core]]
    measures = [HOURS]
    persons = select(measure_rows(frame, PERSONS), measures=[PERSONS], areas=[area],
                     groups=[HOURS_GROUP]) if HOURS_GROUP in groups.get(PERSONS, ()) else None
    if persons is not None and len(persons):
        atd_p = _annual_years(persons, year - 3, year, months=months)
        share = _frame.make_frame(_ratio(atd[core], atd_p[core], "pct_ordinary_hours"))
        parts.append(share[core])
        measures.append("pct_ordinary_hours")
    change = yoy_change(_frame.make_frame(atd[core]))
    parts.append(change[core])
    measures.append(f"{HOURS}:yoy")
    table = _frame.make_frame(pd.concat(parts, ignore_index=True))
    table.attrs = dict(frame.attrs)
    return YearToDate(int(latest.month), atd, table, tuple(measures))


def _ratio(part: pd.DataFrame, whole: pd.DataFrame, measure: str) -> pd.DataFrame:
    """100 × part / whole per area and period (blinded if either is; NaN for a 0 whole)."""
    fast = _ratio_by_lookup(part, whole, measure)
    return fast if fast is not None else _ratio_by_merge(part, whole, measure)


def _ratio_by_lookup(part: pd.DataFrame, whole: pd.DataFrame,
                     measure: str) -> pd.DataFrame | None:
    """:func:`_ratio_by_merge` when ``whole`` has one row per area and period (a lookup
    of each row's whole instead of a merge; the same frame), else ``None``."""
    w_area = whole[_frame.AREA].astype(str).tolist()
    w_period = whole[_frame.PERIOD].tolist()
    w_value = whole[_frame.VALUE].to_numpy(dtype=float)
    w_blinded = whole[_frame.BLINDED].to_numpy(dtype=bool)
    position = {key: i for i, key in enumerate(zip(w_area, w_period, strict=True))}
    if len(position) != len(whole):
        return None  # a key twice: the merge repeats rows
    area = part[_frame.AREA].astype(str)
    at = np.array([position.get(key, -1) for key in zip(
        area.tolist(), part[_frame.PERIOD].tolist(), strict=True)], dtype=np.intp)
    found = at >= 0
    safe = np.where(found, at, 0)
    denom = np.where(found, w_value[safe], np.nan) if len(whole) else np.full(len(at), np.nan)
    num = part[_frame.VALUE].to_numpy(dtype=float)
    with np.errstate(all="ignore"):
        value = np.where(denom > 0, 100.0 * num / denom, np.nan)
    whole_blinded = found & w_blinded[safe] if len(whole) else np.zeros(len(at), dtype=bool)
    blinded = part[_frame.BLINDED].to_numpy(dtype=bool) | whole_blinded
    value[blinded] = np.nan
    index = pd.RangeIndex(len(part))
    return pd.DataFrame({_frame.AREA: pd.Series(area.array, index=index),
                         _frame.TARGET_GROUP: pd.Series(part[_frame.TARGET_GROUP].array,
                                                        index=index),
                         _frame.PERIOD: pd.Series(part[_frame.PERIOD].array, index=index),
                         _frame.MEASURE: measure, _frame.VALUE: value,
                         _frame.BLINDED: blinded}, index=index)


def _ratio_by_merge(part: pd.DataFrame, whole: pd.DataFrame, measure: str) -> pd.DataFrame:
    """:func:`_ratio` by a left merge on area and period."""
    keys = [_frame.AREA, _frame.PERIOD]
    w = whole[[*keys, _frame.VALUE, _frame.BLINDED]].astype({_frame.AREA: str})
    p = part.astype({_frame.AREA: str})
    merged = p.merge(w, on=keys, how="left", suffixes=("", "_whole"))
    denom = merged[f"{_frame.VALUE}_whole"].to_numpy(dtype=float)
    num = merged[_frame.VALUE].to_numpy(dtype=float)
    with np.errstate(all="ignore"):
        value = np.where(denom > 0, 100.0 * num / denom, np.nan)
    blinded = merged[_frame.BLINDED].to_numpy(dtype=bool) | \
        merged[f"{_frame.BLINDED}_whole"].fillna(False).to_numpy(dtype=bool)
    value[blinded] = np.nan
    return pd.DataFrame({_frame.AREA: merged[_frame.AREA],
                         _frame.TARGET_GROUP: merged[_frame.TARGET_GROUP],
                         _frame.PERIOD: merged[_frame.PERIOD], _frame.MEASURE: measure,
                         _frame.VALUE: value, _frame.BLINDED: blinded})


def _last_month(frame: pd.DataFrame, year: int, group: str) -> int:
    """The last month of ``year`` the full-time persons of ``group`` have (12 for a whole
    year; the period's last month when the report covers part of the year). The same
    for every area: shared in a batch."""
    return shared(frame, ("last_month", year, group),
                  lambda: _compute_last_month(frame, year, group))


def _compute_last_month(frame: pd.DataFrame, year: int, group: str) -> int:
    rows = select(measure_rows(frame, FULL_TIME), measures=[FULL_TIME], groups=[group])
    periods = rows[_frame.PERIOD]
    if isinstance(periods.dtype, pd.PeriodDtype) and \
            isinstance(periods.dtype.freq, pd.offsets.MonthEnd) and periods.dtype.freq.n == 1:
        ordinals = np.asarray(periods.array.asi8)  # months since 1970-01
        ordinals = ordinals[ordinals != np.iinfo(np.int64).min]  # not NaT
        months = ordinals[ordinals // 12 + 1970 == year] % 12 + 1
        return int(months.max()) if len(months) else 12
    found = [int(p.month) for p in set(periods)
             if isinstance(p, pd.Period) and p.freqstr.startswith("M") and p.year == year]
    return max(found) if found else 12


def _ranking(frame: pd.DataFrame, year: int, tx: _taxonomy.Taxonomy) -> Ranking:
    """The 4th-quarter share of the population on uddannelseshjælp of every kommune and
    the country in ``year`` and the year before, and the full-time persons it rests on
    (the same for every area's appendix). A report of part of a year ranks on its last
    complete quarter."""
    q = max(1, _last_month(frame, year, "uddannelseshjaelp") // 3)
    quarter = range(3 * q - 2, 3 * q + 1)
    areas = [*tx.kommuner(), _taxonomy.NATIONAL]
    present = shared(frame, ("present", _frame.AREA),
                     lambda: present_values(frame, _frame.AREA))
    areas = [a for a in areas if a in present]
    ftp = select(measure_rows(frame, FULL_TIME), measures=[FULL_TIME], areas=areas,
                 groups=["uddannelseshjaelp"])
    pop = select(measure_rows(frame, POPULATION), measures=[POPULATION], areas=areas)
    counts = _annual_years(ftp, year - 1, year, months=quarter)
    share = population_share(counts, _annual_years(pop, year - 1, year, months=quarter))
    share.attrs = dict(frame.attrs)
    return Ranking(q, share, counts)


def _kommune_shares(frame: pd.DataFrame, year: int) -> pd.DataFrame:
    """Every area's annual share of the population 16-66 on kontanthjælp in ``year``
    (the maps)."""
    pop = measure_rows(frame, POPULATION)
    kh = _frame.select_rows(measure_rows(frame, FULL_TIME), target_group="kontanthjaelp")
    kh = kh.loc[kh[_frame.PERIOD].dt.year == year]
    share = population_share(annual_average(kh), annual_average(
        pop.loc[pop[_frame.PERIOD].dt.year == year]))
    share.attrs["source"] = frame.attrs.get("source")
    return share


def _data_until(frame: pd.DataFrame, area: str, year: int) -> pd.Period | None:
    """The last month of ``area``'s data up to the end of ``year``."""
    periods = select_rows(frame, area=area)[_frame.PERIOD]
    if isinstance(periods.dtype, pd.PeriodDtype) and len(periods):
        ends = periods.dt.end_time
        last = ends[ends.dt.year <= year].max()
        if isinstance(last, pd.Timestamp) and not pd.isna(last):
            return pd.Period(year=last.year, month=last.month, freq="M")
    return None


def point_comparison(frame: pd.DataFrame, area: str,
                     compare: str | Sequence[str] | None = None, *, year: int,
                     month: int = 12, target_group: str = "kontanthjaelp",
                     measure: str = FULL_TIME, national: str = _taxonomy.NATIONAL,
                     taxonomy: _taxonomy.Taxonomy | None = None) -> PointComparison:
    """The key figures of a point comparison (see
    :func:`~jobstats.tables.point_comparison_table`): the values of ``month`` in
    ``year`` and a year earlier, their change and the value as % of the population
    16-66 (when the frame has ``population_16_66``), for ``area``, ``compare`` and
    ``national``. A comparison area without rows (a cluster) is summed from its
    kommuner, its % of the population the ratio of those sums."""
    tx = taxonomy or _taxonomy.default()
    area = tx.resolve_area(area)
    national = tx.resolve_area(national)
    wanted = [compare] if isinstance(compare, str) else list(compare or ())
    compares = list(dict.fromkeys(tx.resolve_area(c) for c in wanted))
    areas = list(dict.fromkeys([area, *compares, national]))
    present = shared(frame, ("present", _frame.AREA),
                     lambda: present_values(frame, _frame.AREA))
    summed_areas = [c for c in compares if c not in present]
    own = [a for a in areas if a in present]
    data = select(_rows_for(frame, measure, own, [target_group]), measures=[measure],
                  groups=[target_group], areas=own, where="point_comparison_table")
    for other in summed_areas:
        members = [k for k in tx.members(other) if k in present]
        kommuner = select(_rows_for(frame, measure, members, [target_group]),
                          measures=[measure],
                          groups=[target_group], areas=members, where="point_comparison_table")
        summed = aggregate(kommuner, to=other, taxonomy=tx)
        summed = summed.drop(columns=[c for c in summed.columns if c in _frame.HELPER_COLUMNS])
        data = _frame.make_frame(pd.concat([data.astype({_frame.AREA: object}),
                                            summed.astype({_frame.AREA: object})],
                                           ignore_index=True), taxonomy=tx)
    months = [pd.Period(year=year - 1, month=month, freq="M"),
              pd.Period(year=year, month=month, freq="M")]
    data = data[_frame.rows_where(data, period=months)].reset_index(drop=True)
    missing = [a for a in areas if not _frame.rows_where(data, area=a).any()]
    if missing:
        raise ValidationError([Problem(
            "no_data", f"point_comparison_table: no {measure} rows for {a!r} in "
            f"{months[0]} or {months[1]}", column=_frame.AREA, value=a) for a in missing])
    change = point_change(data, month=month)
    share: pd.DataFrame | None = None
    if len(measure_rows(frame, POPULATION)):
        # every area's population in the two months (and the summed clusters'): the same
        # for every area of a batch, shared
        key = ("point_population", tuple(map(str, months)),
               tuple((other, tuple(tx.members(other))) for other in summed_areas))
        pop = shared(frame, key, lambda: _point_population(frame, months, summed_areas, tx))
        share = population_share(data, pop)
    data.attrs = dict(frame.attrs)
    return PointComparison(int(year), int(month), target_group, measure, tuple(areas),
                           data, change, share)


def _point_population(frame: pd.DataFrame, months: list[pd.Period], summed_areas: list[str],
                      tx: _taxonomy.Taxonomy) -> pd.DataFrame:
    """The population 16-66 of every area in ``months``, with the sums of the comparison
    clusters ``summed_areas`` (see :func:`point_comparison`)."""
    pop = select(measure_rows(frame, POPULATION), measures=[POPULATION],
                 where="point_comparison_table")
    pop = pop[_frame.rows_where(pop, period=months)].reset_index(drop=True)
    for other in summed_areas:
        pop_k = pop[_frame.rows_where(pop, area=tx.members(other))]
        pop_sum = aggregate(pop_k.reset_index(drop=True), to=other, taxonomy=tx)
        pop_sum = pop_sum.drop(columns=[c for c in pop_sum.columns
                                        if c in _frame.HELPER_COLUMNS])
        pop = _frame.make_frame(pd.concat([pop.astype({_frame.AREA: object}),
                                           pop_sum.astype({_frame.AREA: object})],
                                          ignore_index=True), taxonomy=tx)
    return pop
