"""The results chain in the JSON API (``GET /api/v1/results``): each node with its SDG
targets, number of contributing projects and indicators (shaped as a project's, by
``json_results.indicator``), children nested under their parent."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from tracker.formats.json_api import Json
from tracker.formats.json_results import indicator


def node(found: Any, project_counts: Mapping[int, int], progress: Mapping[int, Any]) -> Json:
    return {
        "code": found.code,
        "level": found.level,
        "title": {
            "en": found.title_en,
            "ru": found.title_ru or None,
            "kk": found.title_kk or None,
        },  # fmt: skip
        "illustrative": found.illustrative,
        "targets": [target.code for target in found.targets],
        "project_count": project_counts.get(found.id, 0),
        "indicators": [indicator(i, progress.get(i.id)) for i in found.indicators],
        "children": [node(child, project_counts, progress) for child in found.children],
    }


def chain(priorities: list, project_counts: Mapping[int, int], progress: Mapping[int, Any]) -> Json:
    return {"items": [node(p, project_counts, progress) for p in priorities]}
