"""Deterministic generator of an ILLUSTRATIVE (not real) portfolio of SDG projects.

`iter_projects` yields projects one at a time (so 100,000 synthetic projects need not be held
in memory); `generate_portfolio` is the list wrapper; `write_portfolio_csv` (from `records`,
re-exported here) streams projects into the seven CSV seed files. The same arguments always
give the same projects: all randomness comes from one `random.Random(seed)`, and dates are
relative to the fixed `AS_OF`, never to today.
"""

from __future__ import annotations

import random
from collections.abc import Iterator, Sequence
from datetime import date, timedelta
from decimal import Decimal
from itertools import accumulate

from tracker.generation.histories import status_history
from tracker.generation.places import pick_places, place_phrase
from tracker.generation.records import (
    CSV_COLUMNS,
    CodeShare,
    GeneratedProject,
    OrganisationRole,
    StatusEvent,
    project_rows,
    write_portfolio_csv,
)
from tracker.generation.themes import PARTNERSHIP_THEMES, Theme
from tracker.generation.themes_programme import PROGRAMME_THEMES
from tracker.models.project import (  # noqa: F401  (re-exported)
    CLOSED,
    FINALISATION,
    IMPLEMENTATION,
    PIPELINE,
    SUSPENDED,
)

__all__ = [
    "AS_OF",
    "CSV_COLUMNS",
    "THEMES",
    "CodeShare",
    "GeneratedProject",
    "OrganisationRole",
    "StatusEvent",
    "generate_portfolio",
    "iter_projects",
    "project_rows",
    "write_portfolio_csv",
]

AS_OF = date(2026, 11, 1)
THEMES: tuple[Theme, ...] = PARTNERSHIP_THEMES + PROGRAMME_THEMES

FUNDING, ACCOUNTABLE, EXTENDING, IMPLEMENTING = 1, 2, 3, 4

# source -> (closing sentence of every description, changed_by of every status change)
SOURCE_LABELS: dict[str, tuple[str, str]] = {
    "seed_illustration": ("Illustrative record, not a real project.", "Illustrative seed"),
    "synthetic": ("Synthetic record for benchmarks, not a real project.", "Synthetic generator"),
}

# Year of adoption (seed_data/reference/strategic_documents.csv); a project is only linked to
# documents adopted by the year it ended (or by AS_OF while it runs).
DOCUMENT_ADOPTED: dict[str, int] = {
    "KAZAKHSTAN-2050": 2012,
    "GREEN-ECONOMY-CONCEPT": 2013,
    "CARBON-NEUTRALITY-2060": 2023,
}

# Government partners whose ministry took over the theme's work only in that year; earlier
# projects draw from the theme's other partners (water and forests were under MoA before 2019).
GOVERNMENT_SINCE: dict[str, int] = {"MENR": 2019, "MWRI": 2023}

DAY = timedelta(days=1)
HUNDRED = Decimal("100.00")
# (step, units making 100 %, minimum units per item) for percentage splits
_SHARE_STEPS = (
    (Decimal("5.00"), 20, 1),
    (Decimal("1.00"), 100, 10),
    (Decimal("0.01"), 10000, 1000),
)
_ROMAN = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X")
WITHDRAWN_SECTOR_CHANCE = 0.08  # for themes with withdrawn codes, projects started before 2018


def iter_projects(
    n_completed: int,
    n_active: int,
    *,
    seed: int = 2024,
    source: str = "seed_illustration",
    code_prefix: str = "ILLUS-KZ",
) -> Iterator[GeneratedProject]:
    """Yield n_completed closed projects (status 4), then n_active ones in implementation (2)."""
    if source not in SOURCE_LABELS:
        raise ValueError(f"source must be one of {sorted(SOURCE_LABELS)}")
    if n_completed < 0 or n_active < 0:
        raise ValueError("project counts must not be negative")
    rng = random.Random(seed)
    cum_weights = list(accumulate(theme.weight for theme in THEMES))
    titles_used: dict[str, int] = {}
    for number in range(1, n_completed + n_active + 1):
        status = CLOSED if number <= n_completed else IMPLEMENTATION
        theme = rng.choices(THEMES, cum_weights=cum_weights)[0]
        yield _project(rng, number, status, theme, titles_used, source, code_prefix)


def generate_portfolio(
    n_completed: int,
    n_active: int,
    *,
    seed: int = 2024,
    source: str = "seed_illustration",
    code_prefix: str = "ILLUS-KZ",
) -> list[GeneratedProject]:
    """Return the whole portfolio of `iter_projects` as a list."""
    return list(
        iter_projects(n_completed, n_active, seed=seed, source=source, code_prefix=code_prefix)
    )


