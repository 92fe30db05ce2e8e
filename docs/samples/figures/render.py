"""Render every report figure from the demo data into this folder.

Run from the repository root: ``.venv/bin/python docs/samples/figures/render.py``.
The map needs the DAGI boundaries beside the repository (../shared/data); without
them only the tile-grid map is drawn.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pandas as pd

import jobstats
from jobstats import keyfigures as kf
from jobstats.figures import (
    plot_area_comparison,
    plot_area_lines,
    plot_changes,
    plot_company_offers,
    plot_goals,
    plot_map,
    plot_monthly,
    plot_target_groups,
    plot_tile_map,
    save_figure,
)

OUT = Path(__file__).resolve().parent
OWN, COMPARISON = "Gentofte", "Østdanmark"
GEO = Path(__file__).resolve().parents[3].parent / "shared" / "data" / "dagi_kommuner_2014.geojson"


def main() -> None:
    demo = jobstats.demo()
    src = demo.attrs.get("source")
    monthly = demo.loc[demo["measure"].astype(object) == "full_time_persons"]
    annual = kf.annual_average(monthly)
    annual.attrs["source"] = src
    years = [2023, 2024, 2025]
    own = annual.loc[annual["area"].astype(object) == OWN]

    save_figure(plot_target_groups(own, years=years), OUT / "fig1_target_groups.png")
    save_figure(plot_target_groups(own, years=years, language="en"),
                OUT / "fig1_target_groups_en.png")

    yoy = kf.yoy_change(annual)
    shares = kf.national_share(annual)
    change = kf.share_change(shares)
    yoy.attrs["source"] = src
    save_figure(plot_changes(yoy, change, area=OWN), OUT / "fig2_changes.png")

    act = demo.loc[demo["measure"].astype(object) == "activated_full_time_persons"]
    act_annual = kf.annual_average(act.loc[act["area"].astype(object) == OWN])
    act_annual.attrs["source"] = src
    save_figure(plot_company_offers(act_annual, years=years,
                                    groups=["forsikrede", "kontanthjaelp", "integrationsydelse",
                                            "sygedagpenge"]),
                OUT / "fig3_company_offers.png")

    pct = demo.loc[demo["measure"].astype(object) == "pct_unsubsidised_employment"]
    pct_annual = kf.annual_average(pct)
    pct_annual.attrs["source"] = src
    save_figure(plot_area_comparison(pct_annual, OWN, COMPARISON), OUT / "fig4_areas.png")

    ltu = demo.loc[(demo["measure"].astype(object) == "long_term_unemployed")
                   & (demo["area"].astype(object) == OWN)]
    ltu.attrs["source"] = src
    save_figure(plot_monthly(ltu, start="2024M01", end="2025M12"), OUT / "fig5_monthly.png")

    pop = demo.loc[demo["measure"].astype(object) == "population_16_66"]
    kh = monthly.loc[monthly["target_group"].astype(object) == "kontanthjaelp"]
    share = kf.population_share(kh, pop)
    share.attrs["source"] = src
    save_figure(plot_area_lines(share, OWN, COMPARISON, start="2023M01"),
                OUT / "fig6_area_lines.png")

    kh_share = kf.population_share(
        annual.loc[annual["target_group"].astype(object) == "kontanthjaelp"], pop)
    kh_share = kh_share.loc[kh_share["period"].astype(object) == pd.Period("2025", "Y-DEC")]
    kh_share.attrs["source"] = src
    if GEO.is_file():
        save_figure(plot_map(kh_share, GEO, area=OWN, decimals=1, threshold=2.0),
                    OUT / "fig7a_map.png")
    else:
        print(f"no boundaries at {GEO}; skipping the choropleth", file=sys.stderr)
    save_figure(plot_tile_map(kh_share, area=OWN, decimals=1, threshold=2.0),
                OUT / "fig7b_tile_map.png")

    goal = kf.Goal("Andelen af befolkningen på offentlig forsørgelse skal falde",
                   kf.Direction.LOWER, tolerance=0.005)
    save_figure(plot_goals([
        (goal, kf.goal_status(goal, 13.9, 14.2), "14,2% (2024) → 13,9% (2025)"),
        ("Flere aktivitetsparate kontanthjælpsmodtagere med ordinære løntimer (år til dato)",
         "på rette vej", "112 → 118 personer"),
        ("Flere flygtninge og familiesammenførte i ustøttet beskæftigelse",
         "kræver opmærksomhed", "31,2% → 29,8%"),
        ("Blandt de 3 kommuner med den laveste andel unge på uddannelseshjælp",
         kf.goal_status(kf.Goal("top 3", target=3), 2, 4), "Plads 2 af 98"),
    ]), OUT / "fig8_goals.png")


if __name__ == "__main__":
    main()
