# ---
# jupyter:
#   jupytext:
#     formats: py:percent
#   kernelspec:
#     display_name: Python 3
#     language: python
#     name: python3
# ---

# %% [markdown]
# # Kvartalsrapportering med jobstats
#
# This notebook walks through one quarter's work for a jobcentre analyst:
# **load → key figures → tables → figures → verification**, on the synthetic demo
# data that ships with jobstats (the numbers are invented; Gentofte 2016–2018 is
# calibrated to a published appendix). The last section shows how to point it at
# a real jobindsats download.
#
# Open it in Jupyter with `jupytext` installed (it is stored as a text file so it
# can be reviewed and tested), or run it as a script:
# `python notebooks/quarterly_report.py`.

# %%
from pathlib import Path

import jobstats
from jobstats import figures, tables

AREA, YEAR, COMPARE = "Gentofte", 2018, "Østdanmark"
OUT = Path("notebook_output")
OUT.mkdir(exist_ok=True)

# %% [markdown]
# ## 1. Load
# `jobstats.demo()` returns the canonical long frame: one row per area, target
# group, month and measure; `blinded` marks values the source hid ("."), which are
# never zero.

# %%
data = jobstats.demo()
print(data.attrs["source"])
print(f"{len(data):,} rows; measures: {sorted(data['measure'].astype(str).unique())}")
jobstats.validate(data)  # raises with every problem at once if anything is wrong
data.head()

# %% [markdown]
# ## 2. Key figures
# Annual averages (with `n_months` and a `partial` flag), year-over-year change,
# national share (*landsandel*) and its change. Every function returns a new frame
# in the same shape, so they compose.

# %%
ftp = data[data["measure"] == "full_time_persons"]
ftp = ftp[ftp["area"].isin([AREA, COMPARE, "Hele landet"])]
annual = jobstats.annual_average(ftp)
yoy = jobstats.yoy_change(annual)
shares = jobstats.national_share(annual)
share_change = jobstats.share_change(shares)

own = annual[(annual["area"] == AREA) & (annual["target_group"] == "foertidspension")]
print(own[["period", "value", "n_months", "partial"]])
assert round(float(own.loc[own["period"].dt.year == 2016, "value"].iloc[0])) == 1126

# %% [markdown]
# A ranking: the 10 kommuner with the lowest share of the population 16–66 on
# uddannelseshjælp, Hele landet kept on top, ties sharing a place.

# %%
population = data[data["measure"] == "population_16_66"]
udd = data[(data["measure"] == "full_time_persons")
           & (data["target_group"] == "uddannelseshjaelp")
           & (data["period"].dt.year == YEAR)]
pop_share = jobstats.population_share(
    jobstats.annual_average(udd),
    jobstats.annual_average(population[population["period"].dt.year == YEAR]))
top = jobstats.rank(pop_share, n=10, own=AREA)
top[["area", "value", "place", "own_area"]]

# %% [markdown]
# ## 3. Tables
# Builders return immutable `Table` objects; numbers stay numbers until rendered
# (Danish format: `4.194`, `0,93%`). `key_figures` computes every key figure of the
# area and year once; `appendix_of` lays the whole appendix out from that bundle
# (`bilag(data, area=..., year=...)` does both in one call).

# %%
maalgrupper = tables.maalgruppeoversigt(data, AREA, [YEAR - 2, YEAR - 1, YEAR])
maalgrupper  # renders as HTML in Jupyter

# %%
kf = jobstats.key_figures(data, area=AREA, year=YEAR, compare=COMPARE)
appendix = jobstats.appendix_of(kf)
print(appendix.names)
appendix.to_excel(OUT / "bilag.xlsx")
appendix.to_pdf(OUT / "bilag.pdf")
(OUT / "bilag.html").write_text(appendix.to_html(standalone=True), encoding="utf-8")

# %% [markdown]
# ## 4. Figures
# Each figure function returns a matplotlib `Figure` in the house style, with the
# source line under the plot.

# %%
fig1 = figures.plot_target_groups(annual[annual["area"] == AREA], years=[2016, 2017, 2018])
fig2 = figures.plot_changes(yoy, share_change, area=AREA, year=YEAR)
figures.save_figure(fig1, OUT / "figur1.png")
figures.save_figure(fig2, OUT / "figur2.svg")
fig2

# %% [markdown]
# ## 5. Verification
# Every printed percentage of the appendix is checked against the printed numbers
# beside it and against the data, with their rounding. Then the key figures are
# compared with the published appendix of February 2019.

# %%
from jobstats.published_numbers import gentofte_maalgruppeoversigt
from jobstats.report import verify_appendix

summary = verify_appendix(appendix, kf)  # the checks read the same bundle
print(summary.format())
assert summary.ok

# %%
published = gentofte_maalgruppeoversigt()
computed = annual[(annual["area"] == AREA) & annual["period"].dt.year.isin([2016, 2017, 2018])]
mismatches = []
for row in published[published["measure"] == "full_time_persons"].itertuples():
    if row.blinded or row.empty:
        continue
    value = computed[(computed["target_group"] == row.target_group)
                     & (computed["period"].dt.year == row.year)]["value"]
    check = jobstats.published(str(row.text))
    if not check.rounds_to_this(float(value.iloc[0])):
        mismatches.append((row.target_group, row.year, row.text, float(value.iloc[0])))
print(f"{len(mismatches)} published annual averages not reproduced")
assert mismatches == []

# %% [markdown]
# A single relation, as in a report's text: 804 → 816 printed as +1,39% is
# consistent, because the unrounded averages can differ from the printed ones.

# %%
verdict = jobstats.change_consistent("804", "816", "1,39%")
print(verdict)
assert verdict

# %% [markdown]
# ## 6. Your own data
# Download a table from jobindsats.dk (CSV or JSON) or via the API, and read it
# with `read_jobindsats`; the format is detected. A single-group table such as
# Y01A02 (a-dagpenge) takes its target group from `table=`.
#
# ```python
# mine = jobstats.read_jobindsats("Y01A02.csv", table="Y01A02")
# client = jobstats.JobindsatsClient()  # token from the JOBINDSATS_TOKEN variable
# ```
#
# Here with a small file in the jobindsats API v2 CSV format from the test suite:

# %%
sample = Path("tests/fixtures/load/y01a02_v2.csv")
if sample.is_file():
    mine = jobstats.read_jobindsats(sample, table="Y01A02")
    print(mine[["area", "target_group", "period", "measure", "value"]].head())
