"""The JSON API's error answer, which the rate limits give too (they sit below the views)."""

from __future__ import annotations

from flask import Response, jsonify

from tracker.formats import json_api
from tracker.services.exchange.api_reads import Problems

API_PREFIX = "/api/v1"


def error_response(status: int, message: str, problems: Problems | None = None,
                   headers: dict[str, str] | None = None) -> Response:  # fmt: skip
    """``{status, message, problems}`` with the status code and any extra headers."""
    response = jsonify(json_api.error(status, message, problems))
    response.status_code = status
    response.headers.update(headers or {})
    return response
