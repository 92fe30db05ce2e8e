"""Sums over the hierarchies: areas (``aggregate``), target groups (``rollup_groups``),
and the check of published parents against their children (``consistency``).

Areas: ``aggregate(frame, to=...)`` sums the *kommuner* of the frame into regions,
landsdele, Hele landet, a comparison area (Østdanmark) or a user-defined
aggregate of :meth:`Taxonomy.with_aggregate`. Membership comes from the
taxonomy. Rows of other areas in the input are not used (an aggregate is always
the sum of its kommuner). Only additive counts are summed.

* a blinded member makes the sum blinded;
* a member with no row (or a NaN value) makes the sum *undefined* (``value``
  NaN, ``undefined`` True) and an :class:`IncompleteAggregateWarning` names it —
  a sum of fewer kommuner is not the aggregate.

Target groups: ``rollup_groups(frame)`` sums each parent's sub-groups
(``sums_to_parent`` in the taxonomy) and the top-level groups into ``i_alt``,
bottom-up; a published child is used as it is, an absent child that has its own
children is replaced by their sum; children absent altogether are skipped
(groups come and go with legislation). Blinded children make the parent blinded.

``consistency(frame)`` lists where a published parent differs from the sum of its
published children by more than ``tolerance`` (e.g. 0.5 for figures rounded to
whole numbers, times the number of children) — the "total differs from its parts"
errors of hand-made reports. ``by="area"`` compares published regions, landsdele
and Hele landet with the sums of their kommuner instead.
"""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd

from jobstats import frame as _frame
from jobstats import taxonomy as _taxonomy
from jobstats.errors import Problem, ValidationError
from jobstats.frame import AREA, BLINDED, TARGET_GROUP, VALUE
from jobstats.keyfigures._common import (
    KeyColumn,
    assemble,
    check_additive,
    check_frame,
    codes_of,
    compact,
    encode,
    full_check,
    key_frame,
)

__all__ = ["IncompleteAggregateWarning", "aggregate", "consistency", "rollup_groups"]


class IncompleteAggregateWarning(UserWarning):
    """An aggregate lacks some of its member kommuner; its value is undefined."""


def _targets(to: str, tx: _taxonomy.Taxonomy) -> tuple[str, ...]:
    kinds = {"region": _taxonomy.AreaKind.REGION, "regioner": _taxonomy.AreaKind.REGION,
             "landsdel": _taxonomy.AreaKind.LANDSDEL, "landsdele": _taxonomy.AreaKind.LANDSDEL}
    if to.casefold() in kinds:
        return tx.areas_of_kind(kinds[to.casefold()])
    return (tx.resolve_area(to),)


