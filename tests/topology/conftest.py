"""The team installation is one topology: its tests run once, in the PostgreSQL pass of
`make test` (they bring their own PostgreSQL database, Redis, nginx and servers), and are
left out of the SQLite pass rather than run twice."""

from __future__ import annotations

import os

import pytest


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if os.environ.get("PARTNERFOLIO_REQUIRE_DB") == "postgresql":
        return
    here = os.path.dirname(__file__)
    chosen = [item for item in items if not str(item.path).startswith(here)]
    left = [item for item in items if str(item.path).startswith(here)]
    if left:
        config.hook.pytest_deselected(items=left)
        items[:] = chosen
