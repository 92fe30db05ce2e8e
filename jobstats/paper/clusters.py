"""Comparison clusters of similar kommuner and the ``--compare`` list.

A cluster is a named group of kommuner (e.g. municipalities with a similar
population), compared with the own kommune like Østdanmark or a region. Its
value of a count is the **sum** of its kommuner, and its share is the **ratio
of those sums** — never the mean of the kommuner's percentages (a small
kommune would then weigh as much as a large one).

Clusters come from a user file (TOML)::

    [cluster."Nordlige omegnskommuner"]
    members = ["Gentofte", "Lyngby-Taarbæk", "Rudersdal", "Hørsholm", "Furesø", "Allerød"]

and an example cluster ships as taxonomy data (``jobstats/taxonomy/clusters.csv``).

>>> tx = with_clusters(example_clusters())
>>> tx.members("Nordlige omegnskommuner")[:2]
('Gentofte', 'Lyngby-Taarbæk')
>>> parse_compare("Østdanmark, Region Hovedstaden")
('Østdanmark', 'Region Hovedstaden')
"""

from __future__ import annotations

import csv
import os
from collections.abc import Mapping
from importlib import resources

import pandas as pd

from jobstats import frame as _frame
from jobstats import taxonomy as _taxonomy
from jobstats.errors import Problem, UnknownNameError, ValidationError, close_matches
from jobstats.paper._toml import key_lines, load_toml, shown

__all__ = ["example_clusters", "parse_compare", "read_clusters", "with_cluster_rows",
           "with_clusters"]


def example_clusters() -> dict[str, tuple[str, ...]]:
    """The example cluster(s) of the taxonomy data (``clusters.csv``)."""
    text = resources.files("jobstats.taxonomy").joinpath("clusters.csv").read_text("utf-8")
    out: dict[str, list[str]] = {}
    for row in csv.DictReader(text.splitlines()):
        out.setdefault(row["cluster"], []).append(row["member"])
    return {k: tuple(v) for k, v in out.items()}


def read_clusters(path: str | os.PathLike[str], *,
                  taxonomy: _taxonomy.Taxonomy | None = None) -> dict[str, tuple[str, ...]]:
    """Read a clusters file; unknown kommuner are refused, naming the line."""
    tx = taxonomy or _taxonomy.default()
    data, text = load_toml(path, "clusters file")
    lines = key_lines(text)
    problems: list[Problem] = []
    raw = data.get("cluster")
    if not isinstance(raw, dict) or not raw:
        raise ValidationError([Problem("no_clusters", 'the file has no [cluster."Name"] '
                                       "tables", source=str(path))])
    line_of = dict(lines.get(("", ()), {}))
    out: dict[str, tuple[str, ...]] = {}
    for name, body in raw.items():
        members = body.get("members") if isinstance(body, dict) else None
        line = _line(text, name) or line_of.get("members")
        if not isinstance(members, list) or not members or \
                not all(isinstance(m, str) for m in members):
            problems.append(Problem("bad_members", f"line {line}: cluster {name!r} needs "
                                    "members = [\"kommune\", ...]", source=str(path), row=line,
                                    column="members", value=shown(members)))
            continue
        resolved = []
        for m in members:
            try:
                resolved.append(tx.resolve_area(m))
            except UnknownNameError as exc:
                problems.append(Problem("unknown_area", f"line {line}: cluster {name!r}: "
                                        f"unknown kommune {m!r}", source=str(path), row=line,
                                        column="members", value=shown(m),
                                        suggestions=exc.problems[0].suggestions))
        if name in tx.areas:
            problems.append(Problem("name_taken", f"line {line}: {name!r} is already an area; "
                                    "choose another cluster name", source=str(path), row=line,
                                    value=name))
        out[str(name)] = tuple(resolved)
    if problems:
        raise ValidationError(problems)
    return out


def _line(text: str, name: str) -> int | None:
    for number, line in enumerate(text.splitlines(), start=1):
        stripped = line.strip()
        if stripped.startswith("[cluster.") and name in stripped:
            return number
    return None


def with_clusters(clusters: Mapping[str, tuple[str, ...]],
                  taxonomy: _taxonomy.Taxonomy | None = None) -> _taxonomy.Taxonomy:
    """The taxonomy with each cluster as an aggregate area (names resolve like areas)."""
    tx = taxonomy or _taxonomy.default()
    for name, members in clusters.items():
        if name not in tx.areas:
            tx = tx.with_aggregate(name, members)
    return tx


def parse_compare(text: str | None, *, taxonomy: _taxonomy.Taxonomy | None = None
                  ) -> tuple[str, ...]:
    """``"Østdanmark,Region Hovedstaden"`` → the resolved area names, in order.

    ``None``, ``""`` and ``"none"`` give no comparison; every unknown name is
    reported at once with close matches.
    """
    if text is None or text.strip().casefold() in ("", "none"):
        return ()
    tx = taxonomy or _taxonomy.default()
    names, problems = [], []
    for part in (p.strip() for p in text.split(",")):
        if not part:
            continue
        try:
            name = tx.resolve_area(part)
        except UnknownNameError as exc:
            problems.append(Problem("unknown_area", f"--compare: unknown area {part!r}",
                                    column="compare", value=shown(part),
                                    suggestions=exc.problems[0].suggestions
                                    or close_matches(part, list(tx.areas))))
            continue
        if name not in names:
            names.append(name)
    if problems:
        raise UnknownNameError(problems)
    return tuple(names)


def with_cluster_rows(frame: pd.DataFrame, clusters: Mapping[str, tuple[str, ...]], *,
                      taxonomy: _taxonomy.Taxonomy) -> pd.DataFrame:
    """``frame`` plus rows for each cluster not already in it: the sums of its kommuner
    for every additive measure (counts), so tables and figures can use a cluster like
    any area. Shares are then computed from these sums (ratio of sums)."""
    from jobstats.keyfigures import aggregate

    present = set(map(str, frame[_frame.AREA].astype(object).unique()))
    parts = [frame]
    additive = [m for m, spec in taxonomy.measures.items() if spec.additive]
    counts = frame[_frame.rows_where(frame, measure=additive)]
    for name in clusters:
        if name in present:
            continue
        rows = aggregate(counts, to=name, taxonomy=taxonomy)
        parts.append(rows.drop(columns=[c for c in ("undefined",) if c in rows.columns]))
    if len(parts) == 1:
        return frame
    out = pd.concat([p.astype({_frame.AREA: object}) for p in parts], ignore_index=True)
    result = _frame.make_frame(out, taxonomy=taxonomy)
    result.attrs = dict(frame.attrs)
    return result
