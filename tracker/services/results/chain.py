"""The results chain: reading it whole (the results page and the API) and linking a project
to the outputs it contributes to (the project's change log records it)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from flask_babel import gettext as _
from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from tracker.models import Project, Target, User
from tracker.models.results import (
    OUTPUT,
    PARENT_LEVEL,
    PRIORITY,
    RESULT_LEVELS,
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


@dataclass(frozen=True)
class NodeFields:
    """A node of the chain as the admin form gives it (texts as typed)."""

    code: str
    level: str
    parent: str = ""
    title_en: str = ""
    title_ru: str = ""
    title_kk: str = ""
    position: int = 0
    illustrative: bool = False
    targets: str = ""  # SDG target codes separated by commas or spaces


def save_node(session: Session, fields: NodeFields, node: ResultNode | None = None) -> ResultNode:
    """Add a priority, outcome or output, or change ``node``; refuse a duplicate code, a
    parent of the wrong level, an unknown SDG target or a missing title."""
    problems: dict[str, str] = {}
    code = fields.code.strip()
    own_id = node.id if node is not None else -1
    taken = select(ResultNode.id).where(ResultNode.code == code, ResultNode.id != own_id)
    if not code or len(code) > 20:
        problems["code"] = _("Give a code of at most 20 characters, like OC1.2.")
    elif session.scalar(taken):
        problems["code"] = _("Another node already has the code “%(code)s”.", code=code)
    if fields.level not in RESULT_LEVELS:
        problems["level"] = _("Choose priority, outcome or output.")
    parent = None
    if fields.level in PARENT_LEVEL:
        parent = session.scalar(select(ResultNode).where(ResultNode.code == fields.parent))
        if parent is None or parent.level != PARENT_LEVEL[fields.level]:
            problems["parent"] = _("An outcome belongs to a priority, an output to an outcome: "
                                   "choose one.")  # fmt: skip
    if node is not None and fields.level != node.level and (node.children or node.projects):
        problems["level"] = _("The level cannot change while the node has children or projects.")
    if not fields.title_en.strip():
        problems["title_en"] = _("Give the title in English.")
    wanted = [c for c in fields.targets.replace(",", " ").split() if c]
    targets = {t.code: t for t in session.scalars(select(Target).where(Target.code.in_(wanted)))}
    unknown = [c for c in wanted if c not in targets]
    if unknown:
        problems["targets"] = _("Not SDG targets: %(codes)s.", codes=", ".join(unknown)[:200])
    if problems:
        raise Invalid(problems)
    if node is None:
        node = ResultNode()
        session.add(node)
    node.code, node.level, node.parent = code, fields.level, parent
    node.title_en, node.title_ru = fields.title_en.strip(), fields.title_ru.strip()
    node.title_kk, node.position = fields.title_kk.strip(), fields.position
    node.illustrative = fields.illustrative
    node.targets = [targets[c] for c in dict.fromkeys(wanted)]
    session.flush()
    return node


def delete_problems(node: ResultNode) -> list[str]:
    """Why ``node`` cannot be deleted (empty when it can)."""
    problems = []
    if node.children:
        problems.append(_("It has %(count)s nodes under it: delete or move them first.",
                          count=len(node.children)))  # fmt: skip
    if node.indicators:
        problems.append(_("It has %(count)s indicators: delete them first.",
                          count=len(node.indicators)))  # fmt: skip
    if node.projects:
        problems.append(_("%(count)s projects are linked to it: unlink them first.",
                          count=len(node.projects)))  # fmt: skip
    return problems


def delete_node(session: Session, node: ResultNode) -> None:
    problems = delete_problems(node)
    if problems:
        raise Invalid({"node": " ".join(problems)})
    session.delete(node)
    session.flush()
