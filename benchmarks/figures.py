"""Benchmark of the report figures: drawing and saving each one, PNG and SVG.

    python benchmarks/figures.py [--area Gentofte] [--year 2018] [--repeat N]
                                 [--out DIR] [--against DIR] [--profile NAME]

All times are CPU seconds of this process (``time.process_time``; the machine
is shared). Builds the figures of one report (``jobstats.demo()``, Gentofte 2018 by default,
the report's own ``report_figures``) and prints, per figure, the best of
``--repeat`` runs of

* *draw*: the ``plot_*`` call (building the ``Figure``; the key figures it is
  drawn from are computed outside the stopwatch);
* *png*, *svg*: ``save_figures`` with one file of that format, each on a freshly
  drawn figure;
* *both*: ``save_figures`` with the PNG and the SVG together, as ``write_report``
  calls it (one layout shared by the two files);
* *prev*: *both* with the speed-ups of this round turned off (the code path
  before them, kept as the reference);
* *plain*: the same figure written with two plain ``Figure.savefig`` calls (what
  matplotlib does without jobstats' saving code: the reference code path);
* *floor*: a plain matplotlib figure of the same size with the same number of
  texts and one axes (constrained layout), saved as PNG and SVG with ``savefig``
  — what any figure with that much text costs.

The ratios ``both/prev``, ``both/plain`` and ``both/floor`` are measured in this run, so they
hold on a loaded machine where the seconds do not.

``--out DIR`` writes each figure's PNG and SVG (from ``save_figures``) into DIR;
``--against DIR`` compares them with the files of an earlier run (the PNG pixel by
pixel, the SVG byte for byte) and prints what differs, so a change that claims
identical output can be checked against the code before it. ``--profile NAME``
prints a cProfile top 15 of saving that figure (``all``: every figure).

A script to run by hand, not a timed unit test: the seconds depend on the machine
and on what else runs on it.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import os
import pstats
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import partial
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("MPLBACKEND", "Agg")

_clock = time.process_time
"""CPU seconds of this process: on a shared machine they move much less with what
else runs than wall time does (the batch of 98 in benchmarks/report.py is wall time)."""

PLOTS = ("plot_target_groups", "plot_changes", "plot_company_offers", "plot_area_comparison",
         "plot_monthly", "plot_area_lines", "plot_tile_map", "plot_map", "plot_goals")


def _drawers(frame: Any, area: str, year: int) -> dict[str, tuple[Callable[[], Any], float]]:
    """Per report figure: a function drawing it again from the key figures (already
    computed), and the seconds its ``plot_*`` call took the first time."""
    import jobstats.figures as fg
    from jobstats.report import ReportOptions, build_report
    from jobstats.report.figures import report_figures

    report = build_report(frame, ReportOptions(area=area, year=year, docx=False))
    options = report.options
    names = [spec.name for spec in report.figures]
    out: dict[str, tuple[Callable[[], Any], float]] = {}
    originals = {name: getattr(fg, name) for name in PLOTS}
    for name in names:
        calls: list[tuple[Callable[..., Any], tuple[Any, ...], dict[str, Any]]] = []
        spent = [0.0]

        def recorder(plot: Callable[..., Any], calls: list[Any] = calls,
                     spent: list[float] = spent) -> Callable[..., Any]:
            def run(*args: Any, **kwargs: Any) -> Any:
                calls.append((plot, args, kwargs))
                t0 = _clock()
                try:
                    return plot(*args, **kwargs)
                finally:
                    spent[0] += _clock() - t0
            return run

        for plot_name, plot in originals.items():
            setattr(fg, plot_name, recorder(plot))
        try:
            assert report.key_figures is not None  # the bundle the report was drawn from
            report_figures(report.key_figures, bilag=report.bilag,
                           language=options.language, only=(name,))
        finally:
            for plot_name, plot in originals.items():
                setattr(fg, plot_name, plot)
        (plot_call, call_args, call_kwargs), = calls

        def again(plot: Callable[..., Any] = plot_call,
                  args: tuple[Any, ...] = call_args,
                  kwargs: dict[str, Any] = call_kwargs) -> Any:
            return plot(*args, **kwargs)

        out[name] = (again, spent[0])
    return out


def _texts(fig: Any) -> int:
    """The texts a figure draws (tick labels, legend, annotations, titles)."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.text import Text

    FigureCanvasAgg(fig).draw()  # type: ignore[no-untyped-call]  # tick labels exist only once drawn
    return sum(1 for t in fig.findobj(Text) if t.get_visible() and t.get_text())


