"""Fictional demo data and synthetic benchmark data, apart from the code that runs the site.

- ``make run`` / ``make demo``: ``load_demo_data`` (listings and groups, ``loader`` over
  ``builder`` and ``texts``), ``load_demo_portal``, ``load_demo_matching`` (``matching``) and
  ``create_demo_users``, whose accounts share the demo two-factor key (``two_factor``;
  ``make demo-code`` shows its current code).
- ``make bench``: ``generate_synthetic`` (``synthetic``: many listings fast) and
  ``synthetic_placements`` (clients, placements and follow-ups).

Every demo listing ends its ``summary`` with 「※架空のデモデータです。」 and every demo organisation's
name ends with 「（架空）」; synthetic listings are named 「合成データ 00001 …」. The demo commands that
create accounts run only with ``DEBUG``. Nothing in ``cms``, ``directory`` or ``matching`` imports
this package.
"""