def aggregate(frame: pd.DataFrame, to: str = "region", *,
              taxonomy: _taxonomy.Taxonomy | None = None, check: bool = False
              ) -> pd.DataFrame:
    """Sum kommuner into aggregate areas.

    ``to`` is ``"region"``, ``"landsdel"``, ``"Hele landet"``, or the name of any
    aggregate area of ``taxonomy`` (a comparison area or one made with
    :meth:`~jobstats.taxonomy.Taxonomy.with_aggregate`). Returns only the
    aggregate rows, one per aggregate and other key, with helper ``undefined``.

    >>> import pandas as pd
    >>> from jobstats import make_frame, taxonomy
    >>> tx = taxonomy.default().with_aggregate("Nord", ["Hillerød", "Helsingør"])
    >>> f = make_frame(pd.DataFrame({
    ...     "area": ["Hillerød", "Helsingør", "Gentofte"], "target_group": "sygedagpenge",
    ...     "period": pd.Period("2018", "Y"), "measure": "full_time_persons",
    ...     "value": [300.0, 350.0, 543.0]}))
    >>> aggregate(f, to="Nord", taxonomy=tx)[["area", "value", "undefined"]]
       area  value  undefined
    0  Nord  650.0      False
    """
    where = "aggregate"
    tx = taxonomy or _taxonomy.default()
    frame = check_frame(frame, where, taxonomy=tx)
    if check:
        full_check(frame, where)
    check_additive(frame, where, tx)
    targets = _targets(to, tx)
    members = {t: tx.members(t) for t in targets}
    area_codes, _ = codes_of(frame[AREA])
    names = ["", *map(str, frame[AREA].cat.categories)]
    others = [c for c in _frame.key_columns(frame) if c != AREA]
    lin, size = encode(frame, others)
    rows_parts, target_parts = [], []
    for t_index, t in enumerate(targets):
        in_t = np.array([a in set(members[t]) for a in names])
        rows_t = np.flatnonzero(in_t[area_codes]).astype(np.int64)
        rows_parts.append(rows_t)
        target_parts.append(np.full(len(rows_t), t_index, dtype=np.int64))
    rows = np.concatenate(rows_parts) if rows_parts else np.zeros(0, dtype=np.int64)
    tidx = np.concatenate(target_parts) if target_parts else np.zeros(0, dtype=np.int64)
    n_t = len(targets)
    groups = compact(lin[rows] * n_t + tidx, size * n_t)
    values = frame[VALUE].to_numpy(dtype=np.float64)[rows]
    blind = frame[BLINDED].to_numpy(dtype=bool)[rows]
    observed = ~np.isnan(values) & ~blind
    k = groups.n_groups
    total = np.bincount(groups.gid, weights=np.where(observed, values, 0.0), minlength=k)
    n_obs = np.bincount(groups.gid, weights=observed, minlength=k)
    n_blind = np.bincount(groups.gid, weights=blind, minlength=k)
    t_of_group = tidx[groups.rep]
    expected = np.array([len(members[t]) for t in targets], dtype=np.float64)[t_of_group]
    if (groups.counts > expected).any():
        raise ValidationError([Problem(
            "duplicate_key", f"{where}: some kommune occurs more than once for the same "
            "target group, period, measure and dimensions", column=AREA)])
    blinded = n_blind > 0
    incomplete = ~blinded & (n_obs < expected)
    value = np.where(blinded | incomplete, np.nan, total)
    keys = key_frame(frame, rows[groups.rep])
    area_dtype = pd.CategoricalDtype(list(targets))
    keys[AREA] = pd.Series(pd.Categorical.from_codes(t_of_group, dtype=area_dtype), name=AREA)
    result = assemble(keys, value, blinded, {"undefined": incomplete})
    if incomplete.any():
        bad = np.flatnonzero(incomplete)
        first = int(bad[0])
        present = set(map(str, frame[AREA].to_numpy()[rows][groups.gid == first]))
        missing = [a for a in members[targets[t_of_group[first]]] if a not in present]
        warnings.warn(
            f"{where}: {len(bad)} aggregate value(s) lack member kommuner and are undefined; "
            f"e.g. {targets[t_of_group[first]]} lacks {', '.join(missing[:5])}"
            f"{' ...' if len(missing) > 5 else ''}", IncompleteAggregateWarning, stacklevel=2)
    return result


