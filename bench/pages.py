"""How the read pages grow with the number of proposals: the median latency of each page at a small and a large
number of cases, and their ratio, measured in one run on SQLite and PostgreSQL.

Run: ``make bench`` or ``.venv/bin/python bench/pages.py [--json] [--small 1000] [--large 30000]``.

The union is set up as the demo's is (a federation, the union, eight departments with a handler each, 120
representatives, the proposal committee member, a leader, one congress session collecting proposals), through
``engine.services`` and the congress's services. A few hundred proposals (the demo's sixty plans, four times
over) are then driven through the proposal workflow by ``services.start_case`` / ``services.fire`` with the
people who would act, over six weeks of a moving clock, and the scheduler's sweep fires what came due (reminders,
overdue handling: the committee's supervision tasks). These are the templates: the database grows to each size by
copying them in SQL, generation by generation, into the engine's own tables (cases with new ids, varied titles,
renumbered, merged ones following their own generation's main proposal; their history entries, tasks and timers
with new ids), all in the one session. The history hash chains are copied as they are; nothing here verifies them.
The union, the templates and the copies are built by ``bench/pages_data.py``. Each size has a database of its own,
built the same way from the same seed, so that both sizes can be measured in one interleaved run.

Each page is requested in process through Flask's test client, signed in through the login form (the API with a
personal bearer token): 3 warm-up rounds, then ``--repeat`` rounds taking each page in turn, each page at the
small size and straight after at the large one (so that other work on the machine weighs on both sizes alike), and
the median (p50) of each is reported. Beside them, a bare Flask page in the same process reads the committee
member's first 25 inbox rows (the same rows, checked) with one plain SQL query and renders them with a tiny
Jinja template: ``inbox_vs_bare`` is its p50 over the inbox's at the large size. SQLite is measured as the product
leaves it (it never runs ANALYZE); PostgreSQL after ANALYZE, as autovacuum would have left it after a bulk load.
"""

from __future__ import annotations

import argparse
import json
import re
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import sqlalchemy as sa  # noqa: E402
from bench_support import PG_URL, pg_schema_url  # noqa: E402
from flask import Flask  # noqa: E402
from flask.testing import FlaskClient  # noqa: E402
from pages_data import NOW, PASSWORD, ROUNDS, Driver, Union, grow, set_up  # noqa: E402

from config import Settings  # noqa: E402
from engine import services  # noqa: E402
from engine.core.env import Env  # noqa: E402
from engine.core.registry import Registry  # noqa: E402
from engine.store import schema  # noqa: E402
from engine.store.database import Database  # noqa: E402
from engine.store.models import Event  # noqa: E402
from engine.time.clock import FixedClock  # noqa: E402
from web import create_app  # noqa: E402
from workflows import register_all  # noqa: E402
from workflows.proposals import demo as data  # noqa: E402

WARM_UPS = 3
SEARCH = "食堂"
PAGES = ("inbox_committee", "inbox_handler", "register", "register_search", "committee_search", "case", "api_cases",
         "dashboard")
BARE = "bare_inbox"


# -- the pages -----------------------------------------------------------------------------------------------
# The engine's covering rule written as it writes it (a comma join in EXISTS: PostgreSQL then hashes the subplan
# once instead of running it per task; JOIN ... ON inside EXISTS took it 3.5x longer at 30,000 proposals).
BARE_SQL = sa.text("""
SELECT t.case_id, c.title, t.state, o.name AS department, t.due_at
FROM tasks t JOIN cases c ON c.id = t.case_id LEFT JOIN organisations o ON o.id = t.organisation_id
WHERE t.status = 'open' AND (t.user_id = :user OR (t.role IS NOT NULL AND EXISTS (
    SELECT 1 FROM memberships m, organisations held, organisations target
    WHERE m.user_id = :user AND held.id = m.organisation_id AND target.id = t.organisation_id
      AND substr(target.path, 1, length(held.path)) = held.path AND m.role = t.role)))
ORDER BY t.due_at IS NULL, t.due_at, t.created_at, t.id
LIMIT 25
""")
BARE_TEMPLATE = """<!doctype html><title>Inbox</title><ul>
{% for r in rows %}<li><a href="/cases/{{ r.case_id }}">{{ r.title }}</a> {{ r.state }} {{ r.department or '' }}
{{ r.due_at or '' }}</li>
{% endfor %}</ul>"""


def bare_app(env: Env, user_id: int) -> Flask:
    """The baseline: the committee member's first 25 inbox rows, one query, a tiny template, nothing else."""
    app = Flask("bench_bare")
    template = app.jinja_env.from_string(BARE_TEMPLATE)

    @app.route("/bare")
    def bare() -> str:
        with env.db.engine.connect() as conn:
            rows = conn.execute(BARE_SQL, {"user": user_id}).all()
        return template.render(rows=rows)

    return app


def bare_rows(env: Env, user_id: int) -> list[int]:
    with env.db.engine.connect() as conn:
        return [r.case_id for r in conn.execute(BARE_SQL, {"user": user_id})]


