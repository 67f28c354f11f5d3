"""Reading where an activity is and what it serves: recipient countries and regions
(the tracker's places and the others, kept as published), DAC sectors, SDG goals and targets
(as sectors or tags) and sectors in other vocabularies."""

from __future__ import annotations

from decimal import Decimal

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from tracker.formats.iati.activity import ActivityElements
from tracker.formats.iati.codes import sdg_goal, sdg_target, tracker_place
from tracker.formats.iati.shares import equal_split_as_blank
from tracker.formats.records import WARNING, ImportRecord, OtherSector, Recipient

# Percentages given for some links of a kind and not others (all are left blank).
SOME_PLACE_PERCENTAGES = _l(
    "Percentages are given for some recipient-country and -region elements only; all are left "
    "blank."
)
SOME_SECTOR_PERCENTAGES = _l(
    "Percentages are given for some DAC sector elements only; all are left blank."
)
SOME_TARGET_PERCENTAGES = _l(
    "Percentages are given for some SDG target elements only; all are left blank."
)


class Classification(ActivityElements):
    """Places, sectors and SDG links of one activity."""

    def _geography(self, record: ImportRecord) -> None:
        places: list[tuple[str, Decimal | None]] = []
        recipients: list[Recipient] = []
        for element in self.element.iterchildren("recipient-country", "recipient-region"):
            code = (element.get("code") or "").strip().upper()
            share = self._percentage(element)
            kind = "country" if element.tag == "recipient-country" else "region"
            vocabulary = "" if kind == "country" else (element.get("vocabulary") or "1").strip()
            place = tracker_place(kind, vocabulary, code)
            if place:
                places.append((place, share))
            elif code:
                name = next(iter(self._narratives(element).values()), "")
                recipients.append(Recipient(kind, code, vocabulary, name, share))
        places = self._consistent(places, SOME_PLACE_PERCENTAGES)
        if places and places[0][1] is not None and sum(share for _c, share in places) != 100:
            # The rest goes to recipients outside the tracker's places, kept with theirs.
            self.add(
                self.element,
                "percentage",
                WARNING,
                _(
                    "The tracker's places get no percentages: theirs do not add up to 100 "
                    "without the other recipients."
                ),
            )
            places = [(code, None) for code, _share in places]
        record.places = places
        record.recipients = recipients

    def _sectors_and_tags(self, record: ImportRecord) -> None:
        sectors, targets, goals = [], {}, []
        others: list[OtherSector] = []
        for element in self.element.iterchildren("sector", "tag"):
            code = (element.get("code") or "").strip()
            vocabulary = (
                element.get("vocabulary") or ("1" if element.tag == "sector" else "")
            ).strip()
            share = self._percentage(element) if element.tag == "sector" else None
            kind = (element.tag, vocabulary)
            if kind == ("sector", "1"):
                sectors.append((code, share))
            elif kind in (("sector", "7"), ("tag", "2")):
                goal = sdg_goal(code)
                if goal is None:
                    self.add(
                        element,
                        "code",
                        WARNING,
                        _("%(code)s is not an SDG goal (1 to 17); ignored.", code=repr(code)),
                    )
                elif goal not in goals:
                    goals.append(goal)
            elif kind in (("sector", "8"), ("tag", "3")):
                target = sdg_target(code)
                if target is None:
                    self.add(
                        element,
                        "code",
                        WARNING,
                        _(
                            "%(code)s is not an SDG target code such as 13.2; ignored.",
                            code=repr(code),
                        ),
                    )
                elif targets.get(target) is None:
                    targets[target] = share  # a sector's percentage wins over a tag's none
            elif element.tag == "sector":
                name = next(iter(self._narratives(element).values()), "")
                others.append(OtherSector(vocabulary, code, name, share))
        record.sectors = equal_split_as_blank(self._consistent(sectors, SOME_SECTOR_PERCENTAGES))
        record.targets = self._consistent(list(targets.items()), SOME_TARGET_PERCENTAGES)
        served = {int(code.split(".")[0]) for code in targets}
        record.goals = [goal for goal in goals if goal not in served]
        record.other_sectors = others
