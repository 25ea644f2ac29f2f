"""People and partnerships for the report tests, as in tests/web/test_access.py.

Ada the administrator, Mia a manager, Cole a contributor on the team of Stratus and of
the confidential Cobalt, Vic a viewer, Pat a partner user at Stratus's partner, and
someone not signed in. Stratus is the bundled strategic co-sell example (public), Pilot
the bundled hybrid pilot (public, no team), Cobalt a confidential partnership.
"""

from __future__ import annotations

from datetime import date

import pytest

from partnerfolio.partnerships import services
from partnerfolio.partnerships.models import Partnership
from tests.partnerships.conftest import example
from tests.people import personas

PEOPLE = ("ada", "mia", "cole", "vic", "pat", "anonymous")
AS_OF = date(2026, 11, 30)
STRATUS = "Stratus Cloud strategic co-sell alliance"
PILOT_FILE = "hybrid-pilot-ready.json"


@pytest.fixture
def world(db) -> dict[str, int]:
    records = {
        "Stratus": services.partnership_import(
            actor="test", document=example("cloud-cosell-alliance.json")
        ).pk,
        "Pilot": services.partnership_import(actor="test", document=example(PILOT_FILE)).pk,
        "Cobalt": services.partnership_import(
            actor="test",
            document={
                "name": "Cobalt secret alliance",
                "type": "strategic",
                "stage": "active",
                "started_on": "2026-01-01",
                "partners": [{"name": "Cobalt Secret Co"}],
                "engagements": [{"on": "2026-10-01", "kind": "check_in", "summary": "quiet"}],
            },
        ).pk,
    }
    Partnership.objects.filter(pk=records["Cobalt"]).update(confidential=True)
    personas(partner_of="Stratus Cloud, Inc.", teams=(records["Stratus"], records["Cobalt"]))
    return records