def _floor_figure(like: Any, n_texts: int) -> Any:
    """A plain matplotlib figure of ``like``'s size with ``n_texts`` short texts."""
    import numpy as np
    from matplotlib.figure import Figure

    fig = Figure(figsize=like.get_size_inches(), dpi=like.dpi, layout="constrained")
    ax = fig.add_subplot()
    rng = np.random.default_rng(0)
    ax.bar(np.arange(6), rng.uniform(1, 10, 6))
    ax.set_title("Titel på figuren")
    ax.set_xlabel("Fuldtidspersoner")
    for i in range(max(0, n_texts - 14)):  # ~14 texts: ticks, title, label
        ax.text(rng.uniform(0, 5), rng.uniform(0, 10), f"tekst {i}", fontsize=7)
    return fig


@contextmanager
def _speedups(on: bool) -> Iterator[None]:
    """The figure-saving speed-ups on (as shipped) or off (the previous code path)."""
    try:
        from jobstats.figures import render_cache
    except ImportError:  # code from before render_cache.py: the switch sat in decorate.py
        from jobstats.figures import decorate as render_cache  # type: ignore[no-redef]

    if not hasattr(render_cache, "REUSE"):  # code from before the speed-ups: nothing to turn
        yield
        return
    before = render_cache.REUSE
    render_cache.REUSE = on
    try:
        yield
    finally:
        render_cache.REUSE = before


def _timed_save(draw: Callable[[], Any], save: Callable[[Any], object]) -> float:
    fig = draw()
    t0 = _clock()
    save(fig)
    return _clock() - t0


