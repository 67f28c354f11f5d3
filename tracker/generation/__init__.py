"""Deterministic generation of an ILLUSTRATIVE (not real) project portfolio.

`portfolio` holds the generator (`iter_projects`, `generate_portfolio`) and re-exports the
records and CSV writer of `records`; `themes` and `themes_programme` hold the thematic data
and `places` the regions and cities. Nothing generated here describes a real project: records
carry source "seed_illustration" or "synthetic" and say so in their description.
"""
