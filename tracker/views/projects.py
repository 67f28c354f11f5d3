"""One project: its page, the create and edit forms, and status changes."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy.orm.exc import StaleDataError

from tracker.extensions import db
from tracker.forms.projects import (
    LANGUAGE_NAMES,
    ROLE_CODES,
    NewProjectForm,
    ProjectForm,
    form_values,
)
from tracker.forms.statuses import StatusChangeForm
from tracker.i18n import current_language
from tracker.models import Project
from tracker.permissions import editor_required
from tracker.services.portfolio import edit_merge, revisions, statuses
from tracker.services.portfolio.edit_merge import EditConflict, MergedInvalid, project_data
from tracker.services.portfolio.project_texts import project_description, project_title
from tracker.services.portfolio.projects import (
    ProjectInvalid,
    create_project,
    load_project,
    problems_with,
)
from tracker.services.reference import choices
from tracker.vocabulary import STATUS_LABELS, status_label

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
    for name in ROLE_CODES:
        getattr(form, name).choices = organisations
    form.documents.choices = choices.document_choices(session)
    form.currency.choices = choices.currency_choices(session, project.currency if project else None)
    if isinstance(form, NewProjectForm):
        form.status.choices = [(code, f"{code} · {name}") for code, name in STATUS_LABELS.items()]


@bp.get("/<int:project_id>")
def detail(project_id: int) -> str:
    project = _project_or_404(project_id)
    language = current_language()
    return render_template(
        "projects/detail.html",
        project=project,
        title=project_title(project, language),
        description=project_description(project, language),
        status_names=STATUS_LABELS,
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
    form = NewProjectForm()
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
    if request.method == "GET":
        form = ProjectForm(data={**form_values(project_data(project)), "version": project.version})
        form.fill_texts(project)
    else:
        form = ProjectForm()
    _fill_choices(form, project)
    conflict, answered = None, form.resolutions()  # before a conflict asks anew
    if form.is_submitted() and not form.validate():
        form.show_problems(
            problems_with(db.session, form.to_data(project), project.status, project)
        )
    elif form.is_submitted():
        try:
            kept = _save_edit(project_id, form)
        except EditConflict as found:
            conflict, project = found, found.project
            form.fill(found.merged, project, project.version, [c.field for c in found.conflicts])
        except MergedInvalid as invalid:
            db.session.rollback()
            project = _project_or_404(project_id)
            form.fill(invalid.merged, project, project.version)
            form.show_problems(invalid.problems)
        else:
            project = _project_or_404(project_id)
            flash(_("Project %(code)s was saved (version %(version)s).", code=project.code,
                    version=project.version), "success")  # fmt: skip
            if kept:
                flash(_("Changes saved by %(who)s since you opened the form were kept: "
                        "%(fields)s.", who=", ".join(sorted({c.who for c in kept})),
                        fields=", ".join(revisions.field_name(c.field) for c in kept)),
                      "info")  # fmt: skip
            return redirect(url_for(".detail", project_id=project.id))
    status = 409 if conflict else (422 if form.is_submitted() else 200)
    return render_template(
        "projects/form.html", conflict=conflict, choices=answered,
        **_form_page(form, project),
    ), status  # fmt: skip


def _save_edit(project_id: int, form: ProjectForm) -> list[edit_merge.KeptChange]:
    """Merge and save the form; a save that lost the race at flush time merges again with
    what won it (once: a third save within those milliseconds fails loudly)."""
    for attempt in range(2):
        project = _project_or_404(project_id)
        try:
            kept = edit_merge.save_edit(
                db.session, project, form.to_data(project), current_user,
                opened_version=form.opened_version(), choices=form.resolutions(),
            )  # fmt: skip
            db.session.commit()
            return kept
        except StaleDataError:
            db.session.rollback()
            if attempt:
                raise
    raise AssertionError("unreachable")


@bp.route("/<int:project_id>/status", methods=["GET", "POST"])
@editor_required
def change_status(project_id: int):
    project = _project_or_404(project_id)
    allowed = statuses.allowed_next(project.status)
    form = StatusChangeForm()
    form.offer(allowed)
    if request.method == "GET":
        form.version.data = project.version
    conflict = None
    if allowed and form.is_submitted():
        valid = form.validate()
        conflict = revisions.conflict_since(project, form.version.data or 0)
        # The rules' messages with the form's own, so every problem shows at once.
        form.show_problems(statuses.status_change_problems(
            project, form.to_status.data, form.effective_date.data, form.reason.data
        ))  # fmt: skip
        if valid and not form.errors and not conflict:
            try:
                statuses.record_status_change(
                    db.session, project, form.to_status.data, form.effective_date.data,
                    form.reason.data, current_user, expected_version=form.version.data,
                )  # fmt: skip
                db.session.commit()
            except (StaleDataError, revisions.VersionConflict):
                db.session.rollback()
                project = _project_or_404(project_id)
                conflict = revisions.conflict_since(project, form.version.data)
            else:
                flash(_("%(code)s is now in %(status)s.", code=project.code,
                        status=status_label(project.status)), "success")  # fmt: skip
                return redirect(url_for(".detail", project_id=project.id, _anchor="history"))
        if conflict:
            # Recording again applies to the project as it is now.
            allowed = statuses.allowed_next(project.status)
            form.offer(allowed)
            form.version.data = project.version
    status = 409 if conflict else (422 if form.is_submitted() else 200)
    return render_template(
        "projects/status.html", form=form, project=project, allowed=allowed, conflict=conflict,
        title=project_title(project, current_language()), status_names=STATUS_LABELS,
        field_name=revisions.field_name, author_name=revisions.author_name,
    ), status  # fmt: skip


def _form_page(form: ProjectForm, project: Project | None) -> dict:
    """What the project form's template needs besides the conflict."""
    return {
        "form": form, "project": project, "status_names": STATUS_LABELS,
        "field_name": revisions.field_name, "author_name": revisions.author_name,
        "text_languages": form.text_languages(project),
        "own_language": LANGUAGE_NAMES.get(project.language if project else "en"),
    }  # fmt: skip
