"""One project: its page, the create and edit forms, and status changes."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy.orm.exc import StaleDataError

from tracker.extensions import db
from tracker.forms.projects import LANGUAGE_NAMES, ROLE_FIELDS, ProjectForm, StatusChangeForm
from tracker.i18n import current_language
from tracker.models import Project
from tracker.permissions import editor_required
from tracker.services import choices, revisions, statuses
from tracker.services.project_texts import project_description, project_title
from tracker.services.projects import (
    ProjectInvalid,
    create_project,
    load_project,
    problems_with,
    update_project,
)

bp = Blueprint("projects", __name__, url_prefix="/projects")


def _project_or_404(project_id: int) -> Project:
    project = load_project(db.session, project_id)
    if project is None:
        abort(404)
    return project


def _fill_choices(form: ProjectForm, project: Project | None = None) -> None:
    session = db.session
    keep_sectors = {link.sector_code for link in project.sectors} if project else set()
    form.targets.groups = choices.target_groups(session)
    form.sectors.groups = choices.sector_groups(session, keep_sectors)
    form.places.groups = choices.place_groups(session)
    organisations = choices.organisation_choices(session)
    for name in ROLE_FIELDS:
        getattr(form, name).choices = organisations
    form.documents.choices = choices.document_choices(session)
    form.currency.choices = choices.currency_choices(session, project.currency if project else None)
    form.status.choices = [
        (code, f"{code} · {name}") for code, name in statuses.STATUS_LABELS.items()
    ]


def _form_data(project: Project) -> dict:
    data = {name: getattr(project, name) for name in (
        "code", "title", "description", "status", "planned_start", "planned_end",
        "actual_start", "actual_end", "budget", "currency", "version")}  # fmt: skip
    data["targets"] = [(link.target.code, link.share) for link in project.targets]
    data["sectors"] = [(link.sector_code, link.share) for link in project.sectors]
    data["places"] = [(link.place_code, link.share) for link in project.places]
    for name, role in ROLE_FIELDS.items():
        data[name] = [link.organisation_id for link in project.organisations if link.role == role]
    data["documents"] = [document.id for document in project.documents]
    return data


def _conflict(project_id: int, expected: int) -> revisions.VersionConflict:
    """After a lost race at flush time: reload and describe what the other save changed."""
    db.session.rollback()
    project = _project_or_404(project_id)
    try:
        revisions.check_version(project, expected)
    except revisions.VersionConflict as conflict:
        return conflict
    raise RuntimeError("the project changed while saving, but its version did not")


@bp.get("/<int:project_id>")
def detail(project_id: int) -> str:
    project = _project_or_404(project_id)
    language = current_language()
    return render_template(
        "projects/detail.html",
        project=project,
        title=project_title(project, language),
        description=project_description(project, language),
        status_names=statuses.STATUS_LABELS,
        role_labels=revisions.ROLE_NAMES,
        field_name=revisions.field_name,
        author_name=revisions.author_name,
        change_log=revisions.change_log(project),
        can_change_status=bool(statuses.allowed_next(project.status)),
        attention=statuses.attention(project),
    )


@bp.route("/new", methods=["GET", "POST"])
@editor_required
def new():
    form = ProjectForm()
    _fill_choices(form)
    if not form.is_submitted():
        form.status.data = 1
    if form.is_submitted() and not form.validate():
        # Show the rules' messages too, so the user fixes everything in one go.
        form.show_problems(problems_with(db.session, form.to_data(), form.status.data or 1))
    elif form.is_submitted():
        try:
            project = create_project(db.session, form.to_data(), form.status.data, current_user)
        except ProjectInvalid as invalid:
            db.session.rollback()
            form.show_problems(invalid.problems)
        else:
            db.session.commit()
            flash(_("Project %(code)s was created.", code=project.code), "success")
            return redirect(url_for(".detail", project_id=project.id))
    status = 422 if form.is_submitted() else 200
    return render_template("projects/form.html", **_form_page(form, None)), status


@bp.route("/<int:project_id>/edit", methods=["GET", "POST"])
@editor_required
def edit(project_id: int):
    project = _project_or_404(project_id)
    form = ProjectForm(data=_form_data(project)) if request.method == "GET" else ProjectForm()
    if request.method == "GET":
        form.fill_texts(project)
    _fill_choices(form, project)
    conflict = None
    if form.is_submitted() and not form.validate():
        form.show_problems(
            problems_with(db.session, form.to_data(project), project.status, project)
        )
    elif form.is_submitted():
        expected = int(form.version.data) if str(form.version.data).isdigit() else 0
        try:
            update_project(db.session, project, form.to_data(project), current_user,
                           expected_version=expected)  # fmt: skip
            db.session.commit()
        except ProjectInvalid as invalid:
            db.session.rollback()
            form.show_problems(invalid.problems)
        except revisions.VersionConflict as found:
            db.session.rollback()
            conflict = found
        except StaleDataError:
            conflict = _conflict(project_id, expected)
        else:
            flash(_("Project %(code)s was saved (version %(version)s).", code=project.code,
                    version=project.version), "success")  # fmt: skip
            return redirect(url_for(".detail", project_id=project.id))
        if conflict:
            # Saving again now applies the user's version on top of the other one.
            project = _project_or_404(project_id)
            form.version.data = str(conflict.project.version)
    status = 409 if conflict else (422 if form.is_submitted() else 200)
    return render_template(
        "projects/form.html", conflict=conflict, **_form_page(form, project)
    ), status


@bp.route("/<int:project_id>/status", methods=["GET", "POST"])
@editor_required
def change_status(project_id: int):
    project = _project_or_404(project_id)
    allowed = statuses.allowed_next(project.status)
    form = StatusChangeForm()
    form.to_status.choices = [(code, statuses.status_label(code)) for code in allowed]
    if request.method == "GET":
        form.version.data = project.version
    conflict = None
    if allowed and form.validate_on_submit():
        try:
            statuses.record_status_change(
                db.session, project, form.to_status.data, form.effective_date.data,
                form.reason.data, current_user, expected_version=form.version.data,
            )  # fmt: skip
            db.session.commit()
        except statuses.StatusChangeError as refused:
            db.session.rollback()
            getattr(form, refused.field).errors = [str(refused)]
        except revisions.VersionConflict as found:
            db.session.rollback()
            conflict = found
        except StaleDataError:
            conflict = _conflict(project_id, form.version.data)
        else:
            flash(_("%(code)s is now in %(status)s.", code=project.code,
                    status=statuses.status_label(project.status)), "success")  # fmt: skip
            return redirect(url_for(".detail", project_id=project.id, _anchor="history"))
        if conflict:
            return redirect_with_conflict(project_id, conflict)
    status = 422 if form.is_submitted() else 200
    return render_template(
        "projects/status.html", form=form, project=project, allowed=allowed,
        title=project_title(project, current_language()), status_names=statuses.STATUS_LABELS,
        transitions=statuses.ALLOWED_TRANSITIONS,
    ), status  # fmt: skip


def _form_page(form: ProjectForm, project: Project | None) -> dict:
    """What the project form's template needs besides the conflict."""
    return {
        "form": form, "project": project, "status_names": statuses.STATUS_LABELS,
        "field_name": revisions.field_name, "text_languages": form.text_languages(project),
        "own_language": LANGUAGE_NAMES.get(project.language if project else "en"),
    }  # fmt: skip


def redirect_with_conflict(project_id: int, conflict: revisions.VersionConflict):
    who = ", ".join(conflict.who) or _("someone else")
    none = _("(none)")
    changed = "; ".join(
        f"{revisions.field_name(change.field)}: {change.before or none} → {change.after or none}"
        for change in conflict.changes
    )
    flash(
        _("Not recorded: %(who)s changed this project since you opened the form (%(changed)s). "
          "Check the project below and record the change again if it still applies.",
          who=who, changed=changed),
        "error",
    )  # fmt: skip
    return redirect(url_for(".detail", project_id=project_id))
