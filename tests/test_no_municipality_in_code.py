"""Nothing particular to one municipality lives in code: Lejre's names, addresses, case
numbers and wording appear only in its demo data (and in tests), never in the strings,
templates or scripts every municipality is served from."""

from __future__ import annotations

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FOLDERS = ("services", "shared", "embedded", "deploy")
TEXT_FILES = (".html", ".js", ".css", ".yaml", ".yml", ".sh", ".conf", ".toml")
# Lejre's name and addresses, its case-number series and its recommendation lead-in.
LEJRE = re.compile(r"\blejre\b|\b19/11559\b|lejrevej|allerslev|direktionen indstiller", re.IGNORECASE)


def _served_files():
    for folder in FOLDERS:
        for path in sorted((ROOT / folder).rglob("*")):
            parts = path.relative_to(ROOT).parts
            if path.is_file() and "tests" not in parts and "demo" not in parts:
                yield path


def _docstrings(tree: ast.AST) -> set[int]:
    owners = (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)
    return {id(node.body[0].value) for node in ast.walk(tree)
            if isinstance(node, owners) and node.body and isinstance(node.body[0], ast.Expr)}


def _strings(path: Path):
    """The texts a file can put in front of a user: string literals (not docstrings) of
    Python files, every line of templates and scripts."""
    if path.suffix == ".py":
        tree = ast.parse(path.read_text(encoding="utf-8"))
        skipped = _docstrings(tree)
        for node in ast.walk(tree):
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in skipped:
                yield node.lineno, node.value
    elif path.suffix in TEXT_FILES:
        yield from enumerate(path.read_text(encoding="utf-8", errors="replace").splitlines(), start=1)


def test_lejres_values_live_only_in_its_demo_data():
    found = [f"{path.relative_to(ROOT)}:{line}: {text.strip()[:80]}"
             for path in _served_files() for line, text in _strings(path) if LEJRE.search(text)]
    assert found == []


def test_the_check_sees_a_lejre_value_in_a_template(tmp_path):
    template = tmp_path / "form.html"
    template.write_text('<p class="hint">Fx Lejrevej 15</p>\n', encoding="utf-8")
    assert [text for _, text in _strings(template) if LEJRE.search(text)] == ['<p class="hint">Fx Lejrevej 15</p>']
