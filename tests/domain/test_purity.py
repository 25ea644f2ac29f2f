"""The domain core is the framework alone: standard library and itself, nothing else."""

from __future__ import annotations

import ast
import sys
from pathlib import Path

import partnerfolio.domain

DOMAIN = Path(partnerfolio.domain.__file__).parent


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text("utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module)
    return names


def test_domain_modules_import_only_the_standard_library_and_the_domain():
    offenders = {}
    for path in sorted(DOMAIN.glob("*.py")):
        outside = {
            name
            for name in imported_modules(path)
            if name.split(".")[0] not in sys.stdlib_module_names
            and not name.startswith("partnerfolio.domain")
        }
        if outside:
            offenders[path.name] = sorted(outside)
    assert offenders == {}


def test_the_check_sees_a_forbidden_import(tmp_path):
    module = tmp_path / "rule.py"
    module.write_text(
        "from django.db import models\nimport partnerfolio.interchange\nimport math\n"
    )
    assert imported_modules(module) == {"django.db", "partnerfolio.interchange", "math"}