def _project(
    rng: random.Random,
    number: int,
    status: int,
    theme: Theme,
    titles_used: dict[str, int],
    source: str,
    code_prefix: str,
) -> GeneratedProject:
    closing, changed_by = SOURCE_LABELS[source]
    planned_start, planned_end, actual_start, actual_end = _dates(rng, status)
    places = pick_places(rng, theme, actual_start)
    phrase = place_phrase(places, actual_start)
    lead = rng.choices(theme.leads, weights=range(len(theme.leads), 0, -1))[0]
    year = actual_start.year
    govs = [g for g in theme.governments if GOVERNMENT_SINCE.get(g, 0) <= year]
    gov = rng.choice(govs or theme.governments)

    base = rng.choice(theme.titles).format(place=phrase)
    seen = titles_used[base] = titles_used.get(base, 0) + 1
    title = base if seen == 1 else f"{base}, phase {_ROMAN[seen - 1] if seen <= 10 else seen}"
    description = theme.description.format(place=phrase, lead=lead, gov=gov)

    sectors = rng.sample(theme.sectors, _count(rng, (45, 35, 20), len(theme.sectors)))
    if (
        theme.withdrawn_sectors
        and actual_start.year < 2018
        and rng.random() < WITHDRAWN_SECTOR_CHANCE
    ):
        sectors[-1] = rng.choice(theme.withdrawn_sectors)
    with_shares = rng.random() < 0.5
    targets = rng.sample(theme.targets, _count(rng, (20, 30, 25, 15, 10), len(theme.targets)))

    low, high = theme.budget[0] // 1000, theme.budget[1] // 1000
    u = rng.random()
    budget = Decimal(f"{(low + int((high - low) * u * u)) * 1000}.00")

    end_year = (actual_end or AS_OF).year
    documents = [d for d in theme.documents if DOCUMENT_ADOPTED[d] <= end_year]
    n_documents = min(len(documents), rng.choices((0, 1, 2), weights=(35, 45, 20))[0])

    return GeneratedProject(
        code=f"{code_prefix}-{lead.replace(' ', '').upper()}-{year}-{number:03d}",
        title=title,
        description=f"{description} {closing}",
        status=status,
        planned_start=planned_start,
        planned_end=planned_end,
        actual_start=actual_start,
        actual_end=actual_end,
        budget=budget,
        currency="USD",
        source=source,
        theme=theme.key,
        targets=_links(rng, targets, with_shares),
        sectors=_links(rng, sectors, with_shares),
        places=_links(rng, places, with_shares),
        organisations=_organisations(rng, theme, lead, gov),
        documents=tuple(rng.sample(documents, n_documents)),
        history=status_history(
            rng, status, planned_start, actual_start, actual_end, changed_by, AS_OF
        ),
    )


def _count(rng: random.Random, weights: Sequence[int], available: int) -> int:
    """How many items to pick: 1, 2, ... with the given weights, at most `available`."""
    return min(available, rng.choices(range(1, len(weights) + 1), weights=weights)[0])


def _random_date(rng: random.Random, first: date, last: date) -> date:
    return date.fromordinal(rng.randint(first.toordinal(), last.toordinal()))


def _dates(rng: random.Random, status: int) -> tuple[date, date, date, date | None]:
    """planned_start, planned_end, actual_start, actual_end for a closed or an active project."""
    if status == CLOSED:
        actual_start = _random_date(rng, date(2005, 1, 1), date(2024, 12, 31))
    else:
        actual_start = _random_date(rng, date(2021, 1, 1), AS_OF - DAY)
    planned_start = actual_start
    if rng.random() < 0.6:
        planned_start += timedelta(days=rng.randint(-42, 42))
    if status != CLOSED:
        earliest_end = max(planned_start + timedelta(days=365), AS_OF + timedelta(days=30))
        return (
            planned_start,
            earliest_end + timedelta(days=rng.randint(0, 1095)),
            actual_start,
            None,
        )
    last = AS_OF - DAY
    longest = min(1826, (last - planned_start).days - 30)
    planned_end = planned_start + timedelta(days=rng.randint(365, longest))
    roll = rng.random()
    if roll < 0.6:  # about as planned
        delay = rng.randint(-30, 10)
    elif roll < 0.9:  # extended
        delay = rng.randint(31, 540)
    else:
        delay = rng.randint(-120, -31)
    actual_end = planned_end + timedelta(days=delay)
    actual_end = min(max(actual_end, actual_start + timedelta(days=180)), last)
    return planned_start, planned_end, actual_start, actual_end


def _links(rng: random.Random, codes: Sequence[str], with_shares: bool) -> tuple[CodeShare, ...]:
    """Codes with no shares, or with shares summing to exactly 100.00 (largest first)."""
    if not with_shares:
        return tuple(CodeShare(code, None) for code in codes)
    if len(codes) == 1:
        return (CodeShare(codes[0], HUNDRED),)
    step, units, minimum = rng.choices(_SHARE_STEPS, weights=(6, 3, 1))[0]
    spare = units - len(codes) * minimum
    cuts = sorted(rng.randint(0, spare) for _ in range(len(codes) - 1))
    parts = [b - a for a, b in zip([0, *cuts], [*cuts, spare], strict=True)]
    shares = sorted((step * (minimum + part) for part in parts), reverse=True)
    return tuple(CodeShare(code, share) for code, share in zip(codes, shares, strict=True))


def _organisations(
    rng: random.Random, theme: Theme, lead: str, gov: str
) -> tuple[OrganisationRole, ...]:
    roles = [
        OrganisationRole(lead, ACCOUNTABLE),
        OrganisationRole(lead, EXTENDING if rng.random() < 0.5 else IMPLEMENTING),
        OrganisationRole(gov, IMPLEMENTING),
    ]
    partners = [agency for agency in theme.leads if agency != lead]
    if partners and rng.random() < 0.15:  # a joint programme with a second UN entity
        roles.append(OrganisationRole(rng.choice(partners), IMPLEMENTING))
    funders = [lead, *theme.funders]
    for funder in rng.sample(funders, 1 if rng.random() < 0.6 else 2):
        roles.append(OrganisationRole(funder, FUNDING))
    return tuple(roles)
