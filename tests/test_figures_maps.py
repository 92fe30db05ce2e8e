"""Figure 7: classes, boundaries (GeoJSON/TopoJSON), the choropleth and the tile map."""

from __future__ import annotations

import json
import math
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.collections import PathCollection
from matplotlib.figure import Figure
from matplotlib.patches import PathPatch

from jobstats import make_frame, taxonomy
from jobstats.errors import FormatError, ValidationError
from jobstats.figures import (
    areas_above,
    classify,
    plot_map,
    plot_tile_map,
    read_boundaries,
    tile_grid,
)
from jobstats.figures import maps as maps_module
from jobstats.figures.maps import tile_label
from tests.conftest import real_file

KOMMUNER = taxonomy.default().kommuner()


def kommune_frame() -> pd.DataFrame:
    """value = i % 5 for the i-th kommune; kommuner 0-2 blinded, kommune 3 absent."""
    rows = []
    for i, k in enumerate(KOMMUNER):
        if i == 3:
            continue
        rows.append((k, "kontanthjaelp", pd.Period("2018", "Y-DEC"), "pct_population",
                     np.nan if i < 3 else float(i % 5), i < 3))
    rows.append(("Hele landet", "kontanthjaelp", pd.Period("2018", "Y-DEC"), "pct_population",
                 99.0, False))  # not a kommune: ignored by the maps
    f = make_frame(pd.DataFrame(rows, columns=["area", "target_group", "period", "measure",
                                               "value", "blinded"]))
    f.attrs["source"] = "Testdata"
    return f


# residues of i % 5 over i = 0..97: 0,1,2 occur 20 times, 3,4 19 times;
# class [0,2) = 40 - 2 blinded (i=0,1) = 38; [2,4) = 39 - 1 blinded (i=2) - 1 absent (i=3)
# = 37; [4,6) = 19; not reported = 4.
EXPECTED_LEGEND = ["0 - 1 (38)", "2 - 3 (37)", "4 - 5 (19)", "Opgøres ikke (4)", "Gentofte"]


def square_geojson(path: Path) -> Path:
    """A GeoJSON of one 0.1° square per kommune, laid out like the tile grid."""
    feats = []
    g = tile_grid()
    for code, name, row, col in zip(g["code"], g["name"], g["row"], g["col"], strict=True):
        x, y = 8.0 + 0.3 * int(col), 57.7 - 0.3 * int(row)
        ring = [[x, y], [x + 0.25, y], [x + 0.25, y + 0.25], [x, y + 0.25], [x, y]]
        feats.append({"type": "Feature", "properties": {"KOMKODE": code, "KOMNAVN": name},
                      "geometry": {"type": "Polygon", "coordinates": [ring]}})
    path.write_text(json.dumps({"type": "FeatureCollection", "features": feats}),
                    encoding="utf-8")
    return path


def legend_texts(ax: Axes) -> list[str]:
    leg = ax.get_legend()
    assert leg is not None
    return [t.get_text() for t in leg.get_texts()]


# ---------------------------------------------------------------- classes


def test_classify_labels_and_counts_by_printed_value() -> None:
    c = classify({"A": 29.4, "B": 29.5, "C": 39.49, "D": 40.0, "E": float("nan")},
                 bins=[0, 30, 40, 50])
    # 29,5 prints as 30 and so lies in "30 - 39", as its printed number says
    assert c.classes == {"A": 0, "B": 1, "C": 1, "D": 2, "E": -1}
    assert c.legend_labels() == ["0 - 29 (1)", "30 - 39 (2)", "40 - 49 (1)", "Opgøres ikke (1)"]
    en = classify({"A": 1.25}, bins=[1, 1.5, 2], decimals=1, language="en")
    assert en.legend_labels() == ["1.0 - 1.4 (1)", "1.5 - 1.9 (0)"]


def test_classify_open_ends_and_errors() -> None:
    inf = float("inf")
    c = classify({"A": -5.0, "B": 1000.0}, bins=[-inf, 0, 10, inf])
    assert c.labels == ("under 0", "0 - 9", "10 og derover")
    assert c.counts == (1, 0, 1)
    with pytest.raises(ValidationError) as exc:
        classify({"Lolland": 55.0, "Gentofte": -1.0}, bins=[0, 30, 50])
    assert exc.value.codes == {"outside_bins"}
    assert len(exc.value.problems) == 2 and "Lolland" in str(exc.value)
    with pytest.raises(ValidationError) as exc:
        classify({"A": 1.0}, bins=[0, 0.5, 1.5])  # 0,5 is no whole number
    assert exc.value.codes == {"bad_bins"}
    with pytest.raises(ValidationError):
        classify({"A": 1.0}, bins=[3, 2])


