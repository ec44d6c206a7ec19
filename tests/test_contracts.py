"""The rules that hold between the parts: the event catalogue is current, and no part
reaches into another."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from shared.events.catalogue import render

ROOT = Path(__file__).resolve().parent.parent
SERVICES = ("agenda", "decisions", "awards")


def test_event_catalogue_page_is_generated_from_the_current_schemas():
    committed = (ROOT / "docs/events.md").read_text(encoding="utf-8")
    assert committed == render(), "run `make events-doc` and commit docs/events.md"


def _imported_modules(folder: Path):
    for path in folder.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                for alias in node.names:
                    yield path, alias.name
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                yield path, node.module


@pytest.mark.parametrize("service", SERVICES)
def test_a_service_imports_no_other_service(service):
    others = tuple(f"services.{name}" for name in SERVICES if name != service)
    offending = [
        f"{path.relative_to(ROOT)}: {module}"
        for path, module in _imported_modules(ROOT / "services" / service)
        if module.startswith(others) or module.startswith("embedded")
    ]
    assert offending == []


def test_shared_library_imports_no_service():
    offending = [
        f"{path.relative_to(ROOT)}: {module}"
        for path, module in _imported_modules(ROOT / "shared")
        if module.startswith(("services", "embedded")) and "tests" not in path.relative_to(ROOT).parts
    ]
    assert offending == []
