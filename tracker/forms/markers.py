"""The markers form: the UN Gender Equality and Human Rights Markers, and a significance
for each OECD DAC policy marker of the IATI codelist."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import HiddenField, SelectField, TextAreaField
from wtforms.fields import SelectChoice
from wtforms.validators import Length

from tracker.models.results import GENDER, HUMAN_RIGHTS
from tracker.services.results.marker_codes import (
    NOT_CODED,
    POLICY_MARKERS,
    POLICY_SIGNIFICANCES,
    SCORE_MEANINGS,
)
from tracker.services.results.markers import JUSTIFICATION_MAX, MarkerCode


def _score_choices(marker: str) -> list[SelectChoice]:
    return [SelectChoice("", NOT_CODED)] + [
        SelectChoice(str(score), _l("%(score)s – %(meaning)s", score=score, meaning=meaning))
        for score, meaning in SCORE_MEANINGS[marker].items()
    ]


def _significance_choices() -> list[SelectChoice]:
    return [SelectChoice("", _l("not set"))] + [
        SelectChoice(str(code), _l("%(code)s – %(name)s", code=code, name=name))
        for code, name in POLICY_SIGNIFICANCES.items()
    ]


def _number(value: str | None) -> int | None:
    return int(value) if value not in (None, "") and str(value).isdigit() else None


class MarkersForm(FlaskForm):
    """One score and justification per UN marker, one significance per policy marker."""

    version = HiddenField()
    gender = SelectField(_l("Gender Equality Marker"), choices=_score_choices(GENDER))
    gender_justification = TextAreaField(
        _l("Why this score (gender)"), validators=[Length(max=JUSTIFICATION_MAX)]
    )
    human_rights = SelectField(_l("Human Rights Marker"), choices=_score_choices(HUMAN_RIGHTS))
    human_rights_justification = TextAreaField(
        _l("Why this score (human rights)"), validators=[Length(max=JUSTIFICATION_MAX)]
    )

    def policy_fields(self):
        """(code, name, field) for each row of the policy-marker table."""
        return [(code, name, self[f"policy_{code}"]) for code, name in POLICY_MARKERS.items()]

    def opened_version(self) -> int:
        """The version the user opened (0 when the hidden field was tampered with)."""
        return int(self.version.data) if str(self.version.data or "").isdigit() else 0

    def fill(self, codes: dict[str, MarkerCode], policy: dict[str, int | None],
             version: int) -> None:  # fmt: skip
        """Show the project's markers as they are."""
        for marker in (GENDER, HUMAN_RIGHTS):
            code = codes[marker]
            self[marker].data = "" if code.score is None else str(code.score)
            self[f"{marker}_justification"].data = code.justification
        for code, _name, field in self.policy_fields():
            significance = policy.get(code)
            field.data = "" if significance is None else str(significance)
        self.version.data = str(version)

    def un_markers(self) -> dict[str, MarkerCode]:
        return {
            marker: MarkerCode(_number(self[marker].data),
                               self[f"{marker}_justification"].data or "")
            for marker in (GENDER, HUMAN_RIGHTS)
        }  # fmt: skip

    def policy(self) -> dict[str, int | None]:
        return {code: _number(field.data) for code, _name, field in self.policy_fields()}

    def show_problems(self, problems: dict[str, str]) -> None:
        """Put each service problem next to its field."""
        for key, message in problems.items():
            name = f"{key}_justification" if key in (GENDER, HUMAN_RIGHTS) else key
            name = name.replace("policy-", "policy_")
            self[name].errors = [*self[name].errors, message]


for _code in POLICY_MARKERS:
    setattr(MarkersForm, f"policy_{_code}",
            SelectField(POLICY_MARKERS[_code], choices=_significance_choices()))  # fmt: skip
del _code