@pytest.mark.parametrize("decimals", [0, 1, 2])
def test_default_classes_cover_every_value(decimals: int) -> None:
    rng = np.random.default_rng(decimals)
    values = {f"k{i}": float(v) for i, v in enumerate(rng.gamma(2.0, 3.0, 98))}
    c = classify(values, decimals=decimals)
    assert sum(c.counts) == 98 and c.missing == 0
    assert 3 <= len(c.counts) <= 8


# ---------------------------------------------------------------- boundaries


def test_topojson_arcs_decoded_by_hand(tmp_path: Path) -> None:
    topo = {
        "type": "Topology",
        "transform": {"scale": [0.5, 0.25], "translate": [10, 55]},
        "arcs": [[[2, 0], [0, 4]],
                 [[2, 4], [-2, 0], [0, -4], [2, 0]],
                 [[2, 0], [2, 0], [0, 4], [-2, 0]]],
        "objects": {"k": {"type": "GeometryCollection", "geometries": [
            {"type": "Polygon", "properties": {"KOMKODE": "157"}, "arcs": [[0, 1]]},
            {"type": "MultiPolygon", "properties": {"KOMKODE": "0101", "KOMNAVN": "Kbh"},
             "arcs": [[[-1, 2]]]}]}},
    }
    p = tmp_path / "two.topojson"
    p.write_text(json.dumps(topo), encoding="utf-8")
    b = read_boundaries(p)
    assert set(b.shapes) == {"0157", "0101"}  # codes zero-padded
    a = b.shapes["0157"][0][0].tolist()
    assert a == [[11, 55], [11, 56], [10, 56], [10, 55], [11, 55]]
    k = b.shapes["0101"][0][0].tolist()  # the shared arc reversed
    assert k == [[11, 56], [11, 55], [12, 55], [12, 56], [11, 56]]
    assert b.names == {"0101": "Kbh"}
    assert b.bounds() == (10.0, 55.0, 12.0, 56.0)


def test_boundaries_errors(tmp_path: Path) -> None:
    with pytest.raises(FormatError) as exc:
        read_boundaries(tmp_path / "none.geojson")
    assert exc.value.codes == {"missing_file"}
    bad = tmp_path / "bad.geojson"
    bad.write_text('{"type": "Feature"}', encoding="utf-8")
    with pytest.raises(FormatError) as exc:
        read_boundaries(bad)
    assert exc.value.codes == {"unknown_format"}
    noprop = tmp_path / "noprop.geojson"
    noprop.write_text(json.dumps({"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": {"KODE": "0101"}, "geometry": {
            "type": "Polygon", "coordinates": [[[0, 0], [1, 0], [1, 1], [0, 0]]]}}]}),
        encoding="utf-8")
    with pytest.raises(FormatError) as exc:
        read_boundaries(noprop)
    assert exc.value.problems[0].suggestions == ("KODE",)
    assert read_boundaries(noprop, code_property="KODE").shapes.keys() == {"0101"}


@pytest.mark.realdata
def test_real_geojson_and_topojson_agree() -> None:
    g = read_boundaries(real_file("dagi_kommuner_2014.geojson"))
    t = read_boundaries(real_file("dagi_kommuner_2014.topojson"))
    codes = {a.code for a in taxonomy.default().areas.values() if a.kind == "kommune"}
    assert codes <= set(g.shapes) and set(g.shapes) == set(t.shapes)
    assert set(g.shapes) - codes == {"0411"}  # Christiansø
    assert g.names["0157"] == "Gentofte"
    for code in ("0157", "0101", "0400", "0760"):
        area_g = sum(abs(maps_module._signed_area(p[0])) for p in g.shapes[code])
        area_t = sum(abs(maps_module._signed_area(p[0])) for p in t.shapes[code])
        assert area_t == pytest.approx(area_g, rel=0.01)
    assert np.allclose(g.bounds(), t.bounds(), atol=1e-3)


