"""The bundled examples, assessed as of the date their stories are told."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from partnerfolio.domain import Assessment, PartnershipSnapshot, assess, default_playbook
from partnerfolio.interchange import read_document

EXAMPLES = sorted((Path(__file__).resolve().parents[2] / "examples").glob("*.json"))
AS_OF = date(2026, 11, 30)


def example(stem: str) -> tuple[PartnershipSnapshot, Assessment]:
    snapshot = read_document(str(next(p for p in EXAMPLES if p.stem == stem)))
    return snapshot, assess(snapshot, AS_OF, default_playbook())


@pytest.fixture(params=[p.stem for p in EXAMPLES])
def assessed_example(request: pytest.FixtureRequest) -> tuple[PartnershipSnapshot, Assessment]:
    return example(request.param)
