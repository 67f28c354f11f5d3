"""Deterministic generation of an ILLUSTRATIVE (not real) project portfolio.

`tracker.generation.portfolio` holds the generator and the CSV writer; `themes` and
`themes_programme` hold the thematic data it draws from. Nothing generated here describes a
real project: records carry source "seed_illustration" or "synthetic" and say so in their
description.
"""
