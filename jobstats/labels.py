"""Every printed word of the tables and figures: languages, the text catalogue, labels
of measures, target groups, offer types and areas, month names and the source line.

Tables (:mod:`jobstats.tables`) and figures (:mod:`jobstats.figures`) take their
words from here only, so a label reads the same in the appendix and in the
figures, and a translation is added in one place.

Decisions where the tables and the figures used to differ (each is tested):

* **Argument order.** ``text(key, language, **fields)`` — what, then how — like
  every other function here (``measure_label(measure, language)``).
* **Unknown measures.** :func:`measure_label` returns the measure id itself for a
  measure the taxonomy does not know (a user's own measure still gets a column
  header; the id is never mistaken for a different measure), and for a derived
  measure whose last suffix is not one of :data:`jobstats.frame.DERIVED_MEASURES`.
  It never raises: whether a measure may be used is decided where the data are
  selected, with an error that lists the valid choices.
* **Percent.** :func:`is_percent` is true for a derived measure whose suffixes
  include a known derived suffix (all are in per cent: changes and shares) and for
  a base measure with unit ``pct`` or ``pct_points``; an unknown measure is a count.
* **Month names.** One table: full names (``"december"``) for titles and column
  headers of tables, the first three letters (``"dec"``, ``"maj"``) for figure
  axes (``month_name(12, "da", short=True)``).
* **Source line.** ``source`` if given, else the frame's ``attrs["source"]``, else
  ``Jobindsats.dk``, prefixed with ``Kilde:`` /
  ``Source:`` unless it already starts with ``Kilde``/``Source`` or contains
  ``Kilde:`` (the figures used to skip the prefix for any text containing the word
  "source", so "Open source data" lost its prefix, and printed a given ``source``
  without one). ``source=""`` means no source line (``""``) in both.
* **Target groups.** :func:`group_label` returns the group's own name; with
  ``qualified=True`` a sub-group reads "Parent: Child" (figures, where no
  indentation shows the parent). An unknown group is printed as its id.
* **Offer types.** The taxonomy's label; ``"aktiverede"`` and ``"passive"`` from the
  catalogue; any other id capitalised.
* **Areas.** Area names are Danish proper names and printed as given; only
  "Hele landet" is translated ("All Denmark"), in tables and figures alike.

>>> text("annual_average", "en")
'Annual average'
>>> text("partial", "da", year=2018, n=9)
'2018: gennemsnit af 9 måneder (delvist år)'
>>> text("partial", "da", year=2018, n=1)
'2018: gennemsnit af 1 måned (delvist år)'
>>> measure_label("full_time_persons:national_share", "da"), measure_label("mine", "da")
('Landsandel', 'mine')
>>> is_percent("full_time_persons:yoy"), is_percent("full_time_persons"), is_percent("mine")
(True, False, False)
>>> month_name(5, "da"), month_name(5, "da", short=True), month_name(10, "en", short=True)
('maj', 'maj', 'Oct')
>>> area_label("Hele landet", "en"), area_label("Gentofte", "en")
('All Denmark', 'Gentofte')
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Literal

from jobstats.errors import Problem, ValidationError, close_matches

if TYPE_CHECKING:
    import pandas as pd

    from jobstats import taxonomy as _taxonomy

__all__ = [
    "DEFAULT_SOURCE",
    "LANGUAGES",
    "Language",
    "area_label",
    "check_language",
    "group_label",
    "is_percent",
    "measure_label",
    "month_name",
    "offer_label",
    "source_line",
    "text",
]

Language = Literal["da", "en"]
"""The languages of tables and figures: Danish (the published appendix) and English."""

LANGUAGES: tuple[Language, ...] = ("da", "en")

DEFAULT_SOURCE = "Jobindsats.dk"
"""The source named when the frame names none."""

NATIONAL = "Hele landet"

# key → (Danish, English); ``{field}`` placeholders are filled by text(**fields)
_TEXTS: dict[str, tuple[str, str]] = {
    # source lines and notes
    "source_word": ("Kilde", "Source"),
    "blinded_note": ("“.” = opgøres ikke (diskretioneret)", "“.” = not reported (suppressed)"),
    "gap_note": ("Brud i linjen: opgøres ikke (diskretioneret)",
                 "A gap in a line: not reported (suppressed)"),
    "not_reported": ("Opgøres ikke", "Not reported"),
    "partial": ("{year}: gennemsnit af {n} måneder (delvist år)",
                "{year}: average of {n} months (partial year)"),
    "partial_one": ("{year}: gennemsnit af {n} måned (delvist år)",
                    "{year}: average of {n} month (partial year)"),
    "no_total": ("I alt mangler i data for {area}", "Total missing in the data for {area}"),
    # column and axis headings
    "full_time_persons": ("Fuldtidspersoner", "Full-time persons"),
    "annual_average": ("Årsgennemsnit", "Annual average"),
    "share": ("Landsandel", "National share"),
    "change_pct": ("Udvikling i procent", "Change in %"),
    "change_both": ("Udvikling i procent (i alt)", "Change in % (both)"),
    "change_persons": ("Udvikling i fuldtidspersoner", "Change in full-time persons"),
    "change_share": ("Udvikling i landsandel", "Change in national share"),
    "population": ("Pct. af befolkningen 16-66 år", "% of population 16-66"),
    "group": ("Målgruppe", "Target group"),
    "area": ("Område", "Area"),
    "year": ("År", "Year"),
    "place": ("Placering", "Place"),
    "count": ("Antal", "Count"),
    "pct_share": ("Andel", "Share"),
    "total": ("I alt", "Total"),
    "ltu_total": ("Langtidsledige i alt", "Long-term unemployed, total"),
    "months": ("mdr.", "months"),
    # offer types that are not in the taxonomy's offer list
    "loentilskud": ("Løntilskud", "Wage subsidy"),
    "virksomhedspraktik": ("Virksomhedspraktik", "Company internship"),
    "aktiverede": ("Aktiverede", "Activated"),
    "passive": ("Passive", "Passive"),
    # figure titles and legends
    "fig1_title": ("Fuldtidspersoner pr. målgruppe (årsgennemsnit)",
                   "Full-time persons by target group (annual average)"),
    "fig2_title": ("Udvikling i fuldtidspersoner og landsandel, {prev}-{year}",
                   "Change in full-time persons and national share, {prev}-{year}"),
    "fig3_title": ("Fuldtidspersoner i virksomhedsrettet tilbud",
                   "Full-time persons in company-based offers"),
    "map_title": ("{measure}, {period}", "{measure}, {period}"),
    "above": ("Over {threshold}:", "Above {threshold}:"),
    "none": ("ingen", "none"),
    "goals_title": ("Målopfølgning", "Goal follow-up"),
    "own": ("Egen kommune", "Own municipality"),
    NATIONAL: ("Hele landet", "All Denmark"),
}

_MONTHS: dict[str, tuple[str, ...]] = {
    "da": ("januar", "februar", "marts", "april", "maj", "juni", "juli", "august",
           "september", "oktober", "november", "december"),
    "en": ("January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December"),
}


def check_language(language: str) -> Language:
    """``"da"`` or ``"en"``; anything else raises :class:`ValidationError`.

    >>> check_language("dk")
    Traceback (most recent call last):
    ...
    jobstats.errors.ValidationError: 1 problem found:
      - [unknown_language] column 'language': unknown language 'dk' — did you mean 'da' or 'en'?
    """
    if language in LANGUAGES:
        return language
    raise ValidationError([Problem("unknown_language", f"unknown language {language!r}",
                                   column="language", value=language,
                                   suggestions=close_matches(str(language), LANGUAGES)
                                   or LANGUAGES)])


def text(key: str, language: Language, **fields: object) -> str:
    """A fixed text of the catalogue in ``language``, its ``{fields}`` filled in.

    A text that puts a count ``n`` before a noun has a singular form under
    ``<key>_one``, used when ``n`` is 1 ("1 måned", "1 month"; "2 måneder").
    """
    if fields.get("n") == 1 and f"{key}_one" in _TEXTS:
        key = f"{key}_one"
    da, en = _TEXTS[key]
    out = da if language == "da" else en
    return out.format(**fields) if fields else out


def month_name(month: int, language: Language, *, short: bool = False) -> str:
    """The name of month 1-12: ``"december"`` (English ``"December"``); ``short``:
    its first three letters, ``"dec"`` (``"Dec"``)."""
    name = _MONTHS[language][month - 1]
    return name[:3] if short else name


def _taxonomy_or_default(taxonomy: _taxonomy.Taxonomy | None) -> _taxonomy.Taxonomy:
    if taxonomy is not None:
        return taxonomy
    from jobstats import taxonomy as _tx

    return _tx.default()


def measure_label(measure: str, language: Language,
                  taxonomy: _taxonomy.Taxonomy | None = None) -> str:
    """The printed name of a (possibly derived) measure: the name of its last
    suffix (``…:national_share`` → "Landsandel"), else of its base measure; the id
    itself when either is unknown.

    >>> measure_label("full_time_persons:population_share", "da")
    'Pct. af befolkningen 16-66 år'
    >>> measure_label("persons", "en"), measure_label("persons:odd", "en")
    ('Persons', 'persons:odd')
    """
    from jobstats.frame import DERIVED_MEASURES

    base, *suffixes = measure.split(":")
    if suffixes:
        if suffixes[-1] not in DERIVED_MEASURES:
            return measure
        da, en = DERIVED_MEASURES[suffixes[-1]]
        return da if language == "da" else en
    m = _taxonomy_or_default(taxonomy).measures.get(base)
    if m is None:
        return measure
    return m.name_da if language == "da" else m.name_en


def is_percent(measure: str, taxonomy: _taxonomy.Taxonomy | None = None) -> bool:
    """Whether a (possibly derived) measure is printed in per cent."""
    from jobstats.frame import DERIVED_MEASURES

    base, *suffixes = measure.split(":")
    if any(s in DERIVED_MEASURES for s in suffixes):
        return True
    m = _taxonomy_or_default(taxonomy).measures.get(base)
    return m is not None and m.unit in ("pct", "pct_points")


def group_label(group: str, language: Language, taxonomy: _taxonomy.Taxonomy | None = None,
                *, qualified: bool = False) -> str:
    """A target group's name; ``qualified``: a sub-group as "Parent: Child".

    >>> group_label("kontanthjaelp.jobparate", "da")
    'Jobparate'
    >>> group_label("kontanthjaelp.jobparate", "da", qualified=True)
    'Kontanthjælp: Jobparate'
    """
    tx = _taxonomy_or_default(taxonomy)
    g = tx.groups.get(group)
    if g is None:
        return group
    name = g.name_da if language == "da" else g.name_en
    if qualified and g.parent and g.parent != "i_alt" and g.parent in tx.groups:
        p = tx.groups[g.parent]
        return f"{p.name_da if language == 'da' else p.name_en}: {name}"
    return name


def offer_label(offer: str, language: Language) -> str:
    """The printed name of an offer type (``"løntilskud"`` → "Løntilskud"), of
    ``"aktiverede"``/``"passive"``, else the id capitalised."""
    from jobstats import taxonomy as _tx

    known = _tx.default().offer_types.get(offer)
    if known is not None:
        return known.label(language)
    if offer in _TEXTS:
        return text(offer, language)
    return offer[:1].upper() + offer[1:]


def area_label(area: str, language: Language) -> str:
    """Area names are Danish proper names; only "Hele landet" is translated."""
    return text(NATIONAL, language) if area == NATIONAL else area


def source_line(frame: pd.DataFrame | None, language: Language,
                source: str | None = None) -> str:
    """The source line under a table or figure (see the module's decisions).

    >>> import pandas as pd
    >>> f = pd.DataFrame()
    >>> source_line(f, "da")
    'Kilde: Jobindsats.dk'
    >>> f.attrs["source"] = "Syntetiske demodata"
    >>> source_line(f, "en")
    'Source: Syntetiske demodata'
    >>> source_line(None, "da", "Kilde: STAR"), source_line(None, "en", "STAR")
    ('Kilde: STAR', 'Source: STAR')
    >>> source_line(f, "da", "")
    ''
    """
    attr = frame.attrs.get("source") if frame is not None else None
    src = source if source is not None else str(attr or DEFAULT_SOURCE)
    if not src:
        return ""
    if src.casefold().startswith(("kilde", "source")) or "Kilde:" in src:
        return src
    return f"{text('source_word', language)}: {src}"