def test_a_hole_stays_empty_whatever_the_ring_orientation() -> None:
    """Matplotlib fills with the nonzero rule: a hole drawn in the same direction as
    its outline would be painted over, unless the rings are re-oriented."""
    outer = np.array([[0, 0], [4, 0], [4, 4], [0, 4]], dtype=float)  # counter-clockwise
    hole = np.array([[1, 1], [3, 1], [3, 3], [1, 3]], dtype=float)  # also counter-clockwise
    fig = Figure(figsize=(2, 2), dpi=50)
    ax = fig.add_axes((0, 0, 1, 1))
    ax.add_collection(PathCollection([maps_module._path([(outer, hole)])], facecolors="red",
                                     edgecolors="none"))
    ax.set_xlim(-1 * maps_module._LAT0, 5 * maps_module._LAT0)
    ax.set_ylim(-1, 5)
    canvas = FigureCanvasAgg(fig)
    canvas.draw()  # type: ignore[no-untyped-call]
    pixels = np.asarray(canvas.buffer_rgba())  # type: ignore[no-untyped-call]
    for (lon, lat), colour in (((2.0, 2.0), (255, 255, 255)), ((0.5, 0.5), (255, 0, 0))):
        x, y = ax.transData.transform((lon * maps_module._LAT0, lat))
        assert tuple(int(v) for v in pixels[pixels.shape[0] - int(y), int(x), :3]) == colour


@pytest.mark.realdata
def test_frederiksberg_is_a_hole_in_koebenhavn() -> None:
    """Rendered, København leaves Frederiksberg (the hole in its outline) unpainted."""
    b = read_boundaries(real_file("dagi_kommuner_2014.topojson"))
    fig = Figure(figsize=(4, 4), dpi=100)
    ax = fig.add_axes((0, 0, 1, 1))
    ax.add_collection(PathCollection([maps_module._path(b.shapes["0101"])],
                                     facecolors="red", edgecolors="none"))
    ax.set_xlim(12.40 * maps_module._LAT0, 12.70 * maps_module._LAT0)
    ax.set_ylim(55.58, 55.75)
    canvas = FigureCanvasAgg(fig)
    canvas.draw()  # type: ignore[no-untyped-call]
    pixels = np.asarray(canvas.buffer_rgba())  # type: ignore[no-untyped-call]

    def colour_at(lon: float, lat: float) -> tuple[int, ...]:
        x, y = ax.transData.transform((lon * maps_module._LAT0, lat))
        return tuple(int(v) for v in pixels[pixels.shape[0] - int(y), int(x), :3])

    frb = b.shapes["0147"][0][0].mean(axis=0)  # Frederiksberg is compact: inside it
    amager = b.shapes["0101"][3][0].mean(axis=0)  # København's part of Amager
    assert colour_at(*frb) == (255, 255, 255)
    assert colour_at(*amager) == (255, 0, 0)


@pytest.mark.realdata
def test_tile_grid_keeps_the_geography() -> None:
    b = read_boundaries(real_file("dagi_kommuner_2014.geojson"))
    g = tile_grid().set_index("code")
    g = g.drop(index="0400")  # Bornholm is moved next to København on purpose
    lon = pd.Series({c: np.vstack([p[0] for p in b.shapes[c]])[:, 0].mean() for c in g.index})
    lat = pd.Series({c: np.vstack([p[0] for p in b.shapes[c]])[:, 1].mean() for c in g.index})
    assert g["col"].rank().corr(lon.rank()) > 0.85
    assert (-g["row"]).rank().corr(lat.rank()) > 0.85


def test_tile_grid_is_the_98_kommuner_each_once() -> None:
    g = tile_grid()
    assert sorted(g["name"]) == sorted(KOMMUNER)
    assert not g.duplicated(["row", "col"]).any()
    tx = taxonomy.default()
    assert all(tx.areas[n].code == c for n, c in zip(g["name"], g["code"], strict=True))
    # København's neighbours on the grid are capital-area kommuner
    kbh = g.loc[g["name"] == "København"].iloc[0]
    near = g.loc[(abs(g["row"] - kbh["row"]) <= 1) & (abs(g["col"] - kbh["col"]) <= 1), "name"]
    assert {tx.areas[n].region for n in near} == {"Region Hovedstaden"}


# ---------------------------------------------------------------- maps


