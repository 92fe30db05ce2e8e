"""The activity overview (aktivitetsoversigt) of one year: activated and passive.

Per area and target group, the annual average of activated full-time persons
(measure ``activated_full_time_persons``) per offer type (extra column
``offer_type``), their sum *aktiverede*, and *passive* = the group's annual
average of full-time persons (``full_time_persons``) minus the activated.

Result rows carry ``offer_type`` in :data:`OFFER_TYPES` order, then
``"aktiverede"`` and ``"passive"``. The measure is ``activated_full_time_persons``
for the offer types and *aktiverede*, and ``full_time_persons`` for *passive*
(they are full-time persons, just not activated). Blinded offer values make
*aktiverede* and *passive* blinded; a group without a ``full_time_persons``
series gets an undefined *passive* (``undefined`` True). Annual averages follow
:func:`annual_average` (``n_months``, ``partial`` are carried along).
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import pandas as pd

from jobstats import frame as _frame
from jobstats import taxonomy as _taxonomy
from jobstats.errors import Problem, ValidationError
from jobstats.frame import BLINDED, MEASURE, PERIOD, VALUE
from jobstats.keyfigures._common import (
    check_frame,
    period_freq,
)
from jobstats.keyfigures.annual import annual_average

__all__ = ["ACTIVATED", "OFFER_TYPES", "PASSIVE", "activation_overview"]

OFFER_TYPES: tuple[str, ...] = _taxonomy.default().ordered_offer_types()
"""The offer types of the activity overview, in appendix order (``offer_types.csv``)."""
ACTIVATED = "aktiverede"
PASSIVE = "passive"
OFFER = "offer_type"
_ACT = "activated_full_time_persons"
_FTP = "full_time_persons"


def activation_overview(frame: pd.DataFrame, year: int, *,
                        months: Iterable[int] | None = None) -> pd.DataFrame:
    """Activated full-time persons per offer type, *aktiverede* and *passive* for ``year``.

    >>> import pandas as pd
    >>> from jobstats import make_frame
    >>> f = make_frame(pd.DataFrame({
    ...     "area": "Gentofte", "target_group": "kontanthjaelp",
    ...     "period": pd.Period("2018", "Y"),
    ...     "measure": ["full_time_persons"] + ["activated_full_time_persons"] * 2,
    ...     "offer_type": [None, "løntilskud", "virksomhedspraktik"],
    ...     "value": [465.0, 12.5, 30.0]}))
    >>> activation_overview(f, 2018)[["offer_type", "measure", "value"]]
               offer_type                      measure  value
    0          løntilskud  activated_full_time_persons   12.5
    1  virksomhedspraktik  activated_full_time_persons   30.0
    2          aktiverede  activated_full_time_persons   42.5
    3             passive            full_time_persons  422.5
    """
    where = "activation_overview"
    frame = check_frame(frame, where)
    if OFFER not in frame.columns:
        raise ValidationError([Problem(
            "missing_column", f"{where}: the frame has no column {OFFER!r} (activated "
            "full-time persons by offer type)", column=OFFER)])
    freq = period_freq(frame, where)
    years = frame[PERIOD].dt.year.to_numpy()
    measure = frame[MEASURE].array  # categorical (check_frame): compared on its codes
    assert isinstance(measure, pd.Categorical)
    wanted = (years == int(year)) & np.isin(
        measure.codes, _frame.category_codes(measure.categories, [_ACT, _FTP]))
    sub = frame[wanted]
    if not (sub[MEASURE] == _ACT).any():
        raise ValidationError([Problem(
            "no_activation", f"{where}: no {_ACT!r} rows in {year}", column=MEASURE,
            value=_ACT)])
    annual = annual_average(sub, months=months) if not freq.startswith("Y-") else \
        annual_average(sub)
    annual = annual.astype({MEASURE: object, OFFER: object})
    dims = [d for d in _frame.dimensions(annual) if d != OFFER]
    cell = ["area", "target_group", PERIOD, *dims]
    act = annual[annual[MEASURE] == _ACT]
    unknown = sorted(set(act[OFFER].dropna()) - set(OFFER_TYPES))
    if unknown:
        raise ValidationError([Problem(
            "unknown_offer_type", f"{where}: unknown offer type {u!r}", column=OFFER,
            value=u, suggestions=OFFER_TYPES) for u in unknown])
    act = act[act[OFFER].notna()]
    total = act.groupby(cell, observed=True, dropna=False, sort=False).agg(
        value=(VALUE, lambda v: float(np.nansum(v))),
        blinded=(BLINDED, "any"),
        n_months=("n_months", "min"),
        partial=("partial", "any")).reset_index()
    total[MEASURE] = _ACT
    total[OFFER] = ACTIVATED
    total.loc[total[BLINDED], VALUE] = np.nan
    groups = annual[(annual[MEASURE] == _FTP) & annual[OFFER].isna()]
    passive = total.merge(groups[[*cell, VALUE, BLINDED, "partial"]], on=cell, how="left",
                          suffixes=("_act", ""))
    passive[BLINDED] = passive[BLINDED].fillna(False).astype(bool) | passive["blinded_act"]
    passive[VALUE] = np.where(passive[BLINDED], np.nan,
                              passive[VALUE] - passive["value_act"])
    passive["partial"] = passive["partial"].fillna(False).astype(bool) | \
        passive["partial_act"]
    passive[MEASURE] = _FTP
    passive[OFFER] = PASSIVE
    passive = passive[[*cell, VALUE, BLINDED, MEASURE, OFFER, "n_months", "partial"]]
    rows = pd.concat([act.drop(columns=[c for c in act.columns
                                        if c in _frame.HELPER_COLUMNS
                                        and c not in ("n_months", "partial")]),
                      total, passive], ignore_index=True)
    rows["undefined"] = rows[VALUE].isna() & ~rows[BLINDED]
    order = [*OFFER_TYPES, ACTIVATED, PASSIVE]
    rows[OFFER] = pd.Categorical(rows[OFFER], categories=order)
    tx = _taxonomy.default()
    rows["_order"] = rows["target_group"].map(
        lambda g: tx.groups[g].order if g in tx.groups else 10**6)
    rows = rows.sort_values(["area", "_order", "target_group", PERIOD, *dims, OFFER],
                            kind="stable").drop(columns="_order").reset_index(drop=True)
    rows["n_months"] = rows["n_months"].astype(np.int64)
    out = _frame.make_frame(rows)
    out[OFFER] = out[OFFER].cat.set_categories(order)
    return out
