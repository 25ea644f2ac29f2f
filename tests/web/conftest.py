from __future__ import annotations

import pytest
from django.test import Client

from partnerfolio.accounts.models import User
from partnerfolio.partnerships import services
from tests.partnerships.conftest import EXAMPLES, example


@pytest.fixture
def ana(db) -> User:
    """Ana Ruiz, a partner manager."""
    return User.objects.create_user(
        username="ana", password="a long enough passphrase", role="manager"
    )


@pytest.fixture
def client_ana(ana) -> Client:
    client = Client()
    client.force_login(ana)
    return client


@pytest.fixture
def examples(ana) -> dict[str, int]:
    """The five example partnerships, by name."""
    found = {}
    for path in EXAMPLES:
        p = services.partnership_import(actor=ana, document=example(path.name))
        found[p.name] = p.pk
    return found


def copies(ana, n: int) -> None:
    """n more partnerships like the examples, under other names and partners."""
    for i in range(n):
        for path in EXAMPLES:
            document = example(path.name)
            document["name"] = f"{document['name']} #{i}"
            for partner in document.get("partners") or ():
                partner["name"] = f"{partner['name']} #{i}"
            services.partnership_import(actor=ana, document=document)
