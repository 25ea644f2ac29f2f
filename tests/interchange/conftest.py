from __future__ import annotations

import json
from pathlib import Path

import pytest


@pytest.fixture
def spec_example() -> dict:
    """The example document of framework.md §8."""
    return json.loads((Path(__file__).parents[1] / "data" / "spec_example.json").read_text("utf-8"))
