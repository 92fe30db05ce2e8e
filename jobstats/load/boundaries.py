"""Municipality boundaries from a GeoJSON or TopoJSON file, without a GIS library.

:func:`read_boundaries` returns :class:`Boundaries`: per kommunekode (``"0157"``),
its polygons as rings of longitude/latitude. The maps of :mod:`jobstats.figures`
draw them; the reader lives here with the other readers of files.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from types import MappingProxyType
from typing import Any

import numpy as np
import numpy.typing as npt

from jobstats.errors import FormatError, Problem

__all__ = ["Boundaries", "Ring", "read_boundaries"]

Ring = npt.NDArray[np.float64]
"""An ``(n, 2)`` array of longitude/latitude positions (read-only)."""


@dataclass(frozen=True, eq=False)
class Boundaries:
    """Municipality outlines: per kommunekode, its polygons, each a tuple of rings
    (an ``(n, 2)`` array of longitude/latitude, the first ring the outline, the
    others holes). ``names`` holds the names the file gives."""

    shapes: Mapping[str, tuple[tuple[Ring, ...], ...]]
    names: Mapping[str, str]
    source: str

    def bounds(self) -> tuple[float, float, float, float]:
        """(min lon, min lat, max lon, max lat) of every outline."""
        pts = np.vstack([poly[0] for polys in self.shapes.values() for poly in polys])
        return (float(pts[:, 0].min()), float(pts[:, 1].min()),
                float(pts[:, 0].max()), float(pts[:, 1].max()))


def _ring(coords: Any, where: str) -> Ring:
    arr = np.asarray(coords, dtype="float64")
    if arr.ndim != 2 or arr.shape[0] < 3 or arr.shape[1] < 2:
        raise FormatError([Problem("bad_geometry", "a ring needs at least 3 positions",
                                   source=where)])
    out = np.ascontiguousarray(arr[:, :2])
    out.setflags(write=False)
    return out


def _topo_arcs(topo: Mapping[str, Any], where: str) -> list[Ring]:
    transform = topo.get("transform")
    arcs: list[Ring] = []
    for arc in topo.get("arcs", []):
        a = np.asarray([p[:2] for p in arc], dtype="float64")
        if transform is not None:  # quantized, delta-encoded positions
            a = np.cumsum(a, axis=0) * np.asarray(transform["scale"], dtype="float64") \
                + np.asarray(transform["translate"], dtype="float64")
        arcs.append(a)
    if not arcs:
        raise FormatError([Problem("bad_topojson", "the topology has no arcs", source=where)])
    return arcs


def _topo_ring(indices: Sequence[int], arcs: list[Ring], where: str) -> Ring:
    parts = []
    for k, i in enumerate(indices):
        try:
            a = arcs[i] if i >= 0 else arcs[~i][::-1]
        except IndexError:
            raise FormatError([Problem("bad_topojson", f"arc index {i} does not exist "
                                       f"({len(arcs)} arcs)", source=where,
                                       value=i)]) from None
        parts.append(a if k == 0 else a[1:])
    return _ring(np.vstack(parts), where)


def _geometries(doc: Mapping[str, Any], where: str,
                object_name: str | None) -> list[tuple[Mapping[str, Any], list[list[Ring]]]]:
    """(properties, polygons) per feature of a GeoJSON or TopoJSON document."""
    out: list[tuple[Mapping[str, Any], list[list[Ring]]]] = []
    kind = doc.get("type")
    if kind == "Topology":
        arcs = _topo_arcs(doc, where)
        objects = doc.get("objects") or {}
        if not objects:
            raise FormatError([Problem("bad_topojson", "the topology has no objects",
                                       source=where)])
        name = object_name or next(iter(objects))
        if name not in objects:
            raise FormatError([Problem("bad_topojson", f"no object {name!r}", source=where,
                                       value=name, suggestions=tuple(objects))])
        obj = objects[name]
        geoms = obj.get("geometries", [obj])
        for g in geoms:
            props = g.get("properties") or {}
            if g.get("type") == "Polygon":
                out.append((props, [[_topo_ring(r, arcs, where) for r in g["arcs"]]]))
            elif g.get("type") == "MultiPolygon":
                out.append((props, [[_topo_ring(r, arcs, where) for r in poly]
                                    for poly in g["arcs"]]))
        return out
    if kind == "FeatureCollection":
        for feat in doc.get("features", []):
            geom = feat.get("geometry") or {}
            props = feat.get("properties") or {}
            if geom.get("type") == "Polygon":
                out.append((props, [[_ring(r, where) for r in geom["coordinates"]]]))
            elif geom.get("type") == "MultiPolygon":
                out.append((props, [[_ring(r, where) for r in poly]
                                    for poly in geom["coordinates"]]))
        return out
    raise FormatError([Problem("unknown_format", f"expected a GeoJSON FeatureCollection or a "
                               f"TopoJSON Topology, not type {kind!r}", source=where,
                               value=kind)])


@lru_cache(maxsize=8)
def _read_cached(path: str, mtime: int, size: int, code_property: str, name_property: str,
                 object_name: str | None) -> Boundaries:
    try:
        doc = json.loads(Path(path).read_text(encoding="utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise FormatError([Problem("bad_json", f"not a JSON file: {exc}", source=path)]) from exc
    shapes: dict[str, list[tuple[Ring, ...]]] = {}
    names: dict[str, str] = {}
    problems = []
    for i, (props, polys) in enumerate(_geometries(doc, path, object_name)):
        code = props.get(code_property)
        if code is None:
            problems.append(Problem("missing_property", f"feature {i} has no property "
                                    f"{code_property!r}", source=path, row=i,
                                    column=code_property,
                                    suggestions=tuple(str(k) for k in props)))
            continue
        key = str(code).strip()
        key = key.zfill(4) if key.isdigit() else key
        shapes.setdefault(key, []).extend(tuple(p) for p in polys)
        if name_property in props:
            names[key] = str(props[name_property])
    if problems:
        raise FormatError(problems[:20])
    if not shapes:
        raise FormatError([Problem("empty", "no polygons found", source=path)])
    return Boundaries(MappingProxyType({k: tuple(v) for k, v in shapes.items()}),
                      MappingProxyType(names), path)


def read_boundaries(path: str | Path, *, code_property: str = "KOMKODE",
                    name_property: str = "KOMNAVN",
                    object_name: str | None = None) -> Boundaries:
    """Read municipality boundaries from a GeoJSON or TopoJSON file.

    Polygons and multipolygons of each feature are collected under the feature's
    ``code_property`` (a kommunekode, zero-padded to 4 digits). TopoJSON arcs are
    decoded here (quantized, delta-encoded, reversed arcs), so no GIS library is
    needed. The result is cached per file (path, modification time and size), so a
    batch of 98 reports reads the file once.
    """
    p = Path(path).resolve()
    if not p.is_file():
        raise FormatError([Problem("missing_file", "no such file", source=str(path))])
    st = p.stat()
    return _read_cached(str(p), st.st_mtime_ns, st.st_size, code_property, name_property,
                        object_name)
