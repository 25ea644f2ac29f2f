from __future__ import annotations

import json
from pathlib import Path

import pytest

from partnerfolio.accounts.models import User

EXAMPLES = sorted((Path(__file__).resolve().parents[2] / "examples").glob("*.json"))


@pytest.fixture
def ana(db) -> User:
    """Ana Ruiz, a partner manager."""
    return User.objects.create_user(username="ana", password="a long enough passphrase")


@pytest.fixture
def ben(db) -> User:
    """Ben Okafor, Ana's colleague, who edits the same partnerships."""
    return User.objects.create_user(username="ben", password="another long passphrase")


def example(name: str) -> dict:
    return json.loads((Path(__file__).resolve().parents[2] / "examples" / name).read_text("utf-8"))
