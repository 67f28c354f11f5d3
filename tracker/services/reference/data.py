"""Loading the reference data (SDG framework, IATI codelists, places, organisations).

Rows already in the database are left alone, so loading twice adds nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import Session

from tracker.formats.csv_rows import RowError, parse_bool, parse_int, read_rows, required
from tracker.models import (
    ActivityStatus,
    Currency,
    Goal,
    Indicator,
    Organisation,
    OrganisationRole,
    Place,
    Sector,
    SectorCategory,
    StrategicDocument,
    Target,
)

Builder = Callable[[dict[str, str]], object]


def load_table(
    session: Session,
    path: Path,
    columns: tuple[str, ...],
    key_column,
    key_of: Callable[[dict[str, str]], object],
    build: Builder,
) -> int:
    """Add the rows of ``path`` whose key is not in the table yet; return how many."""
    existing = set(session.scalars(select(key_column)))
    added = 0
    for line, row in read_rows(path, columns):
        try:
            key = key_of(row)
            if key in existing:
                continue
            session.add(build(row))
        except (ValueError, KeyError) as error:
            raise RowError(path.name, line, str(error).strip("'\"")) from None
        existing.add(key)
        added += 1
    session.flush()
    return added


def _withdrawn(row: dict[str, str]) -> bool:
    return row["status"] == "withdrawn"


def load_reference(session: Session, directory: Path) -> dict[str, int]:
    """Load every reference file in ``directory``; return the rows added per table."""
    added: dict[str, int] = {}
    colours = {
        parse_int(row, "goal"): required(row, "colour_hex")
        for _, row in read_rows(directory / "sdg_goal_colours.csv", ("goal", "colour_hex"))
    }

    def goal(row):
        number = parse_int(row, "goal")
        if number not in colours:
            message = _("Goal %(goal)s has no colour in sdg_goal_colours.csv.", goal=number)
            raise ValueError(message)
        return Goal(
            number=number,
            colour=colours[number],
            **{
                f"{kind}_{lang}": required(row, f"{kind}_{lang}")
                for kind in ("short_title", "title")
                for lang in ("en", "ru", "kk")
            },
        )

    added["goals"] = load_table(
        session, directory / "sdg_goals.csv",
        ("goal", "short_title_en", "title_en", "short_title_ru", "title_ru",
         "short_title_kk", "title_kk"),
        Goal.number, lambda row: parse_int(row, "goal"), goal,
    )  # fmt: skip
    goal_numbers = set(session.scalars(select(Goal.number)))
    position = iter(range(1, 10_000))

    def target(row):
        number = parse_int(row, "goal")
        if number not in goal_numbers:
            raise ValueError(_("Goal %(goal)s is not one of the 17 goals.", goal=number))
        code = required(row, "target_id")
        if not code.startswith(f"{number}."):
            message = _("Target %(target)s does not belong to goal %(goal)s.", target=code,
                        goal=number)  # fmt: skip
            raise ValueError(message)
        return Target(
            code=code, goal_number=number, position=next(position),
            title_en=required(row, "title_en"), title_ru=row["title_ru"], title_kk=row["title_kk"],
        )  # fmt: skip

    added["targets"] = load_table(
        session, directory / "sdg_targets.csv",
        ("target_id", "goal", "title_en", "title_ru", "title_kk"),
        Target.code, lambda row: row["target_id"], target,
    )  # fmt: skip
    target_ids = dict(session.execute(select(Target.code, Target.id)).all())

    def indicator(row):
        target_code = required(row, "target_id")
        if target_code not in target_ids:
            raise ValueError(_("Unknown SDG target %(target)s.", target=target_code))
        return Indicator(
            code=required(row, "indicator_id"), target_id=target_ids[target_code],
            unsd_code=required(row, "unsd_code"), title_en=required(row, "title_en"),
            title_ru=row["title_ru"], title_kk=row["title_kk"],
            is_repeat=parse_bool(row, "is_repeat"), also_listed_under=row["also_listed_under"],
        )  # fmt: skip

    added["indicators"] = load_table(
        session, directory / "sdg_indicators.csv",
        ("indicator_id", "target_id", "unsd_code", "title_en", "is_repeat",
         "also_listed_under", "title_ru", "title_kk"),
        Indicator.code, lambda row: row["indicator_id"], indicator,
    )  # fmt: skip

    codelist = ("code", "name", "description", "status")
    for model, file_name in (
        (ActivityStatus, "iati_activity_status.csv"),
        (OrganisationRole, "iati_organisation_role.csv"),
    ):
        added[model.__tablename__] = load_table(
            session, directory / file_name, codelist, model.code,
            lambda row: parse_int(row, "code"),
            lambda row, model=model: model(
                code=parse_int(row, "code"), name=required(row, "name"),
                description=row["description"],
            ),
        )  # fmt: skip
    added["currencies"] = load_table(
        session, directory / "iati_currency.csv", ("code", "name", "status"),
        Currency.code, lambda row: row["code"],
        lambda row: Currency(code=required(row, "code"), name=required(row, "name"),
                             withdrawn=_withdrawn(row)),
    )  # fmt: skip
    added["sector_categories"] = load_table(
        session, directory / "iati_sector_category.csv", codelist,
        SectorCategory.code, lambda row: row["code"],
        lambda row: SectorCategory(code=required(row, "code"), name=required(row, "name"),
                                   description=row["description"], withdrawn=_withdrawn(row)),
    )  # fmt: skip
    categories = set(session.scalars(select(SectorCategory.code)))

    def sector(row):
        if row["category"] not in categories:
            message = _("Unknown sector category “%(code)s”.", code=row["category"])
            raise ValueError(message)
        return Sector(
            code=required(row, "code"), name=required(row, "name"), category_code=row["category"],
            description=row["description"], withdrawn=_withdrawn(row),
        )  # fmt: skip

    added["sectors"] = load_table(
        session, directory / "iati_sector.csv",
        ("code", "name", "category", "description", "status"),
        Sector.code, lambda row: row["code"], sector,
    )  # fmt: skip
    place_kinds = {"Region": "region", "City": "city"}
    added["places"] = load_table(
        session, directory / "kz_regions.csv", ("code", "name", "type", "legacy_code", "note"),
        Place.code, lambda row: row["code"],
        lambda row: Place(code=required(row, "code"), name=required(row, "name"),
                          kind=place_kinds[row["type"]], legacy_code=row["legacy_code"],
                          note=row["note"]),
    )  # fmt: skip
    added["places"] += load_table(
        session, directory / "coverage_areas.csv", ("code", "name", "kind", "note"),
        Place.code, lambda row: row["code"],
        lambda row: Place(code=required(row, "code"), name=required(row, "name"),
                          kind=required(row, "kind"), note=row["note"]),
    )  # fmt: skip
    added["organisations"] = load_table(
        session, directory / "organisations.csv", ("acronym", "name", "kind", "iati_ref"),
        Organisation.acronym, lambda row: row["acronym"],
        lambda row: Organisation(acronym=required(row, "acronym"), name=required(row, "name"),
                                 kind=required(row, "kind"), iati_ref=row["iati_ref"] or None),
    )  # fmt: skip
    added["strategic_documents"] = load_table(
        session, directory / "strategic_documents.csv",
        ("code", "title_en", "title_ru", "year_adopted", "horizon_year", "adopted_by"),
        StrategicDocument.code, lambda row: row["code"],
        lambda row: StrategicDocument(
            code=required(row, "code"), title_en=required(row, "title_en"),
            title_ru=row["title_ru"], year_adopted=parse_int(row, "year_adopted"),
            horizon_year=parse_int(row, "horizon_year", optional=True),
            adopted_by=row["adopted_by"],
        ),
    )  # fmt: skip
    return added
