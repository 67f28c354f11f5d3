"""The JSON API's bodies: projects, SDG goals and dashboard figures as plain dicts.

Pure shaping, no Flask and no session: the callers pass what was read and the URLs.
Money and shares are decimal strings ("1250000.00", "33.33") so no client loses cents to
floating point; dates are ISO 8601 (YYYY-MM-DD), moments UTC (YYYY-MM-DDTHH:MM:SSZ).
``tracker/views/openapi.json`` describes every shape here; the tests hold them together.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from datetime import UTC, date, datetime
from decimal import ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING, Any

from tracker.models import Goal, Project, ProjectRevision, StatusChange, Target
from tracker.vocabulary import MODES, ROLE_FIELDS, STATUS_NAMES

if TYPE_CHECKING:  # what the services hand over to be written out; never imported at run time
    from tracker.services.dashboards import Bar, Chart, Overview
    from tracker.services.portfolio.activity import Activity
    from tracker.services.portfolio.revisions import FieldChange
    from tracker.services.register.link_rows import ProjectLinks
    from tracker.services.register.reference import RegisterReference

    ChangeLog = list[tuple[ProjectRevision, list[FieldChange]]]

CENT = Decimal("0.01")
LANGUAGES = ("en", "ru", "kk")
ILLUSTRATIVE_NOTE = (
    "Records with is_illustrative true are generated for demonstration, not real projects "
    "of the UN system or the Government of Kazakhstan."
)
Json = dict[str, Any]


def money(value: Decimal | int) -> str:
    """An amount in cents, rounded half up: "1250000.00"."""
    return format(Decimal(value).quantize(CENT, ROUND_HALF_UP), "f")


def share(value: Decimal | None) -> str | None:
    """A percentage share without trailing zeros ("50", "33.33"); None: an equal split."""
    if value is None:
        return None
    text = format(Decimal(value).quantize(CENT), "f")
    return text.rstrip("0").rstrip(".")


def day(value: date | None) -> str | None:
    return value.isoformat() if value is not None else None


def moment(value: datetime | None) -> str | None:
    if value is None:
        return None
    # SQLite hands back naive datetimes; the tracker stores UTC.
    value = value.astimezone(UTC) if value.tzinfo else value.replace(tzinfo=UTC)
    return value.strftime("%Y-%m-%dT%H:%M:%SZ")


def status(code: int | None) -> Json | None:
    return None if code is None else {"code": code, "name": STATUS_NAMES.get(code, "")}


def project_item(project: Project, links: ProjectLinks, names: RegisterReference,
                 urls: tuple[str, str], *, parent: str | None = None,
                 components: Sequence[str] = ()) -> Json:  # fmt: skip
    """A project as the list shows it: every field, its links as codes with names and shares.

    ``urls`` is (its address in the API, its page in the tracker); ``parent`` the code of
    the project it is a component of, ``components`` the codes of its own components."""
    order = {target_id: index for index, target_id in enumerate(names.targets)}
    targets = sorted(links.targets, key=lambda link: order[link[0]])  # as the SDGs number them
    organisations: dict[str, list[Json]] = {role: [] for role in ROLE_FIELDS.values()}
    for organisation_id, role in sorted(
        links.organisations, key=lambda link: names.organisations[link[0]].acronym.lower()
    ):
        organisation = names.organisations[organisation_id]
        organisations[ROLE_FIELDS[role]].append(
            {"acronym": organisation.acronym, "name": organisation.name,
             "kind": organisation.kind, "iati_ref": organisation.iati_ref}
        )  # fmt: skip
    return {
        "id": project.id,
        "code": project.code,
        "title": project.title,
        "description": project.description or "",
        "status": status(project.status),
        "planned_start": day(project.planned_start),
        "planned_end": day(project.planned_end),
        "actual_start": day(project.actual_start),
        "actual_end": day(project.actual_end),
        "budget": money(project.budget),
        "currency": project.currency,
        "goals": [
            {"number": number, "title": names.goals[number]}
            for number in sorted({names.targets[target_id].goal for target_id, _ in targets})
        ],
        "targets": [
            {
                "code": names.targets[target_id].code,
                "goal": names.targets[target_id].goal,
                "share": share(value),
            }
            for target_id, value in targets
        ],
        "sectors": [
            {
                "code": code,
                "category": names.sector_categories[code],
                "category_name": names.category_name(names.sector_categories[code]),
                "share": share(value),
            }
            for code, value in sorted(links.sectors)
        ],
        "places": [
            {"code": code, "name": names.places[code][0], "share": share(value)}
            for code, value in sorted(links.places)
        ],
        "organisations": organisations,
        "strategic_documents": sorted(links.documents),
        "parent": parent,
        "components": list(components),
        "source": project.source,
        "is_illustrative": project.is_illustrative,
        "version": project.version,
        "updated_at": moment(project.updated_at),
        "url": urls[0],
        "html_url": urls[1],
    }


def status_change(change: StatusChange) -> Json:
    return {
        "from": status(change.from_status),
        "to": status(change.to_status),
        "effective_date": day(change.effective_date),
        "changed_by": change.changed_by,
        "recorded_at": moment(change.recorded_at),
        "reason": change.reason,
    }


def revision(entry: ProjectRevision, changes: Iterable[FieldChange]) -> Json:
    return {
        "version": entry.version,
        "changed_by": entry.changed_by,
        "changed_at": moment(entry.changed_at),
        "changes": [
            {"field": c.field, "label": c.label, "before": c.before, "after": c.after}
            for c in changes
        ],
    }


def change(entry: Activity, url: str, page: str) -> Json:
    """One line of the recent changes: the project, the save and its status change."""
    return {
        "project": {"id": entry.project.id, "code": entry.project.code,
                    "title": entry.project.title, "url": url, "page": page},
        "created": entry.created,
        "revision": revision(entry.revision, entry.changes),
        "status_change": status_change(entry.status_change) if entry.status_change else None,
    }  # fmt: skip


def project_detail(item: Json, project: Project, change_log: ChangeLog) -> Json:
    """One project: its list item, the status history (oldest first) and the change log
    (each saved version after the first with what it changed, newest first)."""
    return {
        **item,
        "status_history": [status_change(change) for change in project.history],
        "change_log": [revision(entry, changes) for entry, changes in change_log],
    }


def texts(thing: Any, name: str = "title") -> Json:
    """A goal's, target's or indicator's text in English, Russian and Kazakh."""
    return {language: getattr(thing, f"{name}_{language}") for language in LANGUAGES}


