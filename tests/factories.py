"""Factories for test data: valid by default, overridden per test."""

from __future__ import annotations

import itertools
from datetime import date
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from tracker.models import Project, ProjectTarget, StatusChange, Target

_codes = itertools.count(1)


def make_project(session: Session, *, targets: tuple[str, ...] = ("3.8",), **fields) -> Project:
    """An active project (status 2) with a consistent two-step history, flushed."""
    values = {
        "code": f"TEST-{next(_codes):05d}",
        "title": "Test project",
        "status": 2,
        "planned_start": date(2024, 1, 1),
        "planned_end": date(2027, 12, 31),
        "actual_start": date(2024, 2, 1),
        "budget": Decimal("100000.00"),
        "currency": "USD",
        "source": "manual",
        **fields,
    }
    project = Project(**values)
    for code in targets:
        target = session.scalars(select(Target).where(Target.code == code)).one()
        project.targets.append(ProjectTarget(target=target))
    project.history = [
        StatusChange(from_status=None, to_status=1, effective_date=date(2023, 11, 1),
                     changed_by="test", reason="Identified"),
        StatusChange(from_status=1, to_status=2, effective_date=date(2024, 2, 1),
                     changed_by="test", reason="Started"),
    ]  # fmt: skip
    session.add(project)
    session.flush()
    return project
