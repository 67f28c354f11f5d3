"""The results chain: reading it whole (the results page and the API) and linking a project
to the outputs it contributes to (the project's change log records it)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from flask_babel import gettext as _
from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from tracker.models import Project, User
from tracker.models.results import (
    OUTPUT,
    PRIORITY,
    ResultIndicator,
    ResultNode,
    project_outputs,
)
from tracker.services.portfolio import revisions
from tracker.services.results.progress import Progress, indicator_progress
from tracker.services.results.recording import Invalid


@dataclass(frozen=True)
class Chain:
    """The priorities (with their outcomes and outputs loaded), each node's number of linked
    projects (an outcome's and a priority's: of all outputs under them, each project once),
    and each indicator's progress."""

    priorities: list[ResultNode]
    project_counts: dict[int, int]
    progress: dict[int, Progress | None]

    @property
    def is_empty(self) -> bool:
        return not self.priorities


def _under(node: ResultNode) -> Iterable[ResultNode]:
    yield node
    for child in node.children:
        yield from _under(child)


def read_chain(session: Session) -> Chain:
    """The whole chain in a fixed number of queries."""
    indicators = selectinload(ResultNode.indicators).selectinload(ResultIndicator.periods)
    priorities = list(session.scalars(
        select(ResultNode).where(ResultNode.level == PRIORITY)
        .order_by(ResultNode.position, ResultNode.code)
        .options(selectinload(ResultNode.targets), indicators,
                 selectinload(ResultNode.children).options(
                     selectinload(ResultNode.targets), indicators,
                     selectinload(ResultNode.children).options(
                         selectinload(ResultNode.targets), indicators)))
    ))  # fmt: skip
    links: dict[int, set[int]] = {}
    for node_id, project_id in session.execute(select(project_outputs.c.node_id,
                                                      project_outputs.c.project_id)):  # fmt: skip
        links.setdefault(node_id, set()).add(project_id)
    counts, progress = {}, {}
    for priority in priorities:
        for node in _under(priority):
            projects = set().union(*(links.get(n.id, set()) for n in _under(node)))
            counts[node.id] = len(projects)
            for indicator in node.indicators:
                progress[indicator.id] = indicator_progress(indicator)
    return Chain(priorities, counts, progress)


def outputs(session: Session) -> list[ResultNode]:
    """Every output, with its outcome and priority, in the chain's order."""
    found = session.scalars(select(ResultNode).where(ResultNode.level == OUTPUT).options(
        selectinload(ResultNode.parent).selectinload(ResultNode.parent)))  # fmt: skip

    def order(node: ResultNode) -> tuple:
        outcome, priority = node.parent, node.parent.parent
        return (priority.position, priority.code, outcome.position, outcome.code,
                node.position, node.code)  # fmt: skip

    return sorted(found, key=order)


def output_projects(session: Session, code: str) -> tuple[ResultNode | None, list[Project]]:
    """An output (or outcome, or priority) and the projects linked to the outputs under it."""
    node = session.scalar(select(ResultNode).where(ResultNode.code == code))
    if node is None:
        return None, []
    ids = [n.id for n in _under(node)]
    projects = session.scalars(
        select(Project).join(project_outputs, project_outputs.c.project_id == Project.id)
        .where(project_outputs.c.node_id.in_(ids)).distinct().order_by(Project.code)
    )  # fmt: skip
    return node, list(projects)


def set_outputs(
    session: Session, project: Project, codes: Iterable[str], *, editor: User,
    expected_version: int,
) -> bool:  # fmt: skip
    """Make the outputs ``project`` contributes to exactly ``codes``; whether anything
    changed. Only outputs can be chosen (not outcomes or priorities)."""
    revisions.check_version(project, expected_version)
    wanted = set(codes)
    chosen = select(ResultNode).where(ResultNode.code.in_(wanted), ResultNode.level == OUTPUT)
    found = {n.code: n for n in session.scalars(chosen)}
    unknown = sorted(wanted - set(found))
    if unknown:
        raise Invalid({"outputs": _("Not an output of the results chain: %(codes)s.",
                                    codes=", ".join(unknown)[:200])})  # fmt: skip
    if {n.code for n in project.outputs} == wanted:
        return False
    revisions.ensure_baseline(session, project)
    with session.no_autoflush:
        project.outputs = sorted(found.values(), key=lambda n: n.code)
    revisions.touch(project, editor)
    session.flush()
    revisions.record(session, project, editor)
    return True


def node_count(session: Session) -> int:
    return session.scalar(select(func.count(ResultNode.id))) or 0