def _group_matrix(frame: pd.DataFrame, tx: _taxonomy.Taxonomy
                  ) -> tuple[list[str], np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Cells (all keys but target group) × groups: value, present, blinded; cell reps."""
    others = [c for c in _frame.key_columns(frame) if c != TARGET_GROUP]
    lin, size = encode(frame, others)
    cells = compact(lin, size)
    g_codes, _ = codes_of(frame[TARGET_GROUP])
    names = ["", *map(str, frame[TARGET_GROUP].cat.categories)]
    unknown = [g for g in set(names[1:]) if g not in tx.groups]
    if unknown:
        raise ValidationError([Problem(
            "unknown_target_group", f"unknown target group {g!r}", column=TARGET_GROUP,
            value=g) for g in sorted(unknown)])
    groups = list(tx.ordered_groups())
    col_of = np.array([groups.index(g) if g else 0 for g in names], dtype=np.int64)
    shape = (cells.n_groups, len(groups))
    values = np.full(shape, np.nan)
    present = np.zeros(shape, dtype=bool)
    blinded = np.zeros(shape, dtype=bool)
    col = col_of[g_codes]
    if np.bincount(cells.gid * len(groups) + col).max(initial=0) > 1:
        raise ValidationError([Problem(
            "duplicate_key", "a target group occurs more than once for the same area, "
            "period, measure and dimensions", column=TARGET_GROUP)])
    values[cells.gid, col] = frame[VALUE].to_numpy(dtype=np.float64)
    blinded[cells.gid, col] = frame[BLINDED].to_numpy(dtype=bool)
    present[cells.gid, col] = ~np.isnan(values[cells.gid, col]) | blinded[cells.gid, col]
    return groups, values, present, blinded, cells.rep


def _rollup(frame: pd.DataFrame, tx: _taxonomy.Taxonomy, use_published: bool
            ) -> tuple[list[str], np.ndarray, np.ndarray, np.ndarray, np.ndarray,
                       np.ndarray, np.ndarray, np.ndarray]:
    groups, values, present, blinded, reps = _group_matrix(frame, tx)
    eff_v, eff_p, eff_b = values.copy(), present.copy(), blinded.copy()
    comp_v = np.full(values.shape, np.nan)
    comp_p = np.zeros(values.shape, dtype=bool)
    comp_b = np.zeros(values.shape, dtype=bool)
    index = {g: i for i, g in enumerate(groups)}
    parents = [g for g in groups if any(tx.groups[c].sums_to_parent for c in tx.children(g))]
    for parent in sorted(parents, key=lambda g: -_depth(tx, g)):
        kids = [index[c] for c in tx.children(parent) if tx.groups[c].sums_to_parent]
        kv, kp, kb = eff_v[:, kids], eff_p[:, kids], eff_b[:, kids]
        i = index[parent]
        comp_p[:, i] = kp.any(axis=1)
        comp_b[:, i] = (kb & kp).any(axis=1)
        comp_v[:, i] = np.where(comp_p[:, i] & ~comp_b[:, i],
                                np.where(kp & ~kb, kv, 0.0).sum(axis=1), np.nan)
        use = ~eff_p[:, i] if use_published else np.ones(len(eff_p), dtype=bool)
        eff_v[:, i] = np.where(use, comp_v[:, i], eff_v[:, i])
        eff_b[:, i] = np.where(use, comp_b[:, i], eff_b[:, i])
        eff_p[:, i] = np.where(use, comp_p[:, i], eff_p[:, i])
    return groups, values, present, blinded, reps, comp_v, comp_p, comp_b


def _depth(tx: _taxonomy.Taxonomy, group: str) -> int:
    depth, g = 0, tx.groups[group]
    while g.parent is not None:
        depth += 1
        g = tx.groups[g.parent]
    return depth


def _cells_frame(frame: pd.DataFrame, groups: list[str], reps: np.ndarray,
                 mask: np.ndarray) -> tuple[dict[str, KeyColumn], np.ndarray, np.ndarray]:
    cell, col = np.nonzero(mask)
    order = np.lexsort((col, cell))
    cell, col = cell[order], col[order]
    keys = key_frame(frame, reps[cell].astype(np.int64))
    used = sorted(set(col.tolist()))
    dtype = pd.CategoricalDtype([groups[c] for c in used])
    remap = np.zeros(len(groups), dtype=np.int64)
    remap[used] = np.arange(len(used))
    keys[TARGET_GROUP] = pd.Series(pd.Categorical.from_codes(remap[col], dtype=dtype),
                                   name=TARGET_GROUP)
    return keys, cell, col


def rollup_groups(frame: pd.DataFrame, *, taxonomy: _taxonomy.Taxonomy | None = None,
                  check: bool = False) -> pd.DataFrame:
    """The parent target groups (and ``i_alt``) as sums of their sub-groups.

    Returns one row per parent group and other key where any child is present,
    with the computed sum (see the module doc for blinded and absent children).

    >>> import pandas as pd
    >>> from jobstats import make_frame
    >>> f = make_frame(pd.DataFrame({
    ...     "area": "Gentofte", "period": pd.Period("2018", "Y"),
    ...     "target_group": ["revalidering.revalidender", "revalidering.forrevalidender",
    ...                      "sygedagpenge"],
    ...     "measure": "full_time_persons", "value": [36.0, 34.0, 543.0]}))
    >>> rollup_groups(f)[["target_group", "value"]]
       target_group  value
    0  revalidering   70.0
    1         i_alt  613.0
    """
    where = "rollup_groups"
    tx = taxonomy or _taxonomy.default()
    frame = check_frame(frame, where, taxonomy=tx)
    if check:
        full_check(frame, where)
    check_additive(frame, where, tx)
    groups, _, _, _, reps, comp_v, comp_p, comp_b = _rollup(frame, tx, use_published=True)
    keys, cell, col = _cells_frame(frame, groups, reps, comp_p)
    return assemble(keys, comp_v[cell, col], comp_b[cell, col])


def consistency(frame: pd.DataFrame, *, tolerance: float = 0.0, by: str = TARGET_GROUP,
                taxonomy: _taxonomy.Taxonomy | None = None) -> pd.DataFrame:
    """Published parents that differ from the sum of their children.

    Returns the parent rows (``value`` = the published figure) where both the
    parent and at least one child are published and not blinded and
    ``|published - computed| > tolerance``; helpers ``computed`` (the sum of the
    children) and ``difference`` (published - computed). An empty frame means
    consistent. ``by="area"`` checks regions, landsdele and Hele landet against
    their kommuner (Hele landet: plus "Uoplyst kommune" and "Udlandet" when the frame
    has them, as DST's and jobindsats' national figures include them).

    >>> import pandas as pd
    >>> from jobstats import make_frame
    >>> f = make_frame(pd.DataFrame({
    ...     "area": "Gentofte", "period": pd.Period("2018", "Y"),
    ...     "target_group": ["revalidering", "revalidering.revalidender",
    ...                      "revalidering.forrevalidender"],
    ...     "measure": "full_time_persons", "value": [71.0, 36.0, 34.0]}))
    >>> consistency(f)[["target_group", "value", "computed", "difference"]]
       target_group  value  computed  difference
    0  revalidering   71.0      70.0         1.0
    """
    where = "consistency"
    tx = taxonomy or _taxonomy.default()
    frame = check_frame(frame, where, taxonomy=tx)
    check_additive(frame, where, tx)
    if by == AREA:
        return _area_consistency(frame, tolerance, tx)
    if by != TARGET_GROUP:
        raise ValidationError([Problem("bad_by", f"{where}: by must be 'target_group' or "
                                       "'area'", value=by)])
    groups, values, present, blinded, reps, comp_v, comp_p, comp_b = _rollup(
        frame, tx, use_published=True)
    with np.errstate(invalid="ignore"):
        diff = values - comp_v
        bad = present & ~blinded & comp_p & ~comp_b & (np.abs(diff) > tolerance)
    keys, cell, col = _cells_frame(frame, groups, reps, bad)
    return assemble(keys, values[cell, col], np.zeros(len(cell), dtype=bool),
                    {"computed": comp_v[cell, col], "difference": diff[cell, col]})


def _with_unplaced(computed: pd.DataFrame, frame: pd.DataFrame, keys: list[str],
                   tx: _taxonomy.Taxonomy) -> pd.DataFrame:
    """The country's sum of kommuner plus the rows of no kommune the frame has ("Uoplyst
    kommune", "Udlandet"): DST's and jobindsats' national figures include them."""
    unplaced = set(tx.areas_of_kind(_taxonomy.AreaKind.OTHER))
    rows = frame[frame[AREA].astype(str).isin(unplaced).to_numpy()]
    if not len(rows):
        return computed
    extra = rows.groupby(keys, observed=True, dropna=False).agg(
        _extra=(VALUE, lambda v: v.sum(min_count=1)), _eb=(BLINDED, "any")).reset_index()
    out = computed.merge(extra, on=keys, how="left")
    add = out["_extra"].fillna(0.0).to_numpy(dtype=np.float64)
    out[VALUE] = out[VALUE].to_numpy(dtype=np.float64) + add
    out[BLINDED] = out[BLINDED].to_numpy(dtype=bool) | out["_eb"].fillna(False).to_numpy(
        dtype=bool)
    return out.drop(columns=["_extra", "_eb"])


def _area_consistency(frame: pd.DataFrame, tolerance: float,
                      tx: _taxonomy.Taxonomy) -> pd.DataFrame:
    present_areas = {str(a) for a in frame[AREA].unique()}
    parts = []
    for kind in (_taxonomy.AreaKind.LAND, _taxonomy.AreaKind.REGION,
                 _taxonomy.AreaKind.LANDSDEL, _taxonomy.AreaKind.COMPARISON):
        for name in tx.areas_of_kind(kind):
            if name not in present_areas:
                continue
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", IncompleteAggregateWarning)
                computed = aggregate(frame, to=name, taxonomy=tx)
            published = frame[(frame[AREA] == name).to_numpy()]
            others = [c for c in _frame.key_columns(frame) if c != AREA]
            if kind == _taxonomy.AreaKind.LAND:
                computed = _with_unplaced(computed, frame, others, tx)
            merged = published.astype({AREA: str}).merge(
                computed[[*others, VALUE, BLINDED]].rename(
                    columns={VALUE: "computed", BLINDED: "_cb"}), on=others, how="inner")
            ok = ~merged[BLINDED] & ~merged["_cb"] & merged[VALUE].notna() & \
                merged["computed"].notna()
            merged = merged[ok.to_numpy()]
            merged["difference"] = merged[VALUE] - merged["computed"]
            parts.append(merged[(merged["difference"].abs() > tolerance).to_numpy()])
    cols = [*_frame.key_columns(frame), VALUE, BLINDED, "computed", "difference"]
    if not parts:
        return _frame.make_frame(pd.DataFrame({c: [] for c in cols}))
    out = pd.concat(parts, ignore_index=True)[cols]
    return _frame.make_frame(out)
