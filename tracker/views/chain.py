"""The results chain: its page (priorities, outcomes, outputs, their indicators and progress),
the projects under a node, and the form that links a project to the outputs it serves."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy.orm.exc import StaleDataError

from tracker.extensions import db
from tracker.forms.results import OutputsForm
from tracker.i18n import current_language
from tracker.models import Project
from tracker.permissions import editor_required
from tracker.services.portfolio import revisions
from tracker.services.portfolio.project_texts import project_title
from tracker.services.portfolio.projects import load_project
from tracker.services.results import chain
from tracker.services.results.recording import Invalid
from tracker.vocabulary import status_label

bp = Blueprint("chain", __name__)


@bp.get("/results")
def index() -> str:
    return render_template("results/chain.html", chain=chain.read_chain(db.session))


@bp.get("/results/nodes/<code>")
def node(code: str) -> str:
    found, projects = chain.output_projects(db.session, code)
    if found is None:
        abort(404)
    return render_template("results/node.html", node=found, projects=projects,
                           status_label=status_label)  # fmt: skip


@bp.route("/projects/<int:project_id>/outputs", methods=["GET", "POST"])
@editor_required
def project_outputs(project_id: int):
    project: Project | None = load_project(db.session, project_id)
    if project is None:
        abort(404)
    form = OutputsForm()
    choices = chain.outputs(db.session)
    form.outputs.choices = [(n.code, n.code) for n in choices]
    if not form.is_submitted():
        form.version.data = str(project.version)
        form.outputs.data = [n.code for n in project.outputs]
    conflict, refused = None, False
    if form.validate_on_submit():
        try:
            changed = chain.set_outputs(db.session, project, form.outputs.data or [],
                                        editor=current_user,
                                        expected_version=form.opened_version() or 0)  # fmt: skip
            db.session.commit()
        except Invalid as invalid:
            db.session.rollback()
            form.show_problems(invalid.problems)
            refused = True
        except (revisions.VersionConflict, StaleDataError):
            db.session.rollback()
            project = load_project(db.session, project_id)
            conflict = revisions.conflict_since(project, form.opened_version() or 0)
            form.version.data = str(project.version)
        else:
            if changed:
                message = _("The outputs of %(code)s were saved.", code=project.code)
            else:
                message = _("Nothing changed in the outputs of %(code)s.", code=project.code)
            flash(message, "success")
            return redirect(url_for("projects.detail", project_id=project_id, _anchor="outputs"))
    elif form.is_submitted():
        refused = True
    status = 409 if conflict else (422 if refused else 200)
    return render_template(
        "results/outputs_form.html", form=form, project=project, conflict=conflict,
        refused=refused, choices=choices, chosen=set(form.outputs.data or []),
        title=project_title(project, current_language()), field_name=revisions.field_name,
        author_name=revisions.author_name,
    ), status  # fmt: skip