def signed_in(app: Flask, username: str) -> FlaskClient:
    client = app.test_client()
    page = client.get("/login").get_data(as_text=True)
    found = re.search(r'name="csrf_token" value="([^"]+)"', page)
    assert found, "no CSRF token on /login"
    response = client.post("/login", data={"username": username, "password": PASSWORD, "csrf_token": found.group(1)})
    assert response.status_code == 302, response.get_data(as_text=True)[:500]
    return client


Request = Callable[[], Any]


def requests(env: Env, u: Union, folder: Path, case_id: int) -> dict[str, Request]:
    app = create_app({"TESTING": True}, env=env, settings=Settings(instance_path=folder / "instance"))
    committee = signed_in(app, data.COMMITTEE[1])
    handler = signed_in(app, data.HANDLERS[data.DEMO_HANDLER][1])
    api = app.test_client()
    token = {"Authorization": f"Bearer {services.create_token(env, u.committee, 'bench').secret}"}
    bare = bare_app(env, u.committee).test_client()
    register = {"session": u.session}
    return {
        "inbox_committee": lambda: committee.get("/inbox"),
        "inbox_handler": lambda: handler.get("/inbox"),
        "register": lambda: committee.get("/proposals/register", query_string=register),
        "register_search": lambda: committee.get("/proposals/register", query_string={**register, "q": SEARCH}),
        # the committee's register: words in the subject or text, the overdue ones, a lead department
        "committee_search": lambda: committee.get("/committee/register", query_string={
            "q": SEARCH, "overdue": "1", "department": str(u.departments[data.DEMO_HANDLER])}),
        "case": lambda: committee.get(f"/cases/{case_id}"),
        "api_cases": lambda: api.get("/api/v1/cases", query_string={"workflow": "proposal", "per_page": 25},
                                     headers=token),
        "dashboard": lambda: committee.get("/dashboard"),
        BARE: lambda: bare.get("/bare"),
    }


def measure(small: dict[str, Request], large: dict[str, Request], repeat: int
            ) -> tuple[dict[str, float], dict[str, float]]:
    """Median milliseconds of each page at both sizes: warm-ups, then rounds taking the pages in turn, each page
    at the small size and straight after at the large one, so other load on the machine weighs on both alike."""
    times: dict[str, list[list[float]]] = {name: [[], []] for name in small}
    for n in range(WARM_UPS + repeat):
        for name in small:
            for which, pages in enumerate((small, large)):
                started = time.perf_counter()
                response = pages[name]()
                response.get_data()
                elapsed = time.perf_counter() - started
                if response.status_code != 200:
                    raise SystemExit(f"{name}: HTTP {response.status_code}\n{response.get_data(as_text=True)[:800]}")
                if n >= WARM_UPS:
                    times[name][which].append(elapsed * 1000)
    return ({name: statistics.median(t[0]) for name, t in times.items()},
            {name: statistics.median(t[1]) for name, t in times.items()})


def check_same_rows(env: Env, user_id: int) -> None:
    """The bare page shows what the inbox shows: the same 25 tasks' cases in the same order."""
    inbox = [t.case_id for t in services.inbox(env, user_id, per_page=25).items]
    if inbox != bare_rows(env, user_id):
        raise SystemExit("the bare page's rows differ from the inbox's: the baseline would not be comparable")


def shown(env: Env, u: Union) -> str:
    """What the pages have to show at this size, to read beside the timings."""
    public = [s for s in services.describe(env, "proposal").states if s not in ("draft", "co_signing", "withdrawn")]

    def counted(found: services.Page[Any]) -> str:  # lists count up to a cap
        return str(found.total) if found.exact else f"more than {found.total}"

    def register(text: str = "") -> str:
        return counted(services.search_cases(env, services.SYSTEM_ACTOR, workflow="proposal", organisation_id=u.union,
                                             state=public, text=text, data={"session_id": u.session}, per_page=1))

    committee = counted(services.inbox(env, u.committee, per_page=1))
    handler = counted(services.inbox(env, u.handlers[data.DEMO_HANDLER], per_page=1))
    return (f"open tasks: committee {committee}, {data.DEMO_HANDLER} handler {handler}; register {register()} "
            f"proposals, {register(SEARCH)} with {SEARCH} in the title")