def test_plot_map_legend_counts_own_outline_and_threshold(tmp_path: Path) -> None:
    geo = square_geojson(tmp_path / "squares.geojson")
    fig = plot_map(kommune_frame(), geo, area="Gentofte", bins=[0, 2, 4, 6], threshold=3)
    ax = fig.axes[0]
    assert legend_texts(ax) == EXPECTED_LEGEND
    cols = [c for c in ax.collections if isinstance(c, PathCollection)]
    assert [len(c.get_paths()) for c in cols] == [94, 4]  # classed, not reported
    outlines = [p for p in ax.patches if isinstance(p, PathPatch)]
    assert len(outlines) == 1 and outlines[0].get_linewidth() > 1
    listed = next(t.get_text() for t in ax.texts if t.get_text().startswith("Over"))
    # above 3: the 19 kommuner with value 4; the list shows 16 and the rest as a count
    assert listed.splitlines()[0] == "Over 3,0%:" or listed.splitlines()[0] == "Over 3%:"
    assert listed.count("(4%)") == 16 and listed.endswith("og 3 flere")
    assert "Testdata" in "\n".join(t.get_text() for t in ax.texts)


def test_plot_map_needs_every_kommune_shape(tmp_path: Path) -> None:
    geo = json.loads(square_geojson(tmp_path / "s.geojson").read_text(encoding="utf-8"))
    geo["features"] = [f for f in geo["features"] if f["properties"]["KOMNAVN"] != "Læsø"]
    p = tmp_path / "no_laesoe.geojson"
    p.write_text(json.dumps(geo), encoding="utf-8")
    with pytest.raises(ValidationError) as exc:
        plot_map(kommune_frame(), p)
    assert exc.value.codes == {"missing_shape"} and "Læsø" in str(exc.value)


@pytest.mark.realdata
@pytest.mark.parametrize("name", ["dagi_kommuner_2014.geojson", "dagi_kommuner_2014.topojson"])
def test_plot_map_real_boundaries(name: str) -> None:
    fig = plot_map(kommune_frame(), real_file(name), area="Gentofte", bins=[0, 2, 4, 6])
    ax = fig.axes[0]
    assert legend_texts(ax) == EXPECTED_LEGEND
    cols = [c for c in ax.collections if isinstance(c, PathCollection)]
    # kommuner with several islands are one compound path each; Christiansø is grey
    assert [len(c.get_paths()) for c in cols] == [94, 4, 1]


@pytest.mark.realdata
def test_plot_map_capital_inset_shows_the_capital_kommuner_and_the_own_one() -> None:
    fig = plot_map(kommune_frame(), real_file("dagi_kommuner_2014.topojson"), area="Gentofte",
                   bins=[0, 2, 4, 6])
    ax = fig.axes[0]
    (inset,) = ax.child_axes
    (zoomed,) = [c for c in inset.collections if isinstance(c, PathCollection)]
    capital = [k for k in taxonomy.default().members("Region Hovedstaden") if k != "Bornholm"]
    assert len(zoomed.get_paths()) == len(capital) == 28
    (outline,) = [p for p in inset.patches if isinstance(p, PathPatch)]
    # the own kommune is outlined inside the zoomed view
    x0, x1 = inset.get_xlim()
    y0, y1 = inset.get_ylim()
    ox, oy = np.asarray(outline.get_path().vertices, dtype=float).mean(axis=0)
    assert x0 < ox < x1 and y0 < oy < y1
    # the inset enlarges: the capital area spans most of the inset but little of the map
    mx0, mx1 = ax.get_xlim()
    assert (x1 - x0) < 0.25 * (mx1 - mx0)
    # a kommune outside the capital area: no own outline in the inset
    far = plot_map(kommune_frame(), real_file("dagi_kommuner_2014.topojson"), area="Odense",
                   bins=[0, 2, 4, 6]).axes[0].child_axes[0]
    assert not [p for p in far.patches if isinstance(p, PathPatch)]


def test_plot_tile_map_legend_tiles_and_labels() -> None:
    fig = plot_tile_map(kommune_frame(), area="Gentofte", bins=[0, 2, 4, 6])
    ax = fig.axes[0]
    assert legend_texts(ax) == EXPECTED_LEGEND
    labels = {t.get_text() for t in ax.texts}
    # every tile is named (a reader knows "Gentofte", not "GEN")
    assert {tile_label(n) for n in tile_grid()["name"]} <= labels
    assert not set(tile_grid()["abbr"]) & labels
    assert {"Gentofte", "Lyngby-\nTaarbæk"} <= labels
    sizes = [len(c.get_paths()) for c in ax.collections]
    assert sizes == [94, 4]
    en = plot_tile_map(kommune_frame(), bins=[0, 2, 4, 6], language="en").axes[0]
    assert legend_texts(en)[-1] == "Not reported (4)"


