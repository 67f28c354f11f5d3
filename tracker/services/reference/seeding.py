"""Seeding a database: the reference data, then the illustrative portfolio."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy.orm import Session

from tracker.config import SEED_DIR
from tracker.services.reference.data import load_reference
from tracker.services.reference.seed_markers import load_markers
from tracker.services.reference.seed_portfolio import load_portfolio
from tracker.services.reference.seed_results import load_results
from tracker.services.results.seed_chain import load_chain


def seed_database(
    session: Session, directory: Path = SEED_DIR, *, with_portfolio: bool = True
) -> dict[str, dict[str, int]]:
    """Load what is missing from ``directory``; flushes, the caller commits once."""
    report = {"reference": load_reference(session, directory / "reference")}
    if with_portfolio:
        report["portfolio"] = load_portfolio(session, directory / "portfolio")
        report["markers"] = load_markers(session, directory / "portfolio")
        report["results"] = load_results(session, directory / "portfolio")
        report["chain"] = load_chain(session, directory / "results")
    return report
