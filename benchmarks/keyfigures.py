"""Benchmark of the key-figure pipeline on the national workload.

    python benchmarks/keyfigures.py [--size S|L] [--naive] [--repeat N]

Workload: 115 areas (Hele landet, 5 regioner, 11 landsdele, 98 kommuner) × 40
target groups × 240 months (2006-2025) of full-time persons ≈ 1.1M rows (S); L
adds gender × age × origin (2 × 6 × 3 = 36 combinations) ≈ 40M rows.

Pipeline: annual average → year-over-year change → national share →
population share → top-10 ranking of the kommuner (ties kept).

Runs, in one process and on the same data: a hand-written numpy reduction over
the dense ``[area, group, (dims,) year, 12]`` array (the floor), jobstats,
polars and duckdb (if installed), and naive pandas (groupby/merge; at L only
with ``--naive``: it needs several GB). All are checked to agree numerically.
Then the same on *incomplete* data (1% of the rows removed at random), where
jobstats' annual average takes its general path (integer ids, ``numpy.bincount``);
the annual frame it returns is complete again, so the later steps stay dense.
Prints times, the ratios jobstats/numpy, jobstats/polars, jobstats/pandas-naive,
and jobstats' extra peak memory (tracemalloc, a separate run) against the input size.

``--steps N`` instead times the numpy floor and each step of jobstats' pipeline in turn,
N rounds (best of N each), on complete data: on a shared machine the floor and every step
then see the same load, and the per-step times show where the time goes.
"""

from __future__ import annotations

import argparse
import gc
import sys
import time
import tracemalloc
import warnings
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import jobstats as js
from jobstats import taxonomy
from jobstats.keyfigures import PartialComparisonWarning

YEARS = 20
FIRST = "2006-01"
DIMS = {"gender": ["Mænd", "Kvinder"],
        "age": ["16-24", "25-29", "30-39", "40-49", "50-59", "60-66"],
        "origin": ["dansk", "vestlig", "ikke-vestlig"]}


