"""Money over time: annual figures, the rates that convert them, and the funding figures."""
