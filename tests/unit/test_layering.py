"""The house: arrows point down only (web → public services → engine; workflows → engine), the engine knows no
union word, and the pages name no workflow's state."""

from __future__ import annotations

import ast
import re
from pathlib import Path

from config import Settings
from engine.core.registry import Registry
from workflows import register_all

ROOT = Path(__file__).resolve().parents[2]
WEB_MAY_IMPORT = {"engine.services", "engine.core.i18n", "engine.core.spec", "workflows.register_all",
                  "workflows.demo.demo_accounts"}
DOMAINS = tuple(sorted(p.name for p in (ROOT / "workflows").iterdir() if (p / "__init__.py").exists()))
UNION_WORDS = re.compile(r"ballot|roster|congress|bargain|proposal|opinion|clause|tally", re.I)


def imports(root: Path, package: str) -> list[tuple[str, str]]:
    found = []
    for path in sorted((root / package).rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                found += [(str(path.relative_to(root)), a.name) for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                # `from engine import services` reaches engine.services; `from workflows import x` reaches x
                found += [(str(path.relative_to(root)), f"{node.module}.{a.name}") for a in node.names]
    return found


def _public(module: str) -> bool:
    """A domain package's public face: ``workflows.<domain>.services`` (or a name imported from it)."""
    parts = module.split(".")
    return len(parts) >= 3 and parts[1] in DOMAINS and parts[2] == "services"


def _domain_arrow_wrong(file: str, module: str) -> bool:
    """A domain reaches another domain only through its services; its demo may use the others' demo too."""
    parts, here = module.split("."), Path(file).parts
    if parts[0] != "workflows" or len(here) < 3 or len(parts) < 2 or parts[1] not in DOMAINS:
        return False
    if parts[1] == here[1] or _public(module):
        return False
    return not (here[-1] == "demo.py" and len(parts) > 2 and parts[2] == "demo")


def wrong_arrows(root: Path) -> list[tuple[str, str]]:
    bad = []
    for f, m in imports(root, "engine"):
        if m.split(".")[0] in ("flask", "werkzeug", "workflows", "web"):
            bad.append((f, m))
    for f, m in imports(root, "workflows"):
        if m.split(".")[0] in ("web", "flask") or _domain_arrow_wrong(f, m):
            bad.append((f, m))
    for f, m in imports(root, "web"):
        top = m.split(".")[0]
        allowed = any(m == a or m.startswith(a + ".") for a in WEB_MAY_IMPORT)
        if top in ("engine", "workflows") and not allowed and not _public(m):
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
                          ("web", "from engine import services, runtime"), ("config", "import engine.store.database"),
                          ("web", "from workflows.congress.ballots import vote"),
                          ("web", "from workflows.congress import services"),
                          ("workflows/proposals", "from workflows.congress.models import CongressSession"),
                          ("workflows/proposals", "from workflows.congress import services")]:
        folder = tmp_path / package
        folder.mkdir(exist_ok=True, parents=True)
        (folder / f"m{len(list(folder.iterdir()))}.py").write_text(line + "\n", encoding="utf-8")
    assert sorted(m for _, m in wrong_arrows(tmp_path)) == [
        "engine.runtime", "engine.store.database", "engine.store.models.Case", "flask",
        "web.app", "workflows.congress.ballots.vote", "workflows.congress.models.CongressSession",
        "workflows.proposals.spec.SPEC"]


def test_the_engine_knows_no_union_word():
    """The engine is generic: the union's words live in the packages under workflows/."""
    found = [str(p.relative_to(ROOT)) for p in sorted((ROOT / "engine").rglob("*.py"))
             if UNION_WORDS.search(p.read_text(encoding="utf-8"))]
    assert found == []


def system_reads(root: Path) -> list[str]:
    """Files of web/ that name the system actor: a page asks as the signed-in user, and the domain decides."""
    return [str(p.relative_to(root)) for p in sorted((root / "web").rglob("*.py"))
            if "SYSTEM_ACTOR" in p.read_text(encoding="utf-8")]


def test_the_web_never_reads_as_the_system(tmp_path):
    (tmp_path / "web").mkdir()
    (tmp_path / "web" / "page.py").write_text("services.case_view(env(), services.SYSTEM_ACTOR, 1)\n")
    assert system_reads(tmp_path) == ["web/page.py"]
    assert system_reads(ROOT) == []


# Words that name a state and mean something else in these places of web/ (path prefixes): the congress pages'
# session phase (planned, documents, open, closed) and ballot item status (draft, open, closed) are values of the
# congress domain's views, which the API's schema publishes as enums; ``closed`` is also the committee register's
# query parameter (``?closed=1``: include closed proposals).
CONGRESS_VIEWS = ("web/congress/", "web/templates/congress/", "web/api/congress.py", "web/api/schemas/congress.py")
OTHER_MEANINGS = {"closed": (*CONGRESS_VIEWS, "web/committee.py"), "draft": CONGRESS_VIEWS, "planned": CONGRESS_VIEWS}
JINJA = re.compile(r"\{\{.*?\}\}|\{%.*?%\}", re.S)
QUOTED = re.compile(r"'([^'\\\n]*)'|\"([^\"\\\n]*)\"")


def state_names() -> set[str]:
    """Every state of every registered workflow version."""
    return {state.name for entry in register_all(Registry(), Settings()) for state in entry.spec.states}


def _strings(path: Path) -> list[tuple[int, str]]:
    """The quoted strings of a Python file, or of a template's Jinja expressions and statements (not its markup:
    an element's id is no state), with their lines."""
    text = path.read_text(encoding="utf-8")
    if path.suffix == ".py":
        return [(node.lineno, node.value) for node in ast.walk(ast.parse(text))
                if isinstance(node, ast.Constant) and isinstance(node.value, str)]
    found = []
    for block in JINJA.finditer(text):
        for quoted in QUOTED.finditer(block.group()):
            line = text.count("\n", 0, block.start() + quoted.start()) + 1
            found.append((line, quoted.group(1) if quoted.group(1) is not None else quoted.group(2)))
    return found


def states_named(root: Path, states: set[str]) -> list[str]:
    """Where web/ names a workflow's state as a quoted string: a page asks the domain what a step means."""
    found = []
    for path in sorted((root / "web").rglob("*")):
        if path.suffix not in (".py", ".html"):
            continue
        where = path.relative_to(root).as_posix()
        found += [f"{where}:{line}: {value}" for line, value in _strings(path)
                  if value in states and not where.startswith(OTHER_MEANINGS.get(value, ()))]
    return found


def test_the_pages_name_no_state():
    states = state_names()
    assert {"handling", "in_force", "co_signing", "in_session"} <= states
    assert states_named(ROOT, states) == []


def test_the_check_catches_a_state_named_in_code_or_in_a_template(tmp_path):
    (tmp_path / "web" / "templates" / "congress").mkdir(parents=True)
    (tmp_path / "web" / "page.py").write_text('"""Shows "handling" cases."""\nif view.state == "handling":\n    pass\n')
    (tmp_path / "web" / "templates" / "a.html").write_text(
        '<p id="filing">{{ "x" }}</p>\n{% if c.state in (\'in_force\', "expired") %}{{ c.title }}{% endif %}\n')
    (tmp_path / "web" / "templates" / "congress" / "b.html").write_text("{% if s.phase == \'planned\' %}{% endif %}\n")
    assert states_named(tmp_path, {"handling", "filing", "in_force", "expired", "planned"}) == [
        "web/page.py:2: handling", "web/templates/a.html:2: in_force", "web/templates/a.html:2: expired"]
