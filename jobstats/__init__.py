"""jobstats: Danish municipal labour-market key figures.

Load jobindsats/DST series into one canonical frame, compute the key figures of
the quarterly report, render the appendix (nøgletalsbilag) and its figures, and
check published percentages with their rounding.

The public API is the verb functions listed in ``__all__``. They are imported on
first use, so ``import jobstats`` stays light (no matplotlib until you draw).
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

from jobstats.errors import (
    ApiError,
    AuthenticationError,
    FormatError,
    JobstatsError,
    NotFoundError,
    Problem,
    RateLimitError,
    UnknownNameError,
    ValidationError,
)
from jobstats.frame import make_frame, validate

__version__ = "0.1.0"

# name -> module that defines it; each section belongs to one module of the data flow.
_LAZY: dict[str, str] = {
    # load
    "read_jobindsats": "jobstats.load.jobindsats",
    "read_statbank": "jobstats.load.statbank",
    "read_parquet": "jobstats.load.parquet",
    "write_parquet": "jobstats.load.parquet",
    "JobindsatsClient": "jobstats.load.api",
    "StatbankClient": "jobstats.load.api",
    "catalogue": "jobstats.load.catalogue",
    "fetch": "jobstats.load.fetch",
    "read_bundle": "jobstats.load.fetch",
    "recipe": "jobstats.load.recipe",
    "load_sources": "jobstats.report.sources",
    # demo
    "demo": "jobstats.demodata",
    # key figures
    "Direction": "jobstats.keyfigures",
    "Goal": "jobstats.keyfigures",
    "GoalStatus": "jobstats.keyfigures",
    "activation_overview": "jobstats.keyfigures",
    "aggregate": "jobstats.keyfigures",
    "annual_average": "jobstats.keyfigures",
    "composition": "jobstats.keyfigures",
    "consistency": "jobstats.keyfigures",
    "goal_status": "jobstats.keyfigures",
    "national_share": "jobstats.keyfigures",
    "point_change": "jobstats.keyfigures",
    "population_share": "jobstats.keyfigures",
    "rank": "jobstats.keyfigures",
    "KeyFigures": "jobstats.keyfigures.bundle",
    "key_figures": "jobstats.keyfigures.bundle",
    "rollup_groups": "jobstats.keyfigures",
    "share_change": "jobstats.keyfigures",
    "yoy_change": "jobstats.keyfigures",
    # verify
    "CompareReport": "jobstats.verify",
    "Consistency": "jobstats.verify",
    "PublishedNumber": "jobstats.verify",
    "Verdict": "jobstats.verify",
    "VerifyReport": "jobstats.verify",
    "VerifySpec": "jobstats.verify",
    "assert_consistent": "jobstats.verify",
    "assert_matches_published": "jobstats.verify",
    "change_consistent": "jobstats.verify",
    "compare": "jobstats.verify",
    "difference_consistent": "jobstats.verify",
    "load_spec": "jobstats.verify",
    "published": "jobstats.verify",
    "ratio_consistent": "jobstats.verify",
    "read_published_table": "jobstats.verify",
    "share_consistent": "jobstats.verify",
    "sum_consistent": "jobstats.verify",
    "verify_table": "jobstats.verify",
    "DocumentReport": "jobstats.verify",
    "check_document": "jobstats.verify",
    "verify_document": "jobstats.verify",
    # tables
    "Bilag": "jobstats.tables",
    "Table": "jobstats.tables",
    "aktivitetsoversigt": "jobstats.tables",
    "appendix_of": "jobstats.tables",
    "bilag": "jobstats.tables",
    "composition_table": "jobstats.tables",
    "goal_table": "jobstats.tables",
    "langtidsledighed": "jobstats.tables",
    "maalgruppeoversigt": "jobstats.tables",
    "point_comparison_table": "jobstats.tables",
    "ranking_table": "jobstats.tables",
    "virksomhedsrettet_tilbud": "jobstats.tables",
    # figures
    "areas_above": "jobstats.figures",
    "plot_area_comparison": "jobstats.figures",
    "plot_area_lines": "jobstats.figures",
    "plot_changes": "jobstats.figures",
    "plot_company_offers": "jobstats.figures",
    "plot_goals": "jobstats.figures",
    "plot_map": "jobstats.figures",
    "plot_monthly": "jobstats.figures",
    "plot_target_groups": "jobstats.figures",
    "plot_tile_map": "jobstats.figures",
    "read_boundaries": "jobstats.load.boundaries",
    "save_figure": "jobstats.figures",
    "save_figures": "jobstats.figures",
    # report (the main job)
    "ReportOptions": "jobstats.report",
    "build_report": "jobstats.report",
    "report_all": "jobstats.report",
    "verify_appendix": "jobstats.report",
    "write_report": "jobstats.report",
    # the committee paper: goals file, own tables, comparison clusters
    "read_goals": "jobstats.paper.goals",
    "evaluate_goals": "jobstats.paper.goals",
    "read_user_tables": "jobstats.paper.usertables",
    "read_clusters": "jobstats.paper.clusters",
}

if TYPE_CHECKING:
    from jobstats.demodata import demo
    from jobstats.figures import (
        areas_above,
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
        save_figures,
    )
    from jobstats.keyfigures import (
        Direction,
        Goal,
        GoalStatus,
        activation_overview,
        aggregate,
        annual_average,
        composition,
        consistency,
        goal_status,
        national_share,
        point_change,
        population_share,
        rank,
        rollup_groups,
        share_change,
        yoy_change,
    )
    from jobstats.keyfigures.bundle import KeyFigures, key_figures
    from jobstats.load.api import JobindsatsClient, StatbankClient
    from jobstats.load.boundaries import read_boundaries
    from jobstats.load.catalogue import catalogue
    from jobstats.load.fetch import fetch, read_bundle
    from jobstats.load.jobindsats import read_jobindsats
    from jobstats.load.parquet import read_parquet, write_parquet
    from jobstats.load.recipe import recipe
    from jobstats.load.statbank import read_statbank
    from jobstats.report import (
        ReportOptions,
        build_report,
        report_all,
        verify_appendix,
        write_report,
    )
    from jobstats.report.sources import load_sources
    from jobstats.tables import (
        Bilag,
        Table,
        aktivitetsoversigt,
        appendix_of,
        bilag,
        composition_table,
        goal_table,
        langtidsledighed,
        maalgruppeoversigt,
        point_comparison_table,
        ranking_table,
        virksomhedsrettet_tilbud,
    )
    from jobstats.verify import (
        CompareReport,
        Consistency,
        DocumentReport,
        PublishedNumber,
        Verdict,
        VerifyReport,
        VerifySpec,
        assert_consistent,
        assert_matches_published,
        change_consistent,
        check_document,
        compare,
        difference_consistent,
        load_spec,
        published,
        ratio_consistent,
        read_published_table,
        share_consistent,
        sum_consistent,
        verify_document,
        verify_table,
    )

__all__ = [
    "ApiError",
    "AuthenticationError",
    "Bilag",
    "CompareReport",
    "Consistency",
    "Direction",
    "DocumentReport",
    "FormatError",
    "Goal",
    "GoalStatus",
    "JobindsatsClient",
    "JobstatsError",
    "KeyFigures",
    "NotFoundError",
    "Problem",
    "PublishedNumber",
    "RateLimitError",
    "ReportOptions",
    "StatbankClient",
    "Table",
    "UnknownNameError",
    "ValidationError",
    "Verdict",
    "VerifyReport",
    "VerifySpec",
    "__version__",
    "activation_overview",
    "aggregate",
    "aktivitetsoversigt",
    "annual_average",
    "appendix_of",
    "areas_above",
    "assert_consistent",
    "assert_matches_published",
    "bilag",
    "build_report",
    "catalogue",
    "change_consistent",
    "check_document",
    "compare",
    "composition",
    "composition_table",
    "consistency",
    "demo",
    "difference_consistent",
    "evaluate_goals",
    "fetch",
    "goal_status",
    "goal_table",
    "key_figures",
    "langtidsledighed",
    "load_sources",
    "load_spec",
    "maalgruppeoversigt",
    "make_frame",
    "national_share",
    "plot_area_comparison",
    "plot_area_lines",
    "plot_changes",
    "plot_company_offers",
    "plot_goals",
    "plot_map",
    "plot_monthly",
    "plot_target_groups",
    "plot_tile_map",
    "point_change",
    "point_comparison_table",
    "population_share",
    "published",
    "rank",
    "ranking_table",
    "ratio_consistent",
    "read_boundaries",
    "read_bundle",
    "read_clusters",
    "read_goals",
    "read_jobindsats",
    "read_parquet",
    "read_published_table",
    "read_statbank",
    "read_user_tables",
    "recipe",
    "report_all",
    "rollup_groups",
    "save_figure",
    "save_figures",
    "share_change",
    "share_consistent",
    "sum_consistent",
    "validate",
    "verify_appendix",
    "verify_document",
    "verify_table",
    "virksomhedsrettet_tilbud",
    "write_parquet",
    "write_report",
    "yoy_change",
]


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'jobstats' has no attribute {name!r}")
    value = getattr(import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
