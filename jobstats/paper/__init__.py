"""The committee paper around the appendix: goals files, user-entered tables,
comparison clusters, generated text and Word output.

* :mod:`jobstats.paper.goals` — a goals file (``goals.toml``): goals and
  sub-goals, each measured from the data or from a value the user enters, with
  a state (*opnået*, *på rette vej*, *kræver opmærksomhed*, *baseline ikke
  fastlagt*, *ingen data*).
* :mod:`jobstats.paper.usertables` — tables that do not come from jobindsats
  (economic status, kontanthjælpsloftet, virksomhedsbesøg, status after a
  forløb), read from a small TOML file and verified.
* :mod:`jobstats.paper.clusters` — named clusters of similar kommuner and
  comparison values as a ratio of sums.
* :mod:`jobstats.paper.text` — Danish and English sentences per table, each
  number checked with :mod:`jobstats.verify`.
* :mod:`jobstats.paper.docx` — ``bilag.docx`` (python-docx).
"""

from __future__ import annotations
