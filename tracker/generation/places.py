"""Where generated projects take place: Kazakhstan's regions and cities as of a date.

Codes come from `seed_data/reference/kz_regions.csv` (ISO 3166-2:KZ) and
`coverage_areas.csv` (KZ nationwide, CENTRAL-ASIA regional). Regions created in 2022 and the
city of Shymkent (2018) are only used by projects that started after they existed, and titles
use the name a place had when the project started (Nur-Sultan, South Kazakhstan).
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from datetime import date
from itertools import accumulate

from tracker.generation.themes import Theme

NATIONWIDE, CENTRAL_ASIA = "KZ", "CENTRAL-ASIA"

# English names used in titles (regions without the word "Region").
REGION_NAMES: dict[str, str] = {
    "KZ-10": "Abai", "KZ-11": "Akmola", "KZ-15": "Aktobe", "KZ-19": "Almaty",
    "KZ-23": "Atyrau", "KZ-27": "West Kazakhstan", "KZ-31": "Zhambyl", "KZ-33": "Zhetisu",
    "KZ-35": "Karaganda", "KZ-39": "Kostanay", "KZ-43": "Kyzylorda", "KZ-47": "Mangystau",
    "KZ-55": "Pavlodar", "KZ-59": "North Kazakhstan", "KZ-61": "Turkistan", "KZ-62": "Ulytau",
    "KZ-63": "East Kazakhstan", "KZ-71": "Astana", "KZ-75": "Almaty", "KZ-79": "Shymkent",
}  # fmt: skip
CITIES = frozenset({"KZ-71", "KZ-75", "KZ-79"})
_NEW_REGIONS = frozenset({"KZ-10", "KZ-33", "KZ-62"})
_NEW_REGIONS_FROM = date(2022, 6, 8)  # Abai, Zhetisu and Ulytau regions created
_SHYMKENT_FROM = date(2018, 6, 19)  # Shymkent a city of its own; South Kaz. renamed Turkistan
_NUR_SULTAN = (date(2019, 3, 23), date(2022, 9, 17))  # Astana was named Nur-Sultan
_REGION_POOLS = tuple(
    tuple(
        code
        for code in REGION_NAMES
        if (code not in _NEW_REGIONS or period == 2) and (code != "KZ-79" or period >= 1)
    )
    for period in range(3)
)


def regions_on(day: date) -> tuple[str, ...]:
    """Codes of the regions and cities that existed on `day`."""
    return _REGION_POOLS[(day >= _SHYMKENT_FROM) + (day >= _NEW_REGIONS_FROM)]


def pick_places(rng: random.Random, theme: Theme, start: date) -> list[str]:
    """CENTRAL-ASIA alone, KZ alone, or 1-3 regions/cities (focus regions drawn more often)."""
    roll = rng.random()
    if roll < theme.regional_chance:
        return [CENTRAL_ASIA]
    if roll < theme.regional_chance + theme.nationwide_chance:
        return [NATIONWIDE]
    pool = regions_on(start)
    cum_weights = list(accumulate(3 if code in theme.focus_regions else 1 for code in pool))
    wanted = rng.choices((1, 2, 3), weights=(60, 28, 12))[0]
    chosen: list[str] = []
    while len(chosen) < wanted:
        code = rng.choices(pool, cum_weights=cum_weights)[0]
        if code not in chosen:
            chosen.append(code)
    return chosen


def place_phrase(codes: Sequence[str], start: date) -> str:
    """How the places read in a title: 'Kazakhstan', 'Astana and Akmola Region', ..."""
    if codes[0] == NATIONWIDE:
        return "Kazakhstan"
    if codes[0] == CENTRAL_ASIA:
        return "Central Asia"
    names = {code: REGION_NAMES[code] for code in codes}
    if "KZ-71" in names and _NUR_SULTAN[0] <= start < _NUR_SULTAN[1]:
        names["KZ-71"] = "Nur-Sultan"
    if "KZ-61" in names and start < _SHYMKENT_FROM:
        names["KZ-61"] = "South Kazakhstan"
    parts = sorted(name for code, name in names.items() if code in CITIES)
    regions = sorted(name for code, name in names.items() if code not in CITIES)
    if regions:
        parts.append(_join(regions) + (" Region" if len(regions) == 1 else " regions"))
    return _join(parts)


def _join(words: Sequence[str]) -> str:
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]
