"""What the database can hold, checked before a plan is made: text sizes, NUL characters,
amounts and shares.

An imported value the database cannot hold would crash the import on PostgreSQL (a title
too long for its column, a NUL byte in any text, an amount too large) or be stored as
something else on SQLite (which keeps amounts as floating point and ignores column sizes).
Each is a problem on its row instead, so the plan shows exactly what the import stores, on
both. The sizes are read from the models' columns, so widening a column widens the check.
"""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING

from flask_babel import format_decimal
from flask_babel import gettext as _
from sqlalchemy import Column

from tracker.models import Project, ProjectOtherSector, ProjectRecipient, ProjectText
from tracker.services.database_limits import DatabaseLimits

if TYPE_CHECKING:
    from tracker.services.exchange.importing.resolve import Resolver
    from tracker.services.portfolio.projects import ProjectData

SHARE_MAX = Decimal(100)
FORM_SHARES = ("sdg_targets", "sectors", "places")  # whose range the form's rules check


def check_limits(resolver: Resolver, data: ProjectData, limits: DatabaseLimits) -> bool:
    """Report, through ``resolver``, every value of ``data`` the database cannot hold as it
    is; False when the budget cannot even be compared with the rules (too large)."""
    for name in ("code", "title", "description", "language"):
        _text(resolver, name, getattr(data, name), Project.__table__.c[name])
    for language, (title, description) in (data.texts or {}).items():
        _text(resolver, "language", language, ProjectText.__table__.c.language)
        _text(resolver, f"title_{language}", title, ProjectText.__table__.c.title)
        _text(resolver, f"description_{language}", description,
              ProjectText.__table__.c.description)  # fmt: skip
    for recipient in data.recipients or []:
        column = f"recipient-{recipient.kind}"
        for name in ("code", "vocabulary", "name"):
            value = getattr(recipient, name)
            _text(resolver, column, value, ProjectRecipient.__table__.c[name])
    for other in data.other_sectors or []:
        for name in ("vocabulary", "code", "name"):
            _text(resolver, "sector", getattr(other, name), ProjectOtherSector.__table__.c[name])
    for column, shares in (
        ("sdg_targets", [share for _code, share in data.targets]),
        ("sectors", [share for _code, share in data.sectors]),
        ("places", [share for _code, share in data.places]),
        ("recipient-country", [r.share for r in data.recipients or [] if r.kind == "country"]),
        ("recipient-region", [r.share for r in data.recipients or [] if r.kind == "region"]),
        ("sector", [other.share for other in data.other_sectors or []]),
    ):
        _shares(resolver, column, shares, limits)
    if resolver.record.budget is None:
        return True  # the budget stays as the database holds it
    return _budget(resolver, data.budget, limits)


def _text(resolver: Resolver, column: str, value: str | None, model_column: Column) -> None:
    if not value:
        return
    if "\0" in value:
        resolver.add(
            column,
            _("%(column)s contains a NUL character (byte 0), which the database cannot store; "
              "remove it from the file.", column=column),
        )  # fmt: skip
    limit = getattr(model_column.type, "length", None)
    if limit is not None and len(value) > limit:
        resolver.add(
            column,
            _("%(column)s can have at most %(limit)s characters; this one has %(length)s.",
              column=column, limit=limit, length=len(value)),
        )  # fmt: skip


def _decimals(value: Decimal, places: int) -> bool:
    """Whether ``value`` (finite, of a sensible size) has no more than ``places`` decimals."""
    return value == value.quantize(Decimal(1).scaleb(-places))


def _shares(
    resolver: Resolver, column: str, shares: list[Decimal | None], limits: DatabaseLimits
) -> None:
    for share in shares:
        if share is None:
            continue
        # Comparisons only until the share is known to be small: arithmetic on 1E+999999
        # would overflow.
        if not share.is_finite() or share <= 0 or share > SHARE_MAX:
            if column in FORM_SHARES:
                return  # the form's own rule (``share_problem``) says so
            message = _("Each share in %(column)s must be more than 0 and at most 100, not "
                        "%(share)s.", column=column, share=share)  # fmt: skip
            resolver.add(column, message)
            return
        if not _decimals(share, limits.share_decimals):
            message = _("The share %(share)s in %(column)s has more than two decimals; the "
                        "tracker keeps shares to two decimals.", share=share,
                        column=column)  # fmt: skip
            resolver.add(column, message)
            return


def _budget(resolver: Resolver, budget: Decimal, limits: DatabaseLimits) -> bool:
    if not budget.is_finite() or budget > limits.budget_max or budget < -limits.budget_max:
        resolver.add(
            "budget",
            _("The budget is too large: the tracker keeps amounts up to %(limit)s.",
              limit=format_decimal(limits.budget_max, format="#,##0.00")),
        )  # fmt: skip
        return False
    if not _decimals(budget, limits.budget_decimals):
        resolver.add("budget", _("The budget has more than two decimals."))
    return True