def goal_summary(goal: Goal, url: str) -> Json:
    return {
        "number": goal.number,
        "short_title": texts(goal, "short_title"),
        "title": texts(goal),
        "colour": goal.colour,
        "target_count": len(goal.targets),
        "url": url,
    }


def target_item(target: Target, projects_url: str) -> Json:
    return {
        "code": target.code,
        "goal": target.goal_number,
        "title": texts(target),
        "projects_url": projects_url,
    }


def goal_detail(goal: Goal, url: str, projects_url: Callable[[str], str]) -> Json:
    """A goal with its targets in the framework's order, each with its indicators."""
    summary = goal_summary(goal, url)
    del summary["target_count"]
    return {
        **summary,
        "targets": [
            {
                **target_item(target, projects_url(target.code)),
                "indicators": [
                    {
                        "code": indicator.code,
                        "unsd_code": indicator.unsd_code,
                        "title": texts(indicator),
                    }
                    for indicator in sorted(target.indicators, key=lambda i: i.id)
                ],
            }
            for target in goal.targets
        ],
    }


def figure(value: Decimal | int, unit: str) -> int | str:
    """Counts stay numbers; amounts become decimal strings."""
    return int(value) if unit == "projects" else money(value)


def chart(found: Chart, bar_urls: Callable[[Bar], Json]) -> Json:
    return {
        "name": found.name,
        "title": found.title,
        "unit": found.unit,
        "note": found.note,
        "total": figure(found.total, found.unit),
        "bars": [
            {
                "key": bar.key,
                "label": bar.label,
                "value": figure(bar.value, found.unit),
                **bar_urls(bar),
            }
            for bar in found.bars
        ],
    }


def dashboard(overview: Overview, filters: Json, bar_urls: Callable[[Bar], Json]) -> Json:
    """The dashboard's figures, exactly as the page computes them: amounts in ``currency``
    only, and the projects budgeted in other currencies counted in ``left_out``."""
    headline = overview.headline
    return {
        "filters": filters,
        "mode": overview.mode,
        "mode_description": MODES[overview.mode],
        "currency": overview.currency.currency,
        "left_out": [
            {"currency": other.currency, "projects": other.projects, "budget": money(other.budget)}
            for other in overview.currency.left_out
        ],
        "headline": {
            "projects": headline.projects,
            "illustrative_projects": headline.not_real_projects,
            "active": headline.active,
            "completed": headline.completed,
            "by_status": [
                {"code": s.code, "name": s.name, "projects": s.projects, "budget": money(s.budget)}
                for s in headline.by_status
            ],
            "budget_by_currency": {k: money(v) for k, v in headline.budget_by_currency.items()},
            "active_budget_by_currency": {
                k: money(v) for k, v in headline.active_budget_by_currency.items()
            },
            "goals_covered": headline.goals_covered,
            "targets_covered": headline.targets_covered,
            "targets_total": headline.targets_total,
            "by_goal": [
                {"number": g.number, "short_title": g.short_title, "projects": g.projects}
                for g in headline.by_goal
            ],
        },
        "charts": [chart(found, bar_urls) for found in overview.charts],
        "timeline": [
            {
                "year": row.year,
                "starts": row.starts,
                "completions": row.completions,
                "active": row.active,
            }
            for row in overview.timeline
        ],
        "note": ILLUSTRATIVE_NOTE if headline.not_real_projects else "",
    }


def error(status_code: int, message: str, problems: dict[str, list[str]] | None = None) -> Json:
    """Every error the API answers: the HTTP status, what went wrong in words, and per
    query parameter what is wrong with it."""
    return {"status": status_code, "message": message, "problems": problems or {}}