# -- one backend, both sizes -----------------------------------------------------------------------------------
def build(url: str, folder: Path, size: int, log: Callable[[str], None]) -> tuple[Env, dict[str, Request],
                                                                                  dict[str, Any]]:
    """A database of ``size`` proposals (the same seeded templates at each size) and its pages."""
    schema.upgrade(url)
    clock = FixedClock(NOW)
    folder.mkdir(parents=True, exist_ok=True)
    settings = Settings(instance_path=folder / "instance")
    env = Env(Database(url), register_all(Registry(), settings), clock)
    started = time.perf_counter()
    u = set_up(env)
    driver = Driver(env, clock, u, ROUNDS)
    template_ids = driver.run()
    if size < len(template_ids):
        raise SystemExit(f"--small must be at least the {len(template_ids)} template proposals")
    info: dict[str, Any] = {"templates": len(template_ids), "actions": driver.actions,
                            "drive_s": time.perf_counter() - started}
    log(f"  {len(template_ids)} template proposals, {driver.actions} actions through services.fire: "
        f"{info['drive_s']:.1f} s")
    with env.db.read() as conn:  # the case page shows the template with the longest history
        case_id = conn.execute(
            sa.select(Event.case_id).where(Event.case_id.in_(template_ids)).group_by(Event.case_id)
            .order_by(sa.func.count().desc(), Event.case_id).limit(1)).scalar_one()
    started = time.perf_counter()
    grow(env, u.session, template_ids, size)
    info["copy_s"] = time.perf_counter() - started
    log(f"  copied up to {size} proposals: {info['copy_s']:.1f} s")
    check_same_rows(env, u.committee)
    log(f"  {shown(env, u)}")
    return env, requests(env, u, folder, case_id), info


def run_backend(urls: tuple[str, str], folder: Path, small: int, large: int, repeat: int,
                log: Callable[[str], None]) -> dict[str, Any]:
    """Both sizes built side by side in two databases, then measured in one interleaved run."""
    envs: list[Env] = []
    try:
        out: dict[str, Any] = {}
        pages = []
        for which, url, size in (("small", urls[0], small), ("large", urls[1], large)):
            env, requested, info = build(url, folder / which, size, log)
            envs.append(env)
            pages.append(requested)
            out.update(templates=info["templates"], actions=info["actions"], drive_s=info["drive_s"])
            out[f"copy_s_{which}"] = info["copy_s"]
        started = time.perf_counter()
        out["small"], out["large"] = measure(pages[0], pages[1], repeat)
        log(f"  measured at {small} and {large}, interleaved: {time.perf_counter() - started:.1f} s")
        return out
    finally:
        for env in envs:
            env.db.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument("--small", type=int, default=1000, help="proposals in the small database")
    parser.add_argument("--large", type=int, default=30000, help="proposals in the large database")
    parser.add_argument("--repeat", type=int, default=15, help="timed requests of each page, after 3 warm-ups")
    args = parser.parse_args()
    if not 0 < args.small < args.large:
        parser.error("--small must be below --large")
    log = (lambda line: print(line, file=sys.stderr)) if args.json else print
    results: dict[str, dict[str, Any]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        log("SQLite")
        results["sqlite"] = run_backend((f"sqlite:///{tmp}/small.db", f"sqlite:///{tmp}/large.db"),
                                        Path(tmp) / "sqlite", args.small, args.large, args.repeat, log)
        with pg_schema_url() as small_url, pg_schema_url() as large_url:
            if small_url is None or large_url is None:
                log(f"PostgreSQL not reachable at {PG_URL}: skipped")
            else:
                log("PostgreSQL")
                results["pg"] = run_backend((small_url, large_url), Path(tmp) / "pg", args.small, args.large,
                                            args.repeat, log)
    out: dict[str, Any] = {"small": args.small, "large": args.large, "repeat": args.repeat}
    for backend, r in results.items():
        for page in (*PAGES, BARE):
            out[f"growth_{page}_{backend}"] = round(r["large"][page] / r["small"][page], 2)
        out[f"inbox_vs_bare_{backend}"] = round(r["large"][BARE] / r["large"]["inbox_committee"], 4)
        for which in ("small", "large"):
            for page in (*PAGES, BARE):
                out[f"p50_ms_{page}_{backend}_{which}"] = round(r[which][page], 2)
            out[f"copy_s_{backend}_{which}"] = round(r[f"copy_s_{which}"], 1)
        out[f"templates_{backend}"] = r["templates"]
        out[f"drive_s_{backend}"] = round(r["drive_s"], 1)
    if args.json:
        print(json.dumps(out))
        return
    names = {"sqlite": "SQLite", "pg": "PostgreSQL"}
    print(f"\np50 in ms over {args.repeat} requests after {WARM_UPS} warm-ups, at {args.small} and {args.large} "
          f"proposals; growth = large / small")
    print(f"{'':<16}" + "".join(f"{names[b]:^30}" for b in results))
    print(f"{'page':<16}" + f"{'small':>10}{'large':>10}{'growth':>10}" * len(results))
    for page in (*PAGES, BARE):
        cells = "".join(f"{out[f'p50_ms_{page}_{b}_small']:>10.1f}{out[f'p50_ms_{page}_{b}_large']:>10.1f}"
                        f"{out[f'growth_{page}_{b}']:>9.1f}x" for b in results)
        print(f"{page:<16}{cells}")
    for b in results:
        print(f"{names[b]}: inbox_vs_bare {out[f'inbox_vs_bare_{b}']:.4f} (bare p50 / committee inbox p50 at "
              f"{args.large}); {out[f'templates_{b}']} templates driven in {out[f'drive_s_{b}']} s, copied up to "
              f"{args.small} in {out[f'copy_s_{b}_small']} s and to {args.large} in {out[f'copy_s_{b}_large']} s")


if __name__ == "__main__":
    main()
