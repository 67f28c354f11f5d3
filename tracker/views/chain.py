"""The results chain: its page (priorities, outcomes, outputs, their indicators and progress),
the projects under a node, and the form that links a project to the outputs it serves."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from flask_wtf import FlaskForm
from sqlalchemy import select
from sqlalchemy.orm.exc import StaleDataError
from wtforms.fields import SelectChoice

from tracker.extensions import db
from tracker.forms.results import NodeForm, OutputsForm
from tracker.i18n import current_language
from tracker.models import Project
from tracker.models.results import ResultNode
from tracker.permissions import admin_required, editor_required
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


def _node_or_404(code: str) -> ResultNode:
    found = db.session.scalar(select(ResultNode).where(ResultNode.code == code))
    if found is None:
        abort(404)
    return found


@bp.route("/admin/results/new", methods=["GET", "POST"])
@bp.route("/admin/results/<code>/edit", methods=["GET", "POST"], endpoint="edit_node")
@admin_required
def new_node(code: str | None = None):
    node = _node_or_404(code) if code else None
    form = NodeForm(obj=node if request.method == "GET" else None)
    parents = db.session.scalars(select(ResultNode).where(ResultNode.level != "output")
                                 .order_by(ResultNode.code))  # fmt: skip
    form.parent.choices = [SelectChoice("", _("None (a strategic priority)"))] + [
        SelectChoice(p.code, f"{p.code} · {p.title_en[:80]}") for p in parents
    ]
    if request.method == "GET":
        if node is not None:
            form.parent.data = node.parent.code if node.parent else ""
            form.targets.data = ", ".join(t.code for t in node.targets)
        else:
            form.level.data = request.args.get("level", "priority")
            form.parent.data = request.args.get("parent", "")
    refused = False
    if form.validate_on_submit():
        fields = chain.NodeFields(
            code=form.code.data or "", level=form.level.data, parent=form.parent.data or "",
            title_en=form.title_en.data or "", title_ru=form.title_ru.data or "",
            title_kk=form.title_kk.data or "", position=form.position.data or 0,
            illustrative=bool(form.illustrative.data), targets=form.targets.data or "",
        )  # fmt: skip
        try:
            saved = chain.save_node(db.session, fields, node)
            db.session.commit()
        except Invalid as invalid:
            db.session.rollback()
            for name, message in invalid.problems.items():
                form[name].errors = [*form[name].errors, message]
            refused = True
        else:
            flash(_("%(code)s was saved.", code=saved.code), "success")
            return redirect(url_for("chain.index", _anchor=f"node-{saved.id}"))
    elif form.is_submitted():
        refused = True
    return render_template("results/node_form.html", form=form, node=node,
                           refused=refused), 422 if refused else 200  # fmt: skip


@bp.route("/admin/results/<code>/delete", methods=["GET", "POST"])
@admin_required
def delete_node(code: str):
    node = _node_or_404(code)
    form = FlaskForm()
    problems = chain.delete_problems(node)
    if form.validate_on_submit() and not problems:
        chain.delete_node(db.session, node)
        db.session.commit()
        flash(_("%(code)s was deleted.", code=code), "success")
        return redirect(url_for("chain.index"))
    return render_template("results/delete_node.html", form=form, node=node, problems=problems)
