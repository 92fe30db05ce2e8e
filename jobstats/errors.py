"""The exception hierarchy of jobstats.

Every error jobstats raises is a :class:`JobstatsError`. Errors about data carry
one or more :class:`Problem` records, so a caller (or a test) can read *which*
file, row, column and value failed and *why* — a :class:`Reason` with a
:class:`Category` (input format, unknown name, value, relation, output) — the way
pandera reports failure cases. Validation collects every problem before raising;
:meth:`ValidationError.to_frame` gives them as a table.

>>> err = ValidationError([Problem("unknown_area", "unknown area 'Hilleroed'",
...                                column="area", value="Hilleroed")])
>>> err.problems[0].code is Reason.UNKNOWN_AREA, err.problems[0].category.value
(True, 'unknown name')
>>> err.to_frame()[["code", "category", "column", "value"]].to_dict("records")
[{'code': 'unknown_area', 'category': 'unknown name', 'column': 'area', 'value': 'Hilleroed'}]
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from enum import StrEnum
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pandas as pd

__all__ = [
    "ApiError",
    "AuthenticationError",
    "Category",
    "FormatError",
    "JobstatsError",
    "NotFoundError",
    "Problem",
    "RateLimitError",
    "Reason",
    "UnknownNameError",
    "ValidationError",
    "close_matches",
    "one_line",
    "shorten",
]

MAX_ECHO = 100
"""At most this many characters of a value are repeated in a message."""

MAX_MESSAGE = 480
"""A :class:`ValidationError`'s message stays under this many characters (the full
list of problems is in ``.problems``)."""


class Category(StrEnum):
    """What kind of failure a :class:`Reason` is."""

    INPUT_FORMAT = "input format"
    """The input is not in a format jobstats reads, or is damaged."""
    UNKNOWN_NAME = "unknown name"
    """A name (area, target group, measure, period, row...) that is not known or not
    in the data, or that matches more than one."""
    VALUE = "value"
    """A value (a number, an option, a period) outside what the rule allows, or data
    that lack what is needed."""
    RELATION = "relation"
    """Values that disagree with each other (duplicates, sums, shares, consistency)."""
    OUTPUT = "output"
    """Writing the result failed or was asked for in a form jobstats cannot write."""


class Reason(StrEnum):
    """The stable, machine-readable reason of a :class:`Problem`, with its
    :attr:`category`. A ``StrEnum``: ``Reason.UNKNOWN_AREA == "unknown_area"``, so
    code comparing reasons with strings keeps working.

    >>> Reason("unknown_area").category
    <Category.UNKNOWN_NAME: 'unknown name'>
    >>> Reason.BAD_ENCODING == "bad_encoding"
    True
    """

    AMBIGUOUS_AREA = "ambiguous_area"
    AMBIGUOUS_DIMENSION = "ambiguous_dimension"
    AMBIGUOUS_MEASURE = "ambiguous_measure"
    AMBIGUOUS_ROW = "ambiguous_row"
    AMBIGUOUS_TARGET_GROUP = "ambiguous_target_group"
    AREA_NOT_IN_DATA = "area_not_in_data"
    BAD_BINS = "bad_bins"
    BAD_BUNDLE = "bad_bundle"
    BAD_BY = "bad_by"
    BAD_COLUMNS = "bad_columns"
    BAD_COMPARE = "bad_compare"
    BAD_DECIMAL = "bad_decimal"
    BAD_DIRECTION = "bad_direction"
    BAD_DTYPE = "bad_dtype"
    BAD_ENCODING = "bad_encoding"
    BAD_GEOMETRY = "bad_geometry"
    BAD_GOAL = "bad_goal"
    BAD_HEADER = "bad_header"
    BAD_JSON = "bad_json"
    BAD_LATEST = "bad_latest"
    BAD_MEMBERS = "bad_members"
    BAD_MONTH = "bad_month"
    BAD_MONTHS = "bad_months"
    BAD_N = "bad_n"
    BAD_NUMBER = "bad_number"
    BAD_PARQUET = "bad_parquet"
    BAD_PERIOD = "bad_period"
    BAD_RECIPE = "bad_recipe"
    BAD_ROUNDING = "bad_rounding"
    BAD_ROW = "bad_row"
    BAD_SELECT = "bad_select"
    BAD_SHAPE = "bad_shape"
    BAD_SOURCE = "bad_source"
    BAD_SPEC = "bad_spec"
    BAD_STATISTIC = "bad_statistic"
    BAD_TABLE_ID = "bad_table_id"
    BAD_TOLERANCE = "bad_tolerance"
    BAD_TOML = "bad_toml"
    BAD_TOPOJSON = "bad_topojson"
    BAD_TYPE = "bad_type"
    BAD_VALUE = "bad_value"
    BAD_VALUES = "bad_values"
    BAD_YEAR_END = "bad_year_end"
    BLANK_LINE = "blank_line"
    BLINDED_WITH_VALUE = "blinded_with_value"
    CELL_TOO_LONG = "cell_too_long"
    DECIMAL_COMMA = "decimal_comma"
    DECIMAL_POINT = "decimal_point"
    DUPLICATE_COLUMN = "duplicate_column"
    DUPLICATE_ID = "duplicate_id"
    DUPLICATE_KEY = "duplicate_key"
    DUPLICATE_SERIES = "duplicate_series"
    EMPTY = "empty"
    EMPTY_AGGREGATE = "empty_aggregate"
    EMPTY_FILE = "empty_file"
    EMPTY_FOLDER = "empty_folder"
    FIELD_COUNT = "field_count"
    HTML_PAGE = "html_page"
    HUGE_CELL = "huge_cell"
    HUGE_NUMBER = "huge_number"
    HUGE_VALUE = "huge_value"
    INCONSISTENT = "inconsistent"
    MISSING_AREA = "missing_area"
    MISSING_COLUMN = "missing_column"
    MISSING_FILE = "missing_file"
    MISSING_KEY = "missing_key"
    MISSING_MEASURE = "missing_measure"
    MISSING_PERIOD = "missing_period"
    MISSING_PROPERTY = "missing_property"
    MISSING_SHAPE = "missing_shape"
    MISSING_TARGET_GROUP = "missing_target_group"
    MISSING_TITLE = "missing_title"
    MISSING_VALUE = "missing_value"
    MISSING_VALUES = "missing_values"
    MISSING_YEAR = "missing_year"
    MIXED_FREQUENCY = "mixed_frequency"
    MIXED_FREQUENCY_ROW = "mixed_frequency_row"
    NAME_TAKEN = "name_taken"
    NEGATIVE_COUNT = "negative_count"
    NO_ACTIVATION = "no_activation"
    NO_AREA_COLUMN = "no_area_column"
    NO_CLUSTERS = "no_clusters"
    NO_DATA = "no_data"
    NO_GOALS = "no_goals"
    NO_HEADER = "no_header"
    NO_NATIONAL_ROWS = "no_national_rows"
    NO_PERIOD = "no_period"
    NO_PERIOD_COLUMN = "no_period_column"
    NO_PERIODS = "no_periods"
    NO_POPULATION = "no_population"
    NO_ROWS = "no_rows"
    NO_SUBGOALS = "no_subgoals"
    NO_SUCH_FILE = "no_such_file"
    NO_TABLES = "no_tables"
    NO_TARGET_GROUP = "no_target_group"
    NO_TEXT = "no_text"
    NO_TOTAL = "no_total"
    NO_VALUES = "no_values"
    NON_FINITE = "non_finite"
    NON_FINITE_VALUE = "non_finite_value"
    NOT_A_MULTIPLE = "not_a_multiple"
    NOT_A_NUMBER = "not_a_number"
    NOT_A_SHARE = "not_a_share"
    NOT_ADDITIVE = "not_additive"
    NOT_ANNUAL = "not_annual"
    NOT_DOCX = "not_docx"
    NOT_FINITE = "not_finite"
    NOT_MONTHLY = "not_monthly"
    NOT_ONE_MEASURE = "not_one_measure"
    NOT_ONE_TARGET_GROUP = "not_one_target_group"
    NOT_PDF = "not_pdf"
    NOT_RANKED = "not_ranked"
    NOT_TEXT = "not_text"
    NOT_XLSX = "not_xlsx"
    NOTHING_TO_FETCH = "nothing_to_fetch"
    NOTHING_TO_REPORT = "nothing_to_report"
    NUMBER_TOO_LARGE = "number_too_large"
    NUMBER_TOO_LONG = "number_too_long"
    OUTSIDE_BINS = "outside_bins"
    PERIOD_OUT_OF_RANGE = "period_out_of_range"
    POPULATION_DIMENSION = "population_dimension"
    SHORT_ROW = "short_row"
    SOURCES_DISAGREE = "sources_disagree"
    STATBANK_CSV = "statbank_csv"
    STRAY_QUOTE = "stray_quote"
    THOUSANDS_SEPARATOR = "thousands_separator"
    TOO_LARGE = "too_large"
    TOO_MANY_CELLS = "too_many_cells"
    TRUNCATED = "truncated"
    UNBALANCED_QUOTE = "unbalanced_quote"
    UNDEFINED_VALUE = "undefined_value"
    UNKNOWN_AREA = "unknown_area"
    UNKNOWN_COLUMN = "unknown_column"
    UNKNOWN_DIMENSION = "unknown_dimension"
    UNKNOWN_DST_TABLE = "unknown_dst_table"
    UNKNOWN_FIGURE = "unknown_figure"
    UNKNOWN_FORMAT = "unknown_format"
    UNKNOWN_GROUP = "unknown_group"
    UNKNOWN_JSON_LAYOUT = "unknown_json_layout"
    UNKNOWN_KEY = "unknown_key"
    UNKNOWN_KIND = "unknown_kind"
    UNKNOWN_LANGUAGE = "unknown_language"
    UNKNOWN_MEASURE = "unknown_measure"
    UNKNOWN_OFFER_TYPE = "unknown_offer_type"
    UNKNOWN_OUTPUT_FORMAT = "unknown_output_format"
    UNKNOWN_PERIOD = "unknown_period"
    UNKNOWN_ROW = "unknown_row"
    UNKNOWN_SERIES = "unknown_series"
    UNKNOWN_SHEET = "unknown_sheet"
    UNKNOWN_STATISTIC = "unknown_statistic"
    UNKNOWN_STATUS = "unknown_status"
    UNKNOWN_TABLE = "unknown_table"
    UNKNOWN_TARGET_GROUP = "unknown_target_group"
    UNKNOWN_VERDICT = "unknown_verdict"
    UNREADABLE = "unreadable"
    UNWRITABLE = "unwritable"
    WRONG_SEPARATOR = "wrong_separator"
    YEAR_OUT_OF_RANGE = "year_out_of_range"

    @property
    def category(self) -> Category:
        """The kind of failure."""
        return _CATEGORIES[self]


_REASONS = frozenset(r.value for r in Reason)

_CATEGORIES: dict[Reason, Category] = {
    Reason.HUGE_CELL: Category.INPUT_FORMAT,
    Reason.MISSING_YEAR: Category.VALUE,
    Reason.BLANK_LINE: Category.INPUT_FORMAT,
    Reason.POPULATION_DIMENSION: Category.VALUE,
    Reason.STRAY_QUOTE: Category.INPUT_FORMAT,
    Reason.BAD_LATEST: Category.VALUE,
    Reason.PERIOD_OUT_OF_RANGE: Category.VALUE,
    Reason.SOURCES_DISAGREE: Category.RELATION,
    Reason.EMPTY_FOLDER: Category.INPUT_FORMAT,
    Reason.AMBIGUOUS_AREA: Category.UNKNOWN_NAME,
    Reason.AMBIGUOUS_DIMENSION: Category.UNKNOWN_NAME,
    Reason.AMBIGUOUS_MEASURE: Category.UNKNOWN_NAME,
    Reason.AMBIGUOUS_ROW: Category.UNKNOWN_NAME,
    Reason.AMBIGUOUS_TARGET_GROUP: Category.UNKNOWN_NAME,
    Reason.AREA_NOT_IN_DATA: Category.UNKNOWN_NAME,
    Reason.BAD_BINS: Category.VALUE,
    Reason.BAD_BUNDLE: Category.INPUT_FORMAT,
    Reason.BAD_BY: Category.VALUE,
    Reason.BAD_COLUMNS: Category.INPUT_FORMAT,
    Reason.BAD_COMPARE: Category.VALUE,
    Reason.BAD_DECIMAL: Category.VALUE,
    Reason.BAD_DIRECTION: Category.VALUE,
    Reason.BAD_DTYPE: Category.INPUT_FORMAT,
    Reason.BAD_ENCODING: Category.INPUT_FORMAT,
    Reason.BAD_GEOMETRY: Category.INPUT_FORMAT,
    Reason.BAD_GOAL: Category.VALUE,
    Reason.BAD_HEADER: Category.INPUT_FORMAT,
    Reason.BAD_JSON: Category.INPUT_FORMAT,
    Reason.BAD_MEMBERS: Category.VALUE,
    Reason.BAD_MONTH: Category.VALUE,
    Reason.BAD_MONTHS: Category.VALUE,
    Reason.BAD_N: Category.VALUE,
    Reason.BAD_NUMBER: Category.INPUT_FORMAT,
    Reason.BAD_PARQUET: Category.INPUT_FORMAT,
    Reason.BAD_PERIOD: Category.VALUE,
    Reason.BAD_RECIPE: Category.INPUT_FORMAT,
    Reason.BAD_ROUNDING: Category.VALUE,
    Reason.BAD_ROW: Category.INPUT_FORMAT,
    Reason.BAD_SELECT: Category.INPUT_FORMAT,
    Reason.BAD_SHAPE: Category.OUTPUT,
    Reason.BAD_SOURCE: Category.VALUE,
    Reason.BAD_SPEC: Category.INPUT_FORMAT,
    Reason.BAD_STATISTIC: Category.VALUE,
    Reason.BAD_TABLE_ID: Category.INPUT_FORMAT,
    Reason.BAD_TOLERANCE: Category.VALUE,
    Reason.BAD_TOML: Category.INPUT_FORMAT,
    Reason.BAD_TOPOJSON: Category.INPUT_FORMAT,
    Reason.BAD_TYPE: Category.INPUT_FORMAT,
    Reason.BAD_VALUE: Category.VALUE,
    Reason.BAD_VALUES: Category.INPUT_FORMAT,
    Reason.BAD_YEAR_END: Category.VALUE,
    Reason.BLINDED_WITH_VALUE: Category.RELATION,
    Reason.CELL_TOO_LONG: Category.INPUT_FORMAT,
    Reason.DECIMAL_COMMA: Category.INPUT_FORMAT,
    Reason.DECIMAL_POINT: Category.INPUT_FORMAT,
    Reason.THOUSANDS_SEPARATOR: Category.INPUT_FORMAT,
    Reason.DUPLICATE_COLUMN: Category.INPUT_FORMAT,
    Reason.DUPLICATE_ID: Category.RELATION,
    Reason.DUPLICATE_KEY: Category.RELATION,
    Reason.DUPLICATE_SERIES: Category.RELATION,
    Reason.EMPTY: Category.VALUE,
    Reason.EMPTY_AGGREGATE: Category.VALUE,
    Reason.EMPTY_FILE: Category.INPUT_FORMAT,
    Reason.FIELD_COUNT: Category.INPUT_FORMAT,
    Reason.HTML_PAGE: Category.INPUT_FORMAT,
    Reason.HUGE_CELL: Category.INPUT_FORMAT,
    Reason.HUGE_NUMBER: Category.INPUT_FORMAT,
    Reason.HUGE_VALUE: Category.VALUE,
    Reason.INCONSISTENT: Category.RELATION,
    Reason.MISSING_AREA: Category.UNKNOWN_NAME,
    Reason.MISSING_COLUMN: Category.INPUT_FORMAT,
    Reason.MISSING_FILE: Category.INPUT_FORMAT,
    Reason.MISSING_KEY: Category.RELATION,
    Reason.MISSING_MEASURE: Category.UNKNOWN_NAME,
    Reason.MISSING_PERIOD: Category.VALUE,
    Reason.MISSING_YEAR: Category.VALUE,
    Reason.MISSING_PROPERTY: Category.INPUT_FORMAT,
    Reason.MISSING_SHAPE: Category.UNKNOWN_NAME,
    Reason.MISSING_TARGET_GROUP: Category.UNKNOWN_NAME,
    Reason.MISSING_TITLE: Category.INPUT_FORMAT,
    Reason.MISSING_VALUE: Category.VALUE,
    Reason.MISSING_VALUES: Category.INPUT_FORMAT,
    Reason.MIXED_FREQUENCY: Category.RELATION,
    Reason.MIXED_FREQUENCY_ROW: Category.RELATION,
    Reason.NAME_TAKEN: Category.UNKNOWN_NAME,
    Reason.NEGATIVE_COUNT: Category.VALUE,
    Reason.NO_ACTIVATION: Category.VALUE,
    Reason.NO_AREA_COLUMN: Category.INPUT_FORMAT,
    Reason.NO_CLUSTERS: Category.VALUE,
    Reason.NO_DATA: Category.VALUE,
    Reason.NO_GOALS: Category.VALUE,
    Reason.NO_HEADER: Category.INPUT_FORMAT,
    Reason.NO_NATIONAL_ROWS: Category.VALUE,
    Reason.NO_PERIOD: Category.VALUE,
    Reason.NO_PERIOD_COLUMN: Category.INPUT_FORMAT,
    Reason.NO_PERIODS: Category.VALUE,
    Reason.NO_POPULATION: Category.VALUE,
    Reason.NO_ROWS: Category.VALUE,
    Reason.NO_SUBGOALS: Category.VALUE,
    Reason.NO_SUCH_FILE: Category.INPUT_FORMAT,
    Reason.NO_TABLES: Category.VALUE,
    Reason.NO_TARGET_GROUP: Category.VALUE,
    Reason.NO_TEXT: Category.INPUT_FORMAT,
    Reason.NO_TOTAL: Category.VALUE,
    Reason.NO_VALUES: Category.VALUE,
    Reason.NON_FINITE: Category.INPUT_FORMAT,
    Reason.NON_FINITE_VALUE: Category.VALUE,
    Reason.NOT_A_MULTIPLE: Category.VALUE,
    Reason.NOT_A_NUMBER: Category.INPUT_FORMAT,
    Reason.NOT_A_SHARE: Category.RELATION,
    Reason.NOT_ADDITIVE: Category.RELATION,
    Reason.NOT_ANNUAL: Category.VALUE,
    Reason.NOT_DOCX: Category.INPUT_FORMAT,
    Reason.NOT_FINITE: Category.INPUT_FORMAT,
    Reason.NOT_MONTHLY: Category.VALUE,
    Reason.NOT_ONE_MEASURE: Category.UNKNOWN_NAME,
    Reason.NOT_ONE_TARGET_GROUP: Category.UNKNOWN_NAME,
    Reason.NOT_PDF: Category.INPUT_FORMAT,
    Reason.NOT_RANKED: Category.RELATION,
    Reason.NOT_TEXT: Category.INPUT_FORMAT,
    Reason.NOT_XLSX: Category.INPUT_FORMAT,
    Reason.NOTHING_TO_FETCH: Category.VALUE,
    Reason.NOTHING_TO_REPORT: Category.VALUE,
    Reason.NUMBER_TOO_LARGE: Category.INPUT_FORMAT,
    Reason.NUMBER_TOO_LONG: Category.INPUT_FORMAT,
    Reason.OUTSIDE_BINS: Category.VALUE,
    Reason.SHORT_ROW: Category.INPUT_FORMAT,
    Reason.STATBANK_CSV: Category.INPUT_FORMAT,
    Reason.TOO_LARGE: Category.INPUT_FORMAT,
    Reason.TOO_MANY_CELLS: Category.INPUT_FORMAT,
    Reason.TRUNCATED: Category.INPUT_FORMAT,
    Reason.UNBALANCED_QUOTE: Category.INPUT_FORMAT,
    Reason.UNDEFINED_VALUE: Category.VALUE,
    Reason.UNKNOWN_AREA: Category.UNKNOWN_NAME,
    Reason.UNKNOWN_COLUMN: Category.INPUT_FORMAT,
    Reason.UNKNOWN_DIMENSION: Category.UNKNOWN_NAME,
    Reason.UNKNOWN_DST_TABLE: Category.UNKNOWN_NAME,
    Reason.UNKNOWN_FIGURE: Category.UNKNOWN_NAME,
    Reason.UNKNOWN_FORMAT: Category.INPUT_FORMAT,
    Reason.UNKNOWN_GROUP: Category.UNKNOWN_NAME,
    Reason.UNKNOWN_JSON_LAYOUT: Category.INPUT_FORMAT,
    Reason.UNKNOWN_KEY: Category.INPUT_FORMAT,
    Reason.UNKNOWN_KIND: Category.UNKNOWN_NAME,
    Reason.UNKNOWN_LANGUAGE: Category.UNKNOWN_NAME,
    Reason.UNKNOWN_MEASURE: Category.UNKNOWN_NAME,
    Reason.UNKNOWN_OFFER_TYPE: Category.UNKNOWN_NAME,
    Reason.UNKNOWN_OUTPUT_FORMAT: Category.OUTPUT,
    Reason.UNKNOWN_PERIOD: Category.UNKNOWN_NAME,
    Reason.UNKNOWN_ROW: Category.UNKNOWN_NAME,
    Reason.UNKNOWN_SERIES: Category.UNKNOWN_NAME,
    Reason.UNKNOWN_SHEET: Category.INPUT_FORMAT,
    Reason.UNKNOWN_STATISTIC: Category.UNKNOWN_NAME,
    Reason.UNKNOWN_STATUS: Category.UNKNOWN_NAME,
    Reason.UNKNOWN_TABLE: Category.UNKNOWN_NAME,
    Reason.UNKNOWN_TARGET_GROUP: Category.UNKNOWN_NAME,
    Reason.UNKNOWN_VERDICT: Category.UNKNOWN_NAME,
    Reason.UNREADABLE: Category.INPUT_FORMAT,
    Reason.UNWRITABLE: Category.OUTPUT,
    Reason.WRONG_SEPARATOR: Category.INPUT_FORMAT,
    Reason.YEAR_OUT_OF_RANGE: Category.VALUE,
}


def shorten(value: object, limit: int = MAX_ECHO) -> str:
    """``repr(value)``, cut to about ``limit`` characters with the full length noted.

    >>> shorten("x" * 1000, 20)
    "'xxxxxxxxxxxxxxxxx… (1000 characters)"
    >>> shorten("Gentofte")
    "'Gentofte'"
    """
    text = repr(value)
    if len(text) <= limit:
        return text
    size = f" ({len(value)} characters)" if isinstance(value, str | bytes) else ""
    return text[: max(1, limit - 2)] + "…" + size


@dataclass(frozen=True)
class Problem:
    """One failure found at the boundary.

    ``code`` is a stable, machine-readable :class:`Reason` (``Reason.UNKNOWN_AREA``,
    equal to ``"unknown_area"``); a known reason given as text is turned into its
    member. ``row`` is the 1-based line
    of the source file when known (header = line 1), else the 0-based position
    in the frame.
    """

    code: Reason | str
    message: str
    source: str | None = None
    row: int | None = None
    column: str | None = None
    value: object = None
    suggestions: tuple[str, ...] = field(default=())

    def __post_init__(self) -> None:
        # a known reason given as text becomes its Reason (equal to the text)
        if not isinstance(self.code, Reason) and self.code in _REASONS:
            object.__setattr__(self, "code", Reason(self.code))

    @property
    def category(self) -> Category | None:
        """The category of the reason (None for a reason that is not a :class:`Reason`)."""
        return self.code.category if isinstance(self.code, Reason) else None

    def __str__(self) -> str:
        return self.describe()

    def describe(self, limit: int | None = None) -> str:
        """The problem in one line; with ``limit``, cut to that many characters
        in the middle so the close matches ("did you mean …?") always stay."""
        where = []
        if self.source is not None:
            where.append(str(self.source))
        if self.row is not None:
            where.append(f"row {self.row}")
        if self.column is not None:
            where.append(f"column {self.column!r}")
        head = ", ".join(_cut(w) for w in where)
        message = self.message
        value = self.value
        if isinstance(value, str | bytes) and len(repr(value)) > MAX_ECHO:
            # a long value is echoed once, cut: also where the message quotes it
            message = message.replace(repr(value), shorten(value))
            if isinstance(value, str):
                message = message.replace(value, shorten(value)[1:-1])
        text = f"{head}: {_cut(message, 300)}" if head else _cut(message, 300)
        if value is not None and repr(value) not in text and shorten(value) not in text:
            text += f" (value {shorten(value)})"
        tail = ""
        if self.suggestions:
            tail = " — did you mean " + " or ".join(shorten(s, 60) for s in
                                                    self.suggestions[:5]) + "?"
        body = f"[{self.code}] {text}"
        if limit is not None and len(body) + len(tail) > limit:
            body = _cut(body, max(20, limit - len(tail)))
        return body + tail


def _cut(text: str, limit: int = MAX_ECHO) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


class JobstatsError(Exception):
    """Root of every error raised by jobstats."""


class ValidationError(JobstatsError, ValueError):
    """Data that do not satisfy a rule. Carries every :class:`Problem` found."""

    def __init__(self, problems: Sequence[Problem], *, max_shown: int = 20) -> None:
        self.problems: tuple[Problem, ...] = tuple(problems)
        n = len(self.problems)
        sources = {p.source for p in self.problems}
        common = sources.pop() if len(sources) == 1 else None
        where = f" in {_cut(str(common))}" if common is not None else ""
        head = f"{n} problem{'s' if n != 1 else ''} found{where}:"
        shown = self.problems[:max_shown]
        if common is not None:  # the file is named once, in the head
            shown = tuple(replace(p, source=None) for p in shown)
        per_line = max(120, (MAX_MESSAGE - 50 - len(head)) // max(1, len(shown)))
        lines: list[str] = []
        size = len(head)
        for p in shown:
            line = "  - " + p.describe(min(200, per_line))
            if lines and size + len(line) + 1 > MAX_MESSAGE - 50:
                break
            lines.append(line)
            size += len(line) + 1
        more = n - len(lines)
        if more > 0:
            lines.append(f"  ... and {more} more (all of them in the error's .problems)")
        super().__init__("\n".join([head, *lines]))

    @property
    def codes(self) -> set[str]:
        """The distinct reason codes of the problems."""
        return {p.code for p in self.problems}

    def to_frame(self) -> pd.DataFrame:
        """Every problem as a row: ``code``, ``category``, ``source``, ``row``,
        ``column``, ``value`` (shortened as in messages), ``message`` and
        ``suggestions`` (joined with ``", "``)."""
        import pandas as pd

        return pd.DataFrame(
            [{"code": str(p.code), "category": p.category.value if p.category else None,
              "source": p.source, "row": p.row, "column": p.column,
              "value": None if p.value is None else (
                  p.value if isinstance(p.value, str) and len(p.value) <= MAX_ECHO
                  else shorten(p.value)),
              "message": p.message, "suggestions": ", ".join(p.suggestions)}
             for p in self.problems],
            columns=["code", "category", "source", "row", "column", "value", "message",
                     "suggestions"])


def one_line(error: BaseException, limit: int = 200) -> str:
    """An error in one line: the first problem (reason, place, value, close matches)
    and how many more, or the first line of the message of an error without
    problems.

    >>> one_line(ValidationError([Problem("bad_n", "n must be at least 1", value=0),
    ...                           Problem("unknown_area", "unknown area 'X'")]))
    '[bad_n] n must be at least 1 (value 0) (and 1 more)'
    """
    problems: Sequence[Problem] = getattr(error, "problems", ())
    if problems:
        more = len(problems) - 1
        first: str = problems[0].describe(limit)
        return first + (f" (and {more} more)" if more else "")
    lines = str(error).strip().splitlines()
    return _cut(lines[0], limit) if lines else type(error).__name__


class FormatError(ValidationError):
    """An input file that is not in a format jobstats reads (or is damaged)."""


class UnknownNameError(ValidationError, KeyError):
    """A name (area, target group, measure, ...) that the taxonomy does not know."""

    def __str__(self) -> str:  # KeyError would otherwise repr() the message
        return str(self.args[0]) if self.args else ""


class ApiError(JobstatsError):
    """The jobindsats API answered with an error."""

    def __init__(self, message: str, *, status: int | None = None, url: str | None = None):
        self.status = status
        self.url = url
        super().__init__(message)


class AuthenticationError(ApiError):
    """401/403: the token is missing, wrong or expired."""


class NotFoundError(ApiError):
    """404: unknown table, period or area."""


class RateLimitError(ApiError):
    """429: too many requests."""


def close_matches(name: str, choices: Iterable[str], n: int = 3) -> tuple[str, ...]:
    """Return up to ``n`` choices close to ``name``, ignoring case and Danish letters.

    ``"Hilleroed"`` finds ``"Hillerød"``: both are folded (æ→ae, ø→oe, å→aa)
    before comparing, and the original spellings are returned. When one choice is
    clearly the best (an exact match after folding), only near-equals are kept.

    >>> close_matches("Hilleroed", ["Allerød", "Hillerød", "Solrød"])
    ('Hillerød',)
    """
    by_folded: dict[str, str] = {}
    for choice in choices:
        by_folded.setdefault(fold(choice), choice)
    target = fold(name)
    scored = []
    for folded, original in by_folded.items():
        matcher = difflib.SequenceMatcher(None, target, folded)
        if matcher.real_quick_ratio() >= 0.6 and matcher.quick_ratio() >= 0.6:
            score = matcher.ratio()
            if score >= 0.6:
                scored.append((score, original))
    if not scored:
        return ()
    scored.sort(key=lambda t: (-t[0], t[1]))
    best = scored[0][0]
    return tuple(orig for score, orig in scored[:n] if score >= best - 0.1)


_FOLD = str.maketrans({"æ": "ae", "ø": "oe", "å": "aa", "é": "e", "ü": "u"})


def fold(text: str) -> str:
    """Case- and diacritics-folded form used for forgiving name lookups."""
    return " ".join(text.casefold().translate(_FOLD).split())
