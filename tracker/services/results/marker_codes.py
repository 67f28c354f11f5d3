"""The words of the markers: the UN markers' scores and the IATI policy-marker codelists.

The policy markers (vocabulary 1, OECD DAC) and their significance are copies of the IATI
codelists in seed_data/reference/ (iati_policy_marker.csv, iati_policy_significance.csv); a
test checks the codes agree. Names are lazy so each page shows them in its reader's language.
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from tracker.models.results import GENDER, HUMAN_RIGHTS

OECD_DAC = "1"  # IATI PolicyMarkerVocabulary: OECD DAC CRS

MARKER_NAMES = {GENDER: _l("Gender Equality Marker"), HUMAN_RIGHTS: _l("Human Rights Marker")}
MARKER_SHORT = {GENDER: _l("GEM"), HUMAN_RIGHTS: _l("HRM")}

# The UN Gender Equality Marker's scale, in the UN's words (UNSDG GEM guidance).
GENDER_SCORES = {
    0: _l("Not expected to contribute to gender equality"),
    1: _l("Limited contribution to gender equality"),
    2: _l("Significant contribution to gender equality"),
    3: _l("Gender equality is the principal objective"),
}
# The Human Rights Marker uses the same scale, applied to human rights.
HUMAN_RIGHTS_SCORES = {
    0: _l("Not expected to contribute to the realisation of human rights"),
    1: _l("Limited contribution to the realisation of human rights"),
    2: _l("Significant contribution to the realisation of human rights"),
    3: _l("Human rights are the principal objective"),
}
SCORE_MEANINGS = {GENDER: GENDER_SCORES, HUMAN_RIGHTS: HUMAN_RIGHTS_SCORES}
NOT_CODED = _l("Not yet coded")

# OECD DAC policy markers (IATI PolicyMarker codelist, vocabulary 1).
POLICY_MARKERS = {
    "1": _l("Gender Equality"),
    "2": _l("Aid to Environment"),
    "3": _l("Participatory Development/Good Governance"),
    "4": _l("Trade Development"),
    "5": _l("Aid Targeting the Objectives of the Convention on Biological Diversity"),
    "6": _l("Aid Targeting the Objectives of the Framework Convention on Climate Change - "
            "Mitigation"),
    "7": _l("Aid Targeting the Objectives of the Framework Convention on Climate Change - "
            "Adaptation"),
    "8": _l("Aid Targeting the Objectives of the Convention to Combat Desertification"),
    "9": _l("Reproductive, Maternal, Newborn and Child Health (RMNCH)"),
    "10": _l("Disaster Risk Reduction (DRR)"),
    "11": _l("Disability"),
    "12": _l("Nutrition"),
}  # fmt: skip
# IATI PolicySignificance codelist.
POLICY_SIGNIFICANCES = {
    0: _l("not targeted"),
    1: _l("significant objective"),
    2: _l("principal objective"),
    3: _l("principal objective and in support of an action programme"),
    4: _l("explicit primary objective"),
}
# IATI: significance 3 is "for desertification-related aid only".
DESERTIFICATION = "8"
ACTION_PROGRAMME = 3


def policy_marker_name(code: str, name: str = "") -> str:
    """A policy marker's name in the reader's language (a marker outside the codelist keeps
    the name it was published with)."""
    return str(POLICY_MARKERS[code]) if code in POLICY_MARKERS else (name or code)


def score_meaning(marker: str, score: int) -> str:
    """What a UN marker's score means, in words."""
    return str(SCORE_MEANINGS[marker][score])


def ordered_policy_markers(markers):
    """A project's policy markers in codelist order (code 2 before 10), vocabulary 1 first."""
    return sorted(markers, key=lambda m: (m.vocabulary, int(m.code) if m.code.isdigit() else 99,
                                          m.code))  # fmt: skip
