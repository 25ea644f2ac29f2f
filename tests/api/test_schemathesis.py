"""Schemathesis over the whole OpenAPI schema, in-process through the WSGI application,
with its checks (authentication ones included), as an administrator with a read-write
token on a database holding the test world and two example partnerships.

Every check runs. `positive_data_acceptance` (a schema-valid request is accepted) also
accepts, beside its defaults, the three refusals the API documents for requests that are
well formed (docs/api.md): 412 and 428, a write naming a stale version or none (the
version is a precondition, not part of the body's schema), and 422 for the §8 rules
JSON Schema cannot state (a planned end not before the start, an agreement not ending
before it is signed, a metric key once per partnership, a stage move the life cycle
allows), refused naming the field. A 400 (not JSON) or a 500 for schema-valid data fails.
"""

from __future__ import annotations

import pytest
import schemathesis
from django.core import signals
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.config import PositiveDataAcceptanceConfig

from partnerfolio.partnerships import services
from tests.api.conftest import EXAMPLES, example

pytestmark = pytest.mark.django_db
schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", get_wsgi_application())
# Every request carries the real token (below), so a generated Authorization header would
# be replaced by it: one generated as malformed, then "accepted", is no finding. Requests
# without credentials are schemathesis's own `ignored_auth` check, and tests/api's.
schema.config.generation.update(with_security_parameters=False)
schema.config.checks.positive_data_acceptance = PositiveDataAcceptanceConfig(
    expected_statuses=["2xx", "3xx", "401", "403", "404", "409", "412", "422", "428", "429"]
)


@pytest.fixture
def filled(world):
    """The test world and two examples. As Django's test client does, requests through the
    WSGI application keep the test's database connection (and its transaction) open."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    for path in EXAMPLES[:2]:
        services.partnership_import(actor="test", document=example(path))
    yield world
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@schema.parametrize()
@settings(max_examples=3, deadline=None, suppress_health_check=list(HealthCheck))
def test_the_api_conforms_to_its_schema(case, filled):
    case.call_and_validate(
        headers={"Authorization": f"Bearer {filled['tokens']['ada']}", "Host": "localhost"},
    )
