"""Taxonomies as data: target groups, areas, measures and jobindsats tables.

The definitions live in the CSV files beside this module (``target_groups.csv``,
``areas.csv``, ``aggregates.csv``, ``measures.csv``, ``jobindsats_tables.csv``,
``offer_types.csv``),
each row with its validity period where it has one. Code never branches on a
group or an area name; it asks the :class:`Taxonomy`.

>>> from jobstats import taxonomy
>>> taxonomy.resolve_group("Kontanthjælp / Jobparate")
'kontanthjaelp.jobparate'
>>> taxonomy.resolve_area("Hilleroed")
Traceback (most recent call last):
...
jobstats.errors.UnknownNameError: 1 problem found:
  - [unknown_area] unknown area 'Hilleroed' — did you mean 'Hillerød'?

A user-defined comparison area is a new taxonomy (taxonomies are immutable):

>>> tx = taxonomy.default().with_aggregate("Nordsjælland+", ["Hillerød", "Helsingør"])
>>> tx.members("Nordsjælland+")
('Helsingør', 'Hillerød')
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from functools import cache, cached_property
from importlib import resources
from types import MappingProxyType

import pandas as pd

from jobstats.errors import Problem, UnknownNameError, close_matches


def _key(text: str) -> str:
    """Lookup key: case- and whitespace-insensitive, but ø stays ø (no guessing)."""
    return " ".join(str(text).casefold().split())

__all__ = [
    "NATIONAL",
    "Area",
    "AreaKind",
    "JobindsatsTable",
    "Measure",
    "OfferType",
    "TargetGroup",
    "Taxonomy",
    "default",
    "resolve_area",
    "resolve_group",
    "resolve_measure",
]

NATIONAL = "Hele landet"
"""The area name of the whole country."""


class AreaKind:
    """Kinds of area (values of :attr:`Area.kind`)."""

    LAND = "land"
    REGION = "region"
    LANDSDEL = "landsdel"
    KOMMUNE = "kommune"
    COMPARISON = "comparison"
    OTHER = "other"


def _unknown(reason: str, message: str, value: object,
             suggestions: tuple[str, ...]) -> UnknownNameError:
    """The error of a name the taxonomy does not know, with the close matches."""
    return UnknownNameError([Problem(reason, message, value=value, suggestions=suggestions)])


def _month(text: str) -> pd.Period | None:
    return pd.Period(text, freq="M") if text else None


@dataclass(frozen=True)
class TargetGroup:
    """A target group (målgruppe) or sub-group (visitationskategori)."""

    id: str
    name_da: str
    name_en: str
    parent: str | None
    order: int
    valid_from: pd.Period | None = None
    valid_to: pd.Period | None = None
    sums_to_parent: bool = True
    aliases: tuple[str, ...] = ()

    def valid_in(self, period: pd.Period) -> bool:
        """Whether the group exists in (some part of) ``period``."""
        if self.valid_from is not None and period.end_time < self.valid_from.start_time:
            return False
        return not (self.valid_to is not None and period.start_time > self.valid_to.end_time)


@dataclass(frozen=True)
class Area:
    """An area: Hele landet, a region, a landsdel, a kommune or a comparison area."""

    name: str
    kind: str
    code: str
    jobindsats_name: str
    dst_name: str
    landsdel: str | None
    region: str | None
    order: int


@dataclass(frozen=True)
class Measure:
    """A measure: what a value counts (full-time persons, % of population, ...)."""

    id: str
    name_da: str
    name_en: str
    unit: str  # count | pct | pct_points | rank
    additive: bool
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class OfferType:
    """An activation offer type (tilbudstype); company-based offers are løntilskud
    and virksomhedspraktik (*virksomhedsrettet tilbud*)."""

    id: str
    name_da: str
    name_en: str
    company_based: bool
    order: int

    def label(self, language: str = "da") -> str:
        """The printed name in ``"da"`` or ``"en"``."""
        return self.name_en if language == "en" else self.name_da


@dataclass(frozen=True)
class JobindsatsTable:
    """A jobindsats table id and the target group it covers in a validity period."""

    table: str
    target_group: str
    valid_from: pd.Period | None
    valid_to: pd.Period | None
    description: str


def _read_csv(name: str) -> list[dict[str, str]]:
    text = resources.files(__package__).joinpath(name).read_text(encoding="utf-8")
    return list(csv.DictReader(text.splitlines()))


def _split(text: str) -> tuple[str, ...]:
    return tuple(t.strip() for t in text.split("|") if t.strip())


@dataclass(frozen=True)
class Taxonomy:
    """All definitions jobstats knows; immutable (``with_*`` return new objects)."""

    groups: Mapping[str, TargetGroup]
    areas: Mapping[str, Area]
    aggregates: Mapping[str, tuple[str, ...]]
    measures: Mapping[str, Measure]
    tables: tuple[JobindsatsTable, ...]
    offer_types: Mapping[str, OfferType]
    @cached_property
    def _group_index(self) -> Mapping[str, tuple[str, ...]]:
        index: dict[str, list[str]] = {}
        for g in self.groups.values():
            for key in (g.id, g.name_da, g.name_en, *g.aliases):
                ids = index.setdefault(_key(key), [])
                if g.id not in ids:
                    ids.append(g.id)
        return {k: tuple(v) for k, v in index.items()}

    @cached_property
    def _area_index(self) -> Mapping[str, str]:
        index: dict[str, str] = {}
        for a in self.areas.values():
            for key in (a.name, a.jobindsats_name, a.dst_name, a.code, f"{a.name} Kommune"):
                if key:
                    index.setdefault(_key(key), a.name)
        return index

    @cached_property
    def _measure_index(self) -> Mapping[str, str]:
        index: dict[str, str] = {}
        for m in self.measures.values():
            for key in (m.id, m.name_da, m.name_en, *m.aliases):
                index.setdefault(_key(key), m.id)
        return index

    # ---- target groups -------------------------------------------------
    def group(self, group_id: str) -> TargetGroup:
        """The :class:`TargetGroup` with this id (or name; see :meth:`resolve_group`)."""
        return self.groups[self.resolve_group(group_id)]

    def resolve_group(self, name: str) -> str:
        """The stable id of a target group given its id, Danish/English name,
        a jobindsats label, or a ``"Parent / Child"`` path.

        Raises :class:`UnknownNameError` (code ``unknown_target_group`` or
        ``ambiguous_target_group``) with close matches.
        """
        if name in self.groups:
            return name
        parts = [p.strip() for p in str(name).split("/")]
        if len(parts) > 1 and all(parts):
            parent = self.resolve_group(" / ".join(parts[:-1]))
            hits = [
                gid
                for gid in self._group_index.get(_key(parts[-1]), ())
                if self.groups[gid].parent == parent
            ]
            if len(hits) == 1:
                return hits[0]
            choices = [self.groups[c].name_da for c in self.children(parent)]
            raise _unknown("unknown_target_group",
                           f"{self.groups[parent].name_da!r} has no sub-group {parts[-1]!r}",
                           name, close_matches(parts[-1], choices) or tuple(choices))
        hits = list(self._group_index.get(_key(name), ()))
        if len(hits) == 1:
            return hits[0]
        if len(hits) > 1:
            raise _unknown("ambiguous_target_group",
                           f"target group {name!r} is ambiguous; name it by its path",
                           name, tuple(self.path(h) for h in hits))
        names = [g.name_da for g in self.groups.values()] + [self.path(g) for g in self.groups]
        raise _unknown("unknown_target_group", f"unknown target group {name!r}", name,
                           close_matches(name, names))

    def path(self, group_id: str) -> str:
        """``"Parent / Child"`` path of a group (top-level groups: their name)."""
        g = self.groups[group_id]
        if g.parent is None or g.parent == "i_alt":
            return g.name_da
        return f"{self.path(g.parent)} / {g.name_da}"

    def children(self, group_id: str) -> tuple[str, ...]:
        """Ids of the direct sub-groups, in appendix order."""
        kids = [g for g in self.groups.values() if g.parent == group_id]
        return tuple(g.id for g in sorted(kids, key=lambda g: g.order))

    def ordered_groups(self) -> tuple[str, ...]:
        """All group ids in appendix order (each parent followed by its children)."""
        return tuple(g.id for g in sorted(self.groups.values(), key=lambda g: g.order))

    def depth(self, group_id: str) -> int:
        """0 for top-level groups and ``i_alt``, 1 for sub-groups, ..."""
        g = self.groups[group_id]
        if g.parent is None or g.parent == "i_alt":
            return 0
        return 1 + self.depth(g.parent)

    def table_group(self, table: str, period: pd.Period | None = None) -> str:
        """The target group a single-group jobindsats table (e.g. ``Y01A02``) covers."""
        key = table.strip().upper()
        rows = [t for t in self.tables if t.table == key]
        if period is not None:
            rows = [
                t
                for t in rows
                if (t.valid_from is None or period.end_time >= t.valid_from.start_time)
                and (t.valid_to is None or period.start_time <= t.valid_to.end_time)
            ] or rows
        if not rows:
            known = sorted({t.table for t in self.tables})
            raise _unknown("unknown_table", f"unknown jobindsats table {table!r}", table,
                           close_matches(key, known) or tuple(known))
        return rows[0].target_group

    # ---- areas -------------------------------------------------------------
    def resolve_area(self, name: str) -> str:
        """The canonical area name for a Danish, jobindsats or DST name or a code.

        ``"Copenhagen"`` → ``"København"``, ``"Province Fyn"`` → ``"Landsdel Fyn"``,
        ``"0157"`` → ``"Gentofte"``, ``"Gentofte Kommune"`` → ``"Gentofte"``.
        """
        hit = self._area_index.get(_key(str(name)))
        if hit is not None:
            return hit
        raise _unknown("unknown_area", f"unknown area {name!r}", name,
                           close_matches(str(name), list(self.areas)))

    def area(self, name: str) -> Area:
        """The :class:`Area` for a name (any spelling :meth:`resolve_area` accepts)."""
        return self.areas[self.resolve_area(name)]

    def kommuner(self) -> tuple[str, ...]:
        """The 98 kommuner, in DST hierarchy order."""
        return self.areas_of_kind(AreaKind.KOMMUNE)

    def areas_of_kind(self, kind: str) -> tuple[str, ...]:
        """Area names of one kind, in DST hierarchy order."""
        hits = [a for a in self.areas.values() if a.kind == kind]
        return tuple(a.name for a in sorted(hits, key=lambda a: a.order))

    def members(self, aggregate: str) -> tuple[str, ...]:
        """The kommuner an aggregate area consists of (sorted by DST order).

        Hele landet → all 98 kommuner; a region or landsdel → its kommuner; a
        comparison area (Østdanmark) or user-defined aggregate → the kommuner of its
        members; a kommune → itself.
        """
        name = self.resolve_area(aggregate)
        a = self.areas[name]
        if a.kind == AreaKind.KOMMUNE:
            return (name,)
        if a.kind == AreaKind.LAND:
            return self.kommuner()
        if a.kind == AreaKind.REGION:
            return tuple(k for k in self.kommuner() if self.areas[k].region == name)
        if a.kind == AreaKind.LANDSDEL:
            return tuple(k for k in self.kommuner() if self.areas[k].landsdel == name)
        found: set[str] = set()
        for member in self.aggregates.get(name, ()):
            found.update(self.members(member))
        return tuple(k for k in self.kommuner() if k in found)

    def with_aggregate(self, name: str, members: Iterable[str]) -> Taxonomy:
        """A new taxonomy with a user-defined aggregate area.

        ``members`` are kommuner, landsdele, regions or other aggregates (any
        spelling :meth:`resolve_area` accepts). Unknown members raise, all at once.
        """
        resolved: list[str] = []
        problems: list[Problem] = []
        for m in members:
            try:
                resolved.append(self.resolve_area(m))
            except UnknownNameError as exc:
                problems.extend(exc.problems)
        if problems:
            raise UnknownNameError(problems)
        if not resolved:
            raise UnknownNameError(
                [Problem("empty_aggregate", f"aggregate {name!r} has no members", value=name)]
            )
        area = Area(name, AreaKind.COMPARISON, f"U{len(self.aggregates) + 1:02d}", "", "",
                    None, None, 1000 + len(self.aggregates))
        return replace(
            self,
            areas=MappingProxyType({**self.areas, name: area}),
            aggregates=MappingProxyType({**self.aggregates, name: tuple(resolved)}),
        )

    # ---- offer types -------------------------------------------------------
    def ordered_offer_types(self, *, company_based: bool | None = None) -> tuple[str, ...]:
        """Offer-type ids in appendix order (``company_based=True``: løntilskud and
        virksomhedspraktik only)."""
        offers = sorted(self.offer_types.values(), key=lambda o: o.order)
        return tuple(o.id for o in offers
                     if company_based is None or o.company_based == company_based)

    # ---- measures ----------------------------------------------------------
    def resolve_measure(self, name: str) -> str:
        """The measure id for an id, a Danish/English name or a jobindsats label."""
        hit = self._measure_index.get(_key(str(name)))
        if hit is not None:
            return hit
        raise _unknown("unknown_measure", f"unknown measure {name!r}", name,
                       close_matches(str(name),
                                     [m.name_da for m in self.measures.values()]))


@cache
def default() -> Taxonomy:
    """The built-in taxonomy (read once from the package's CSV files)."""
    groups = {
        r["id"]: TargetGroup(
            id=r["id"],
            name_da=r["name_da"],
            name_en=r["name_en"],
            parent=r["parent"] or None,
            order=int(r["order"]),
            valid_from=_month(r["valid_from"]),
            valid_to=_month(r["valid_to"]),
            sums_to_parent=r["sums_to_parent"] == "true",
            aliases=_split(r["aliases"]),
        )
        for r in _read_csv("target_groups.csv")
    }
    areas = {
        r["name"]: Area(
            name=r["name"],
            kind=r["kind"],
            code=r["code"],
            jobindsats_name=r["jobindsats_name"],
            dst_name=r["dst_name"],
            landsdel=r["landsdel"] or None,
            region=r["region"] or None,
            order=int(r["order"]),
        )
        for r in _read_csv("areas.csv")
    }
    aggregates: dict[str, list[str]] = {}
    for r in _read_csv("aggregates.csv"):
        aggregates.setdefault(r["aggregate"], []).append(r["member"])
    measures = {
        r["id"]: Measure(
            id=r["id"],
            name_da=r["name_da"],
            name_en=r["name_en"],
            unit=r["unit"],
            additive=r["additive"] == "true",
            aliases=_split(r["aliases"]),
        )
        for r in _read_csv("measures.csv")
    }
    tables = tuple(
        JobindsatsTable(
            table=r["table"],
            target_group=r["target_group"],
            valid_from=_month(r["valid_from"]),
            valid_to=_month(r["valid_to"]),
            description=r["description"],
        )
        for r in _read_csv("jobindsats_tables.csv")
    )
    offer_types = {
        r["id"]: OfferType(id=r["id"], name_da=r["name_da"], name_en=r["name_en"],
                           company_based=r["company_based"] == "true", order=int(r["order"]))
        for r in _read_csv("offer_types.csv")
    }
    return Taxonomy(
        offer_types=MappingProxyType(offer_types),
        groups=MappingProxyType(groups),
        areas=MappingProxyType(areas),
        aggregates=MappingProxyType({k: tuple(v) for k, v in aggregates.items()}),
        measures=MappingProxyType(measures),
        tables=tables,
    )


def resolve_group(name: str) -> str:
    """:meth:`Taxonomy.resolve_group` on the built-in taxonomy."""
    return default().resolve_group(name)


def resolve_area(name: str) -> str:
    """:meth:`Taxonomy.resolve_area` on the built-in taxonomy."""
    return default().resolve_area(name)


def resolve_measure(name: str) -> str:
    """:meth:`Taxonomy.resolve_measure` on the built-in taxonomy."""
    return default().resolve_measure(name)