def build(size: str, seed: int = 0) -> tuple[pd.DataFrame, pd.DataFrame, tuple[int, ...]]:
    """The canonical monthly frame (nested area > group > dims > month), the annual
    population frame, and the dense shape."""
    tx = taxonomy.default()
    areas = [a.name for a in sorted(tx.areas.values(), key=lambda a: a.order)
             if a.kind != taxonomy.AreaKind.COMPARISON][:115]
    groups = list(tx.ordered_groups())[:40]
    dims = DIMS if size == "L" else {}
    dim_sizes = [len(v) for v in dims.values()]
    n_months = 12 * YEARS
    shape = (len(areas), len(groups), *dim_sizes, n_months)
    n = int(np.prod(shape))
    rng = np.random.default_rng(seed)
    kommune = np.array([tx.areas[a].kind == taxonomy.AreaKind.KOMMUNE for a in areas])
    # kommune values; aggregates = sums of their kommuner (Hele landet = all kommuner)
    inner = n // len(areas)
    values = np.empty(shape, dtype=np.float64)
    flat = values.reshape(len(areas), inner)
    for i in np.flatnonzero(kommune):
        flat[i] = rng.integers(0, 400, inner).astype(np.float64)
    for i in np.flatnonzero(~kommune):
        members = [areas.index(m) for m in tx.members(areas[i])]
        flat[i] = flat[members].sum(axis=0)
    step = n // len(areas)
    data: dict[str, Any] = {
        "area": pd.Categorical.from_codes(np.repeat(np.arange(len(areas), dtype=np.int8),
                                                    step), dtype=pd.CategoricalDtype(areas)),
        "target_group": pd.Categorical.from_codes(
            np.tile(np.repeat(np.arange(len(groups), dtype=np.int8), step // len(groups)),
                    len(areas)), dtype=pd.CategoricalDtype(groups)),
        "period": pd.arrays.PeriodArray(
            np.tile(pd.Period(FIRST, "M").ordinal + np.arange(n_months, dtype=np.int64),
                    n // n_months), dtype=pd.PeriodDtype("M")),
        "measure": pd.Categorical.from_codes(
            np.zeros(n, dtype=np.int8), dtype=pd.CategoricalDtype(["full_time_persons"])),
        "value": values.reshape(-1),
        "blinded": np.zeros(n, dtype=bool),
    }
    stride = n_months
    for name, levels in reversed(list(dims.items())):
        codes = np.tile(np.repeat(np.arange(len(levels), dtype=np.int8), stride),
                        n // (stride * len(levels)))
        data[name] = pd.Categorical.from_codes(codes, dtype=pd.CategoricalDtype(levels))
        stride *= len(levels)
    frame = pd.DataFrame(data, copy=False)
    frame = frame[["area", "target_group", "period", "measure", "value", "blinded",
                   *dims]]
    years = pd.period_range(FIRST[:4], periods=YEARS, freq="Y")
    pop_values = np.empty((len(areas), YEARS))
    for i in np.flatnonzero(kommune):
        pop_values[i] = rng.integers(5_000, 400_000, YEARS)
    for i in np.flatnonzero(~kommune):
        pop_values[i] = pop_values[[areas.index(m) for m in tx.members(areas[i])]].sum(0)
    population = js.make_frame(pd.DataFrame({
        "area": np.repeat(areas, YEARS), "target_group": "befolkning",
        "period": np.tile(years, len(areas)), "measure": "population_16_66",
        "value": pop_values.reshape(-1)}))
    return frame, population, shape


# ---------------------------------------------------------------------------
# the implementations; each returns (sum of annual averages, nansum of yoy,
# nansum of national shares, number of ranked rows with place <= 10)

Result = tuple[float, float, float, int]


def run_numpy(frame: pd.DataFrame, population: pd.DataFrame, shape: tuple[int, ...],
              kommune_idx: npt.NDArray[np.int64], nat: int) -> Result:
    v = frame["value"].to_numpy().reshape(*shape[:-1], YEARS, 12)
    annual = v.mean(axis=-1)
    with np.errstate(all="ignore"):
        yoy = (annual[..., 1:] / annual[..., :-1] - 1.0) * 100.0
        yoy = np.where(annual[..., :-1] == 0, np.where(annual[..., 1:] == 0, 0.0, np.nan), yoy)
        share = 100.0 * annual / annual[nat:nat + 1]
        pop = population["value"].to_numpy().reshape(shape[0], YEARS)
        pshape = (shape[0],) + (1,) * (len(shape) - 2) + (YEARS,)
        pshare = 100.0 * annual / pop.reshape(pshape)
    k = pshare[kommune_idx].reshape(len(kommune_idx), -1)
    order = np.argsort(k, axis=0, kind="stable")
    srt = np.take_along_axis(k, order, axis=0)
    idx = np.arange(k.shape[0])[:, None]
    new = np.ones(k.shape, dtype=bool)
    new[1:] = srt[1:] != srt[:-1]
    first_equal = np.maximum.accumulate(np.where(new, idx, 0), axis=0)
    place = np.empty(k.shape, dtype=np.int64)
    np.put_along_axis(place, order, first_equal + 1, axis=0)  # competition ranking
    top = int((place <= 10).sum())
    return float(annual.sum()), float(np.nansum(yoy)), float(np.nansum(share)), top


def run_jobstats(frame: pd.DataFrame, population: pd.DataFrame) -> Result:
    annual = js.annual_average(frame)
    yoy = js.yoy_change(annual)
    share = js.national_share(annual)
    pshare = js.population_share(annual, population)
    ranked = js.rank(pshare, n=10, keep=())
    return (float(annual["value"].sum()), float(np.nansum(yoy["value"])),
            float(np.nansum(share["value"])), int((ranked["place"] <= 10).sum()))


def to_polars(frame: pd.DataFrame, population: pd.DataFrame) -> tuple[Any, Any]:
    import polars as pl

    cols = {c: frame[c].cat.codes.to_numpy() for c in frame.columns
            if isinstance(frame[c].dtype, pd.CategoricalDtype)}
    cols["period"] = frame["period"].array.asi8
    cols["value"] = frame["value"].to_numpy()
    pop = pl.DataFrame({"area": population["area"].astype(str).map(
        {a: i for i, a in enumerate(frame["area"].cat.categories)}).to_numpy(),
        "year": population["period"].dt.year.to_numpy() - 1970,
        "pop": population["value"].to_numpy()})
    return pl.DataFrame(cols), pop


def run_polars(pf: Any, pop: Any, dims: list[str], nat: int,
               kommune_codes: list[int]) -> Result:
    import polars as pl

    keys = ["area", "target_group", "measure", *dims]
    annual = (pf.with_columns((pl.col("period") // 12).alias("year"))
              .group_by([*keys, "year"]).agg(pl.col("value").mean()))
    prev = annual.with_columns((pl.col("year") + 1).alias("year")).rename({"value": "prev"})
    yoy = annual.join(prev, on=[*keys, "year"], how="left").with_columns(
        pl.when(pl.col("prev") == 0).then(pl.when(pl.col("value") == 0).then(0.0)
                                          .otherwise(None))
        .otherwise((pl.col("value") / pl.col("prev") - 1) * 100).alias("yoy"))
    other = [k for k in keys if k != "area"]
    national = annual.filter(pl.col("area") == nat).drop("area").rename({"value": "ref"})
    share = annual.join(national, on=[*other, "year"], how="left").with_columns(
        (100 * pl.col("value") / pl.col("ref")).alias("share"))
    ps = (annual.filter(pl.col("area").is_in(kommune_codes))
          .join(pop, on=["area", "year"], how="left")
          .with_columns((100 * pl.col("value") / pl.col("pop")).alias("ps")))
    ranked = ps.with_columns(pl.col("ps").rank("min").over([*other, "year"]).alias("place"))
    top = ranked.filter(pl.col("place") <= 10).height
    return (float(annual["value"].sum()), float(yoy["yoy"].fill_nan(None).sum()),
            float(share["share"].fill_nan(None).sum()), int(top))


def run_duckdb(pf: Any, pop: Any, dims: list[str], nat: int,
               kommune_codes: list[int]) -> Result:
    import duckdb

    con = duckdb.connect()
    con.execute("SET threads TO 2")
    con.register("f", pf)
    con.register("pop", pop)
    keys = ", ".join(["area", "target_group", "measure", *dims])
    other = ", ".join(["target_group", "measure", *dims])
    on_other = " AND ".join(f"a.{k} = n.{k}" for k in ["target_group", "measure", *dims])
    on_all = " AND ".join(f"a.{k} = p.{k}" for k in ["area", "target_group", "measure",
                                                     *dims])
    kl = ", ".join(map(str, kommune_codes))
    con.execute(f"CREATE TEMP TABLE annual AS SELECT {keys}, period // 12 AS year, "
                f"avg(value) AS value FROM f GROUP BY ALL")
    s_annual = con.execute("SELECT sum(value) FROM annual").fetchone()
    s_yoy = con.execute(
        f"SELECT sum(CASE WHEN p.value = 0 THEN CASE WHEN a.value = 0 THEN 0 END "
        f"ELSE (a.value / p.value - 1) * 100 END) FROM annual a LEFT JOIN annual p "
        f"ON {on_all} AND p.year = a.year - 1").fetchone()
    s_share = con.execute(
        f"SELECT sum(100 * a.value / n.value) FILTER (WHERE n.value <> 0) FROM annual a "
        f"JOIN (SELECT * FROM annual WHERE area = {nat}) n ON {on_other} "
        f"AND n.year = a.year").fetchone()
    top = con.execute(
        f"SELECT count(*) FROM (SELECT rank() OVER (PARTITION BY {other}, a.year "
        f"ORDER BY 100 * a.value / pop.pop) AS place FROM annual a JOIN pop "
        f"ON a.area = pop.area AND a.year = pop.year WHERE a.area IN ({kl})) "
        f"WHERE place <= 10").fetchone()
    con.close()
    assert s_annual and s_yoy and s_share and top
    return float(s_annual[0]), float(s_yoy[0]), float(s_share[0]), int(top[0])


def run_pandas(frame: pd.DataFrame, population: pd.DataFrame, dims: list[str],
               kommuner: list[str]) -> Result:
    keys = ["area", "target_group", "measure", *dims]
    df = frame.assign(year=frame["period"].dt.year)
    annual = df.groupby([*keys, "year"], observed=True)["value"].mean().reset_index()
    prev = annual.assign(year=annual["year"] + 1).rename(columns={"value": "prev"})
    y = annual.merge(prev, on=[*keys, "year"], how="left")
    with np.errstate(all="ignore"):
        yoy = np.where(y["prev"] == 0, np.where(y["value"] == 0, 0.0, np.nan),
                       (y["value"] / y["prev"] - 1) * 100)
    other = [k for k in keys if k != "area"]
    nat = annual[annual["area"] == "Hele landet"].drop(columns="area").rename(
        columns={"value": "ref"})
    s = annual.merge(nat, on=[*other, "year"], how="left")
    share = 100 * s["value"] / s["ref"]
    pop = population.assign(year=population["period"].dt.year)[["area", "year", "value"]]
    p = annual[annual["area"].isin(kommuner)].merge(
        pop.rename(columns={"value": "pop"}), on=["area", "year"], how="left")
    p["ps"] = 100 * p["value"] / p["pop"]
    place = p.groupby([*other, "year"], observed=True)["ps"].rank(method="min")
    return (float(annual["value"].sum()), float(np.nansum(yoy)),
            float(np.nansum(share.replace([np.inf], np.nan))), int((place <= 10).sum()))


# ---------------------------------------------------------------------------


def best_of(fn: Callable[[], Result], repeat: int) -> tuple[float, Result]:
    best, out = float("inf"), None
    for _ in range(repeat):
        gc.collect()
        t = time.perf_counter()
        out = fn()
        best = min(best, time.perf_counter() - t)
    assert out is not None
    return best, out


def peak_extra(fn: Callable[[], object]) -> int:
    gc.collect()
    tracemalloc.start()
    fn()
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return peak


def agree(name: str, ref_name: str, ref: Result, got: Result) -> None:
    ok = all(np.isclose(a, b, rtol=1e-6) for a, b in zip(ref[:3], got[:3], strict=True)) \
        and ref[3] == got[3]
    print(f"    {name:<14} agrees with {ref_name}: {'yes' if ok else 'NO'}"
          + ("" if ok else f"  ref={ref} got={got}"))
    if not ok:
        raise SystemExit(f"{name} disagrees with {ref_name}")


def input_bytes(frame: pd.DataFrame) -> int:
    return int(frame.memory_usage(deep=False, index=False).sum())


def section(title: str, frame: pd.DataFrame, population: pd.DataFrame,
            shape: tuple[int, ...] | None, args: argparse.Namespace,
            dims: list[str]) -> None:
    tx = taxonomy.default()
    areas = list(frame["area"].cat.categories)
    kommuner = [a for a in areas if tx.areas[a].kind == taxonomy.AreaKind.KOMMUNE]
    kommune_codes = [areas.index(a) for a in kommuner]
    nat = areas.index("Hele landet")
    repeat = args.repeat
    print(f"\n{title}: {len(frame):,} rows, input {input_bytes(frame) / 1e6:,.0f} MB")
    times: dict[str, float] = {}
    results: dict[str, Result] = {}
    if shape is not None:
        times["numpy"], results["numpy"] = best_of(
            lambda: run_numpy(frame, population, shape, np.array(kommune_codes), nat), repeat)
    times["jobstats"], results["jobstats"] = best_of(
        lambda: run_jobstats(frame, population), repeat)
    try:
        pf, pop = to_polars(frame, population)
        times["polars"], results["polars"] = best_of(
            lambda: run_polars(pf, pop, dims, nat, kommune_codes), repeat)
        try:
            times["duckdb"], results["duckdb"] = best_of(
                lambda: run_duckdb(pf, pop, dims, nat, kommune_codes), repeat)
        except ImportError:
            print("    (duckdb not installed)")
    except ImportError:
        print("    (polars not installed)")
    if args.size == "S" or args.naive:
        times["pandas-naive"], results["pandas-naive"] = best_of(
            lambda: run_pandas(frame, population, dims, kommuner), 1 if args.size == "L"
            else repeat)
    ref_name = "numpy" if "numpy" in results else "jobstats"
    for name, t in times.items():
        print(f"    {name:<14} {t * 1000:10.1f} ms")
    for name, res in results.items():
        if name != ref_name:
            agree(name, ref_name, results[ref_name], res)
    for other in ("numpy", "polars", "duckdb", "pandas-naive"):
        if other in times:
            print(f"    jobstats/{other:<13} {times['jobstats'] / times[other]:6.2f}")
    peak = peak_extra(lambda: run_jobstats(frame, population))
    print(f"    jobstats extra peak memory {peak / 1e6:,.0f} MB = "
          f"{peak / input_bytes(frame):.2f} × input")


def steps(frame: pd.DataFrame, population: pd.DataFrame, shape: tuple[int, ...],
          rounds: int) -> None:
    """Best of ``rounds`` for the numpy floor, each jobstats step and the whole pipeline,
    timed in turn within each round."""
    tx = taxonomy.default()
    areas = list(frame["area"].cat.categories)
    kommune_codes = np.array([areas.index(a) for a in areas
                              if tx.areas[a].kind == taxonomy.AreaKind.KOMMUNE])
    nat = areas.index("Hele landet")
    names = ["annual_average", "yoy_change", "national_share", "population_share", "rank",
             "checksums"]
    best = dict.fromkeys([*names, "jobstats", "numpy"], float("inf"))
    clock = time.perf_counter
    for _ in range(rounds):
        gc.collect()
        t = clock()
        run_numpy(frame, population, shape, kommune_codes, nat)
        best["numpy"] = min(best["numpy"], clock() - t)
        stamps = [clock()]
        annual = js.annual_average(frame)
        stamps.append(clock())
        yoy = js.yoy_change(annual)
        stamps.append(clock())
        share = js.national_share(annual)
        stamps.append(clock())
        pshare = js.population_share(annual, population)
        stamps.append(clock())
        ranked = js.rank(pshare, n=10, keep=())
        stamps.append(clock())
        (float(annual["value"].sum()), float(np.nansum(yoy["value"])),
         float(np.nansum(share["value"])), int((ranked["place"] <= 10).sum()))
        stamps.append(clock())
        for name, a, b in zip(names, stamps, stamps[1:], strict=False):
            best[name] = min(best[name], b - a)
        best["jobstats"] = min(best["jobstats"], stamps[-1] - stamps[0])
    print(f"\nsteps, best of {rounds} rounds (each round: the floor, then every step):")
    for name, value in best.items():
        print(f"    {name:<18} {value * 1000:8.2f} ms")
    print(f"    jobstats/numpy     {best['jobstats'] / best['numpy']:8.2f}   "
          f"(sum of the steps' bests / numpy: "
          f"{sum(best[n] for n in names) / best['numpy']:.2f})")


def main(argv: list[str] | None = None) -> None:
    warnings.simplefilter("ignore", PartialComparisonWarning)
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", choices=["S", "L"], default="S")
    parser.add_argument("--naive", action="store_true",
                        help="also run the naive pandas baseline at L (needs GBs)")
    parser.add_argument("--repeat", type=int, default=None)
    parser.add_argument("--steps", type=int, default=0, metavar="N",
                        help="time the floor and each step in turn, N rounds, and stop")
    args = parser.parse_args(argv)
    if args.repeat is None:
        args.repeat = 5 if args.size == "S" else 2
    t = time.perf_counter()
    frame, population, shape = build(args.size)
    dims = list(DIMS) if args.size == "L" else []
    print(f"built {args.size} in {time.perf_counter() - t:.1f} s; "
          f"numpy {np.__version__}, pandas {pd.__version__}")
    if args.steps:
        steps(frame, population, shape, args.steps)
        return
    section("complete data (dense fast path)", frame, population, shape, args, dims)
    rng = np.random.default_rng(1)
    keep = rng.random(len(frame)) >= 0.01
    incomplete = frame[keep].reset_index(drop=True)
    del frame
    gc.collect()
    section("incomplete data (1% rows missing: general annual path)", incomplete, population,
            None, args, dims)


if __name__ == "__main__":
    main()
