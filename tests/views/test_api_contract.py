"""The OpenAPI document is a contract: schemathesis draws requests from it, valid and invalid,
sends them to the app with a viewer's token, and checks each answer against the document.

A status the document does not list, a body that does not match its schema, a server error,
an invalid request accepted or a valid one refused for a reason the document does not allow,
fails the test. Every operation gets a bounded number of examples, so each database takes
well under a minute.
"""

from __future__ import annotations

import re

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    negative_data_rejection,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from tests.views.conftest import PREFIX

EXAMPLES = 150  # per operation and mode: about 30 s per database on a busy 2-core machine
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance,
          response_headers_conformance, response_schema_conformance,
          negative_data_rejection]  # fmt: skip
# Why the API may refuse values the document allows: a target, sector, place or organisation
# the database does not know, a page past the last, and a year range the wrong way round
# (which a schema of one parameter cannot say). Nothing else.
MAY_REFUSE = re.compile(r"There is no |Page \d+ does not exist|\w+ \(\d+\) is after \w+ ")


def operations(app) -> list:
    schema = schemathesis.openapi.from_wsgi(f"{PREFIX}/openapi.json", app)
    return [result.ok() for result in schema.get_all_operations()]


@pytest.mark.parametrize("mode", [GenerationMode.POSITIVE, GenerationMode.NEGATIVE])
def test_every_operation_keeps_its_contract(app, token_for, mode):
    headers = {"Authorization": f"Bearer {token_for('viewer')}"}
    checked = []
    for operation in operations(app):

        @given(case=operation.as_strategy(generation_mode=mode))
        @settings(max_examples=EXAMPLES, deadline=None, database=None, derandomize=True,
                  suppress_health_check=list(HealthCheck))  # fmt: skip
        def keeps_it(case) -> None:
            response = case.call_and_validate(headers=headers, checks=CHECKS)
            if mode is GenerationMode.POSITIVE and response.status_code == 400:
                # A value the document allows is refused only for what the database holds.
                reasons = sum(response.json()["problems"].values(), [])
                assert all(MAY_REFUSE.match(reason) for reason in reasons), (
                    case.as_curl_command(), response.text)  # fmt: skip

        keeps_it()
        checked.append(operation.label)
    assert len(checked) == 9