def _compare(out: Path, against: Path) -> list[str]:
    import matplotlib.image as mpimg
    import numpy as np

    problems = []
    for p in sorted(against.iterdir()):
        q = out / p.name
        if not q.is_file():
            problems.append(f"{p.name}: not written in this run")
        elif p.suffix == ".png":
            a, b = mpimg.imread(p), mpimg.imread(q)
            if a.shape != b.shape:
                problems.append(f"{p.name}: size {a.shape} -> {b.shape}")
            elif not np.array_equal(a, b):
                changed = int(np.any(a != b, axis=-1).sum())
                problems.append(f"{p.name}: {changed} pixels differ")
        elif p.read_bytes() != q.read_bytes():
            problems.append(f"{p.name}: bytes differ")
    return problems


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--area", default="Gentofte")
    parser.add_argument("--year", type=int, default=2018)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--out", type=Path, help="write each figure's PNG and SVG here")
    parser.add_argument("--against", type=Path, help="compare with an earlier --out")
    parser.add_argument("--profile", help="a figure name, or all")
    args = parser.parse_args(argv)

    import jobstats
    from jobstats.figures import save_figures
    from jobstats.figures.save import keeping_renderers

    print(f"python {sys.version.split()[0]}, {os.cpu_count()} cores, "
          f"load average {os.getloadavg()[0]:.1f}")
    frame = jobstats.demo()
    drawers = _drawers(frame, args.area, args.year)
    rep = max(1, args.repeat)
    with tempfile.TemporaryDirectory() as tmp_:
        tmp = Path(tmp_)

        def save(fmts: tuple[str, ...]) -> Callable[[Any], object]:
            return lambda fig: save_figures(fig, [tmp / f"x.{f}" for f in fmts])

        def plain(fig: Any) -> None:
            fig.savefig(tmp / "p.png", dpi=fig.dpi, facecolor="white")
            fig.savefig(tmp / "p.svg", dpi=fig.dpi, facecolor="white")

        header = (f"{'figure':<32}{'texts':>6}{'draw':>8}{'png':>8}{'svg':>8}{'both':>8}"
                  f"{'prev':>8}{'plain':>8}{'floor':>8}  {'both/prev':>9}{'both/plain':>11}"
                  f"{'both/floor':>11}")
        print(f"seconds, best of {rep}; texts: drawn texts (tick labels included)")
        print(header)
        keys = ("draw", "png", "svg", "both", "prev", "plain", "floor")
        totals = dict.fromkeys(keys, 0.0)
        for name, (draw, _first) in drawers.items():
            n_texts = _texts(draw())
            like = draw()

            def draw_once(draw: Callable[[], Any] = draw) -> float:
                t0 = _clock()
                draw()
                return _clock() - t0

            def previous(draw: Callable[[], Any] = draw) -> float:
                with _speedups(False):
                    return _timed_save(draw, save(("png", "svg")))

            def floor(like: Any = like, n: int = n_texts) -> Any:
                return _floor_figure(like, n)

            runs: dict[str, Callable[[], float]] = {
                "draw": draw_once,
                "png": partial(_timed_save, draw, save(("png",))),
                "svg": partial(_timed_save, draw, save(("svg",))),
                "both": partial(_timed_save, draw, save(("png", "svg"))),
                "prev": previous,
                "plain": partial(_timed_save, draw, plain),
                "floor": partial(_timed_save, floor, plain),
            }
            row = dict.fromkeys(keys, float("inf"))
            for _ in range(rep):  # round robin: a busy moment hits every column alike
                for k in keys:
                    row[k] = min(row[k], runs[k]())
            for k in keys:
                totals[k] += row[k]
            print(f"{name:<32}{n_texts:>6}" + "".join(f"{row[k]:8.3f}" for k in keys)
                  + f"  {row['both'] / row['prev']:>9.2f}{row['both'] / row['plain']:>11.2f}"
                  f"{row['both'] / row['floor']:>11.2f}")
        print(f"{'total':<38}" + "".join(f"{totals[k]:8.3f}" for k in keys)
              + f"  {totals['both'] / totals['prev']:>9.2f}"
              f"{totals['both'] / totals['plain']:>11.2f}"
              f"{totals['both'] / totals['floor']:>11.2f}")

        # a batch: the same figures saved again with renderers kept (as report --all)
        def batch(on: bool) -> float:
            figs = [draw() for draw, _ in drawers.values()]
            t0 = _clock()
            with keeping_renderers(), _speedups(on):
                for fig in figs:
                    save(("png", "svg"))(fig)
            return _clock() - t0

        with keeping_renderers():  # the renderers warmed up once, as in a long batch
            for draw, _ in drawers.values():
                save(("png", "svg"))(draw())
        on = off = float("inf")
        for _ in range(rep):
            on, off = min(on, batch(True)), min(off, batch(False))
        print(f"batch (keeping_renderers), all figures PNG+SVG of one report: "
              f"{on:.3f} s, previous path {off:.3f} s (x{on / off:.2f})")

        if args.out is not None:
            args.out.mkdir(parents=True, exist_ok=True)
            for name, (draw, _) in drawers.items():
                save_figures(draw(), [args.out / f"{name}.png", args.out / f"{name}.svg"])
            print(f"wrote {2 * len(drawers)} files to {args.out}")
            if args.against is not None:
                problems = _compare(args.out, args.against)
                print("identical to " + str(args.against) if not problems
                      else "DIFFERENT from " + str(args.against) + ":\n  "
                      + "\n  ".join(problems))

        if args.profile:
            chosen = list(drawers) if args.profile == "all" else [args.profile]
            figs = [drawers[n][0]() for n in chosen]
            profiler = cProfile.Profile()
            profiler.enable()
            for fig in figs:
                save(("png", "svg"))(fig)
            profiler.disable()
            text = io.StringIO()
            pstats.Stats(profiler, stream=text).sort_stats("tottime").print_stats(15)
            print(text.getvalue())
            text = io.StringIO()
            pstats.Stats(profiler, stream=text).sort_stats("cumulative").print_stats(40)
            print(text.getvalue())
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