def test_tile_labels_break_where_the_parts_of_a_name_meet() -> None:
    # Danish compound names: Jammer+bugt, Mariager+fjord, Guldborg+sund (the middle of
    # the word gave "Jamme-rbugt", "Mariage-rfjord", "Guldbo-rgsund")
    assert tile_label("Jammerbugt") == "Jammer-\nbugt"
    assert tile_label("Mariagerfjord") == "Mariager-\nfjord"
    assert tile_label("Guldborgsund") == "Guldborg-\nsund"
    assert tile_label("Frederikssund") == "Frederiks-\nsund"
    assert tile_label("Vesthimmerlands") == "Vest-\nhimmer-\nlands"
    assert tile_label("Ringkøbing-Skjern") == "Ringkø-\nbing-\nSkjern"
    for name in tile_grid()["name"]:  # the printed name is the name, less the breaks
        label = tile_label(name)
        joined = "".join(part[:-1] if part.endswith("-") and not name.count(part)
                         else part for part in label.split("\n"))
        assert joined == name, (name, label)


def test_tile_labels_fit_inside_their_tiles() -> None:
    # each name leaves a margin on its tile (0.85 of its width): "Ringkøbing-" ran over
    # its tile's edges and "Vesthimm-" touched them
    fig = plot_tile_map(kommune_frame(), area="Gentofte", bins=[0, 2, 4, 6])
    ax = fig.axes[0]
    renderer = FigureCanvasAgg(fig).get_renderer()  # type: ignore[no-untyped-call]
    (x0, _), (x1, _) = ax.transData.transform([(0.0, 0.0), (0.92, 0.0)])
    labels = {tile_label(n) for n in tile_grid()["name"]}
    widths = {t.get_text(): t.get_window_extent(renderer).width / (x1 - x0)
              for t in ax.texts if t.get_text() in labels}
    assert set(widths) == labels
    assert max(widths.values()) <= 0.85, max(widths.items(), key=lambda kv: kv[1])


def test_list_of_kommuner_above_the_threshold_stays_inside_the_figure(tmp_path: Path) -> None:
    # 19 kommuner above 3: the map (taller) names 16, the tile map 9, the rest as a
    # count; the tile map's 16 names ran off the foot of its figure
    geo = square_geojson(tmp_path / "squares.geojson")
    for fig, named in ((plot_map(kommune_frame(), geo, bins=[0, 2, 4, 6], threshold=3), 16),
                       (plot_tile_map(kommune_frame(), bins=[0, 2, 4, 6], threshold=3), 9)):
        renderer = FigureCanvasAgg(fig).get_renderer()  # type: ignore[no-untyped-call]
        ax = fig.axes[0]
        listed = next(t for t in ax.texts if t.get_text().startswith("Over"))
        assert listed.get_text().count("(4%)") == named
        assert listed.get_text().endswith(f"og {19 - named} flere")
        assert listed.get_window_extent(renderer).y0 >= 0  # its last line on the figure


def test_areas_above_strict_and_sorted() -> None:
    f = make_frame(pd.DataFrame({
        "area": ["Lolland", "Gentofte", "Odense", "Hele landet", "Aarhus"],
        "target_group": "kontanthjaelp", "period": pd.Period("2018", "Y-DEC"),
        "measure": "pct_population", "value": [5.21, 1.1, 4.04, 9.0, 3.96],
        "blinded": False}))
    assert areas_above(f, 4.0)["area"].tolist() == ["Lolland", "Odense"]
    # on printed values with 1 decimal, 4,04 → 4,0 and 3,96 → 4,0: not above 4
    assert areas_above(f, 4.0, decimals=1)["area"].tolist() == ["Lolland"]
    assert areas_above(f, 3.9, decimals=1)["area"].tolist() == ["Lolland", "Odense", "Aarhus"]
    assert math.isclose(areas_above(f, 5.0)["value"].iloc[0], 5.21)
