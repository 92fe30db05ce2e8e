"""Routes for tests/httpserver.py that answer like jobindsats v2/v3 and DST StatBank,
with the numbers of the demo data.

jobindsats answers carry the documented columns — Area, Periode, Ydelsesgrupper,
Køn (totals *and* Mænd/Kvinder, which the fetcher must leave out), Tilbudstype
where the series has one — and the measures under their labels, numbers with a
decimal comma, blinded cells as ".". StatBank answers are the long CSV
(``OMRÅDE;KØN;ALDER;TID;INDHOLD``) with the population 16-66 spread over single
ages, and refuse a request of more cells than ``cell_limit``.
"""

from __future__ import annotations

import json
from collections.abc import Mapping

import pandas as pd

import jobstats
from jobstats import taxonomy as _taxonomy
from jobstats.load.recipe import Recipe
from tests.httpserver import Reply, Route, Seen

AGES = [str(a) for a in range(16, 67)]


def _num(v: float) -> str:
    return repr(float(v)).replace(".", ",").removesuffix(",0")


class DemoApi:
    """Routes answering from ``frame`` (the demo data by default) for the recipe's tables."""

    def __init__(self, recipe: Recipe, *, frame: pd.DataFrame | None = None,
                 cell_limit: int = 1_000_000, version: int = 2,
                 updates: Mapping[str, str] | None = None) -> None:
        self.tx = _taxonomy.default()
        self.frame = frame if frame is not None else jobstats.demo()
        self.recipe = recipe
        self.cell_limit = cell_limit
        self.version = version
        self.updates = dict(updates or {"LastUpdate": "2019-01-15", "NextUpdate": "2019-02-15"})
        self.data_requests = 0
        self.statbank_requests = 0
        per = self.frame["period"]
        code = per.dt.year.astype(str) + "M" + per.dt.month.astype(str).str.zfill(2)
        f = self.frame.assign(code=code)
        self._by_measure = {str(m): g for m, g in f.groupby("measure", observed=True)}
        self._codes = sorted(set(code))

    def routes(self) -> dict[str, Route]:
        routes: dict[str, Route] = {}
        for row in self.recipe.rows:
            if row.source != "jobindsats" or not row.table:
                continue
            t = row.table
            routes[f"/v2/data/{t.lower()}/json"] = self._data_route(t)
            routes[f"/v3/data/{t}"] = self._data_route(t)
            routes[f"/v2/tables/{t.lower()}/json"] = self._info_route(t)
            routes[f"/v3/table/{t}"] = self._info_route(t)
        ids = [{"id": r.table, "name": r.note} for r in self.recipe.rows
               if r.source == "jobindsats" and r.table]
        catalogue = [{"name": "Ydelser", "tableGroups": [{"name": "Alle", "tables": ids}]}]
        routes["/v2/tables/json"] = lambda s: Reply(200, json.dumps(catalogue).encode())
        routes["/v3/tables"] = routes["/v2/tables/json"]
        routes["/v1/tableinfo"] = self._statbank_info
        routes["/v1/data"] = self._statbank_data
        return routes

    # ------------------------------------------------------------- jobindsats
    def _info_route(self, table: str) -> Route:
        def info(_seen: Seen) -> Reply:
            doc = {"ID": table.lower(), "Name": table, "Period": self._codes, **self.updates}
            return Reply(200, json.dumps([doc]).encode())
        return info

    def _data_route(self, table: str) -> Route:
        rows = [r for r in self.recipe.rows if r.table == table]

        def data(seen: Seen) -> Reply:
            self.data_requests += 1
            periods = set(seen.query["period"][0].split(","))
            area = seen.query.get("area", ["*"])[0]
            areas = None if area == "*" else set(area.split(","))
            parts = []
            for row in rows:
                for m in row.measures:
                    g = self._by_measure.get(m)
                    if g is None:
                        continue
                    codes = g["code"]
                    keep = codes.isin(periods).to_numpy().copy()
                    groups = g["target_group"].astype(str)
                    tree = {x: row.keeps(x, self.tx) for x in groups.unique()}
                    keep &= groups.map(tree).to_numpy(dtype=bool)
                    if areas is not None:
                        keep &= g["area"].astype(str).isin(areas).to_numpy()
                    parts.append(g.loc[keep])
            if not parts:
                return Reply(404, b'{"Message": "no data"}')
            sel = pd.concat(parts)
            has_offer = "offer_type" in sel.columns and sel["offer_type"].notna().any()
            dims = ["area", "code", "target_group"] + (["offer_type"] if has_offer else [])
            cell = [_num(v) for v in sel["value"].to_numpy()]
            sel = sel.assign(cell=pd.Series(cell, index=sel.index, dtype=object).where(
                ~sel["blinded"].to_numpy(), "."))
            sel = sel[sel["blinded"].to_numpy() | sel["value"].notna().to_numpy()]
            flat = sel[[*dims, "measure", "cell"]].astype(dict.fromkeys(dims, str)).astype(
                {"measure": str})
            wide = flat.pivot(index=dims, columns="measure", values="cell").fillna("")
            measures = [str(c) for c in wide.columns]
            labels = ["Area", "Periode", "Ydelsesgrupper", "Køn"] \
                + (["Tilbudstype"] if has_offer else []) \
                + [self.tx.measures[m].name_da for m in measures]
            wide = wide.reset_index()
            wide["target_group"] = wide["target_group"].map(
                {g: self.tx.groups[g].name_da for g in wide["target_group"].unique()})
            head = wide[dims[:3]].to_numpy().tolist()
            tail = wide[dims[3:]].to_numpy().tolist()
            vals = wide[measures].to_numpy().tolist()
            out: list[list[str]] = []
            for h, t, v in zip(head, tail, vals, strict=True):
                out.append([*h, "Køn i alt", *t, *v])
                # a breakdown the fetcher must not add to the total
                out.append([*h, "Mænd", *t, *(c if c in (".", "") else "1" for c in v)])
            if self.version == 3 or seen.path.startswith("/v3/"):
                return Reply(200, ("\ufeff" + json.dumps({"columns": labels, "rows": out},
                                                         ensure_ascii=False)).encode())
            variables = [{"Name": f"v{i}", "Label": lab} for i, lab in enumerate(labels)]
            return Reply(200, json.dumps([{"Variables": variables, "Data": out}],
                                         ensure_ascii=False).encode())
        return data

    # ------------------------------------------------------------- StatBank
    def _population(self) -> pd.DataFrame:
        return self._by_measure["population_16_66"]

    def _areas(self) -> list[tuple[str, str]]:
        names = sorted(set(self._population()["area"].astype(str)))
        return [(f"{i:03d}", n) for i, n in enumerate(names)]

    def _statbank_info(self, seen: Seen) -> Reply:
        months = sorted(set(self._population()["code"]))
        doc = {"id": "FOLK1AM", "text": "Befolkningen den 1. i måneden",
               "updated": "2019-02-11T08:00:00",
               "variables": [
                   {"id": "OMRÅDE", "values": [{"id": c, "text": n} for c, n in self._areas()]},
                   {"id": "KØN", "values": [{"id": "TOT", "text": "I alt"}]},
                   {"id": "ALDER", "values": [{"id": a, "text": f"{a} år"} for a in AGES]},
                   {"id": "Tid", "values": [{"id": m, "text": m} for m in months]}]}
        return Reply(200, json.dumps(doc, ensure_ascii=False).encode())

    def _statbank_data(self, seen: Seen) -> Reply:
        self.statbank_requests += 1
        req = json.loads(seen.body)
        var = {v["code"]: v["values"] for v in req["variables"]}
        areas = self._areas()
        if var.get("OMRÅDE") != ["*"]:
            areas = [(c, n) for c, n in areas if c in set(var["OMRÅDE"])]
        ages = var.get("ALDER", AGES)
        months = var["Tid"]
        cells = len(areas) * len(ages) * len(months) * len(var.get("KØN", ["TOT"]))
        if cells > self.cell_limit and req.get("format") != "BULK":
            msg = {"errorTypeCode": "EXTRACT-TOO-LARGE",
                   "message": f"Udtrækket er for stort ({cells} celler)"}
            return Reply(400, json.dumps(msg, ensure_ascii=False).encode())
        pop = self._population()
        codes = pop["code"]
        value = {(str(a), c): float(v) for a, c, v in zip(pop["area"].astype(str), codes,
                                                         pop["value"], strict=True)}
        lines = ["OMRÅDE;KØN;ALDER;TID;INDHOLD"]
        for _code, name in areas:
            for m in months:
                total = int(value[(name, m)])
                base, extra = divmod(total, len(AGES))
                for i, age in enumerate(AGES):
                    if age in ages:
                        lines.append(f"{name};I alt;{age} år;{m};{base + (i < extra)}")
        body = ("\ufeff" + "\r\n".join(lines) + "\r\n").encode("utf-8")
        return Reply(200, body, {"Content-Type": "text/csv; charset=utf-8"})
