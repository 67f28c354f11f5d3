"""Results: the results chain, indicators and their progress, and the markers."""
