"""Schemathesis over the whole OpenAPI schema, in-process through the WSGI application,
with its checks (authentication ones included), as an administrator with a read-write
token on a database holding the test world and two example partnerships.

One check is left out: `positive_data_acceptance` (a schema-valid request must be
accepted). The §8 rules include what JSON Schema cannot say (a planned end not before the
start, an agreement not ending before it is signed, a catalog metric repeating only the
catalog's category, a metric key once per partnership, a stage move the life cycle
allows): such requests are refused with 422 naming the field, as documented.
"""

from __future__ import annotations

import pytest
import schemathesis
from django.core import signals
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.checks import positive_data_acceptance

from partnerfolio.partnerships import services
from tests.api.conftest import EXAMPLES, example

pytestmark = pytest.mark.django_db
schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", get_wsgi_application())


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
        excluded_checks=[positive_data_acceptance],
    )
