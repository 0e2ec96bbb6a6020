"""The house: arrows point down only (web → engine.services → engine; workflows → engine)."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
WEB_MAY_IMPORT = {"engine.services", "engine.core.i18n", "engine.core.spec"}


def imports(root: Path, package: str) -> list[tuple[str, str]]:
    found = []
    for path in sorted((root / package).rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                found += [(str(path.relative_to(root)), a.name) for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                # `from engine import services` reaches engine.services
                names = [f"{node.module}.{a.name}" for a in node.names] if "." not in node.module else [node.module]
                found += [(str(path.relative_to(root)), n) for n in names]
    return found


def wrong_arrows(root: Path) -> list[tuple[str, str]]:
    bad = []
    for f, m in imports(root, "engine"):
        if m.split(".")[0] in ("flask", "werkzeug", "workflows", "web"):
            bad.append((f, m))
    for f, m in imports(root, "workflows"):
        if m.split(".")[0] in ("web", "flask"):
            bad.append((f, m))
    for f, m in imports(root, "web"):
        if m.split(".")[0] == "engine" and m not in WEB_MAY_IMPORT:
            bad.append((f, m))
    for f, m in imports(root, "config"):
        if m.split(".")[0] in ("engine", "workflows", "web"):
            bad.append((f, m))
    return bad


def test_the_house_keeps_its_arrows():
    assert imports(ROOT, "engine"), "the engine package was not found"
    assert wrong_arrows(ROOT) == []


def test_the_check_catches_a_wrong_arrow(tmp_path):
    for package, line in [("engine", "import flask"), ("engine", "from workflows.proposals.spec import SPEC"),
                          ("workflows", "from web import app"), ("web", "from engine.store.models import Case"),
                          ("web", "from engine import services, runtime"), ("config", "import engine.store.database")]:
        folder = tmp_path / package
        folder.mkdir(exist_ok=True)
        (folder / f"m{len(list(folder.iterdir()))}.py").write_text(line + "\n", encoding="utf-8")
    assert sorted(m for _, m in wrong_arrows(tmp_path)) == [
        "engine.store.database", "engine.store.models", "engine.core.runtime", "flask", "web.app", "workflows.proposals.spec"]
