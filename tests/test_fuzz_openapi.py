"""schemathesis over the whole OpenAPI surface (every route, parameter, conneg variant, body kind): no server
error, every answer a status and media type the description lists, and the security headers on each one.
A bounded number of examples per operation keeps `make test` fast; `make fuzz` runs the long version
(scripts/fuzz_openapi.py) against a live server."""

from __future__ import annotations

import pytest
import schemathesis
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from schemathesis_hooks import security_headers

from api.app import create_app
from api.openapi import build_schema

EXAMPLES_PER_OPERATION = 25
CHECKS = [schemathesis.checks.not_a_server_error, schemathesis.checks.status_code_conformance,
          schemathesis.checks.content_type_conformance, security_headers]

# The description does not depend on the store: read it from an app that is never started.
schema = schemathesis.openapi.from_dict(build_schema(create_app()))


@pytest.fixture(scope="module")
def app(published):
    app = create_app(published)
    with TestClient(app):  # runs the lifespan: query workers started, and stopped afterwards
        yield app


# One test per operation, each with its own id: schemathesis's own parametrize gives all of them the same node id,
# which pytest-xdist (make test runs on two workers) reports as one test. Sorted, because the order of a path's
# methods differs between processes, and xdist needs every worker to collect the same list.
OPERATIONS = sorted((result.ok() for result in schema.get_all_operations()), key=lambda operation: operation.label)


@pytest.mark.slow
@pytest.mark.parametrize("operation", OPERATIONS, ids=lambda operation: operation.label)
def test_every_operation_answers_within_its_description(app, operation):
    @given(case=operation.as_strategy())
    @settings(max_examples=EXAMPLES_PER_OPERATION, deadline=None,
              suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
    def answers_within_its_description(case):
        case.call_and_validate(app=app, checks=CHECKS)

    answers_within_its_description()
