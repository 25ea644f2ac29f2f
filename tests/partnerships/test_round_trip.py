"""Import then export gives the document back; stored assessments match file assessments."""

from __future__ import annotations

import json
from datetime import date

import pytest
from django.db import transaction
from hypothesis import given, settings

from partnerfolio.domain import assess, default_playbook
from partnerfolio.interchange import assessment_json, parse_document
from partnerfolio.interchange.export import normalize, to_document
from partnerfolio.partnerships import selectors, services
from tests import strategies as gen
from tests.partnerships.conftest import EXAMPLES

PLAYBOOK = default_playbook()
AS_OF = date(2026, 11, 30)


@pytest.mark.django_db
@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.name)
def test_every_example_survives_import_and_export(path, ana):
    document = json.loads(path.read_text("utf-8"))
    partnership = services.partnership_import(actor=ana, document=document)
    exported = selectors.partnership_document(partnership)
    assert exported == normalize(document)
    stored = assessment_json(
        selectors.partnership_assessment(partnership, AS_OF, PLAYBOOK), PLAYBOOK
    )
    from_file = assessment_json(
        assess(parse_document(json.dumps(exported)), AS_OF, PLAYBOOK), PLAYBOOK
    )
    assert stored == from_file


@pytest.mark.django_db
@settings(max_examples=30)
@given(gen.document_snapshots)
def test_generated_partnerships_survive_import_and_export(snapshot):
    document = to_document(snapshot)
    with transaction.atomic():
        partnership = services.partnership_import(actor="test", document=document)
        assert selectors.partnership_document(partnership) == document
        stored = selectors.partnership_assessment(partnership, gen.AS_OF, PLAYBOOK)
        assert stored == assess(snapshot, gen.AS_OF, PLAYBOOK)
        transaction.set_rollback(True)
