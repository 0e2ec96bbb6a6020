"""A read replica on real PostgreSQL streaming replication: reads that opt in (the dashboard) come from it, the
rest and every write from the primary, and a user's own write is read from the primary for a while after it."""

from __future__ import annotations

import time
from collections.abc import Iterator

import pytest
from flask.testing import FlaskClient

from config import Settings
from engine import services
from engine.core.context import Actor
from engine.core.env import Env
from engine.core.registry import Registry
from engine.store.database import Database
from engine.time.clock import FixedClock
from support.db import START, fresh_url
from support.replica import caught_up, make_replica, on_port, replay_paused
from support.union import Union
from support.web import PASSWORD, csrf, sign_in
from web import create_app
from workflows import register_all

WINDOW = 1.0  # read-your-writes seconds for these tests


@pytest.fixture(scope="module")
def replica_port() -> int:
    return make_replica()


@pytest.fixture
def urls(request: pytest.FixtureRequest, tmp_path, replica_port: int) -> tuple[str, str]:
    primary = fresh_url("postgresql", request, tmp_path)
    return primary, on_port(primary, replica_port)


@pytest.fixture
def env(urls: tuple[str, str]) -> Iterator[Env]:
    primary, replica = urls
    environment = Env(Database(primary, read_url=replica), register_all(Registry(), Settings()), FixedClock(START))
    yield environment
    environment.db.dispose()


def in_recovery(env: Env) -> bool:
    with env.db.read() as conn:
        return bool(conn.exec_driver_sql("SELECT pg_is_in_recovery()").scalar())


def organisations_named(env: Env, name: str) -> int:
    with env.db.read() as conn:
        return conn.exec_driver_sql("SELECT count(*) FROM organisations WHERE name = %(n)s", {"n": name}).scalar()


def test_reads_that_opt_in_come_from_the_replica_and_everything_else_from_the_primary(env):
    assert not in_recovery(env) and env.db.reads_from() == "primary"
    with services.replica_reads():
        assert in_recovery(env) and env.db.reads_from() == "replica"
        with services.primary_reads():  # the reader has just written
            assert not in_recovery(env)
        # A write inside still goes to the primary.
        services.create_organisation(env, "某区总工会", "federation")
    assert not in_recovery(env)


def test_a_write_is_read_at_once_from_the_primary_and_from_the_replica_once_replayed(env, urls):
    primary, replica = urls
    caught_up(primary, replica)
    with replay_paused(replica):
        services.create_organisation(env, "新北区总工会", "federation")
        assert organisations_named(env, "新北区总工会") == 1  # the writer reads the primary
        with services.replica_reads():
            assert organisations_named(env, "新北区总工会") == 0  # the replica has not replayed it yet
            with services.primary_reads():
                assert organisations_named(env, "新北区总工会") == 1
    caught_up(primary, replica)
    with services.replica_reads():
        assert organisations_named(env, "新北区总工会") == 1


def test_the_federation_view_counts_on_the_primary_what_the_replica_does_not_hold_yet(env, urls):
    """A first view counts every union and writes the kept figures; read straight back through a replica that has
    not replayed them, they would be missing: the view reads them back from the primary."""
    from workflows.federation import services as federation
    from workflows.federation.roles import FEDERATION_OFFICE

    primary, replica = urls
    district = services.create_organisation(env, "武进区总工会", "federation")
    for name in ("恒达纺织工会", "鑫阳电子工会"):
        services.create_organisation(env, name, "union", district)
    staff = services.create_user(env, "district_staff", "顾明远")
    services.grant_role(env, staff, district, FEDERATION_OFFICE)
    caught_up(primary, replica)
    with replay_paused(replica), services.replica_reads():
        view = federation.overview(env, staff, district, 2026)
        assert view.unions.total == 2 and dict(view.summary)["会员工会"] == "2"


def submitted(env: Env, u: Union, title: str) -> None:
    """Another representative's proposal, written on the primary while the office reads its dashboard."""
    case_id = services.start_case(env, Actor(u.rep1), "proposal", u.union, title,
                                  {"session_id": u.session, "category": "welfare", "reasons": "夜班职工就餐难",
                                   "measures": "增开夜间窗口"}).case_id
    services.fire(env, Actor(u.rep1), case_id, "invite", {"co_signers_invited": [u.rep2, u.rep3]})
    services.fire(env, Actor(u.rep2), case_id, "co_sign")
    services.fire(env, Actor(u.rep3), case_id, "co_sign")


def dashboard(client: FlaskClient) -> dict:
    response = client.get("/api/v1/dashboard?all_sessions=true")
    assert response.status_code == 200, response.get_data(as_text=True)
    return response.get_json()


def test_the_dashboard_reads_the_replica_except_just_after_the_readers_own_write(env, urls, tmp_path):
    primary, replica = urls
    u = Union(env, password=PASSWORD)
    app = create_app({"TESTING": True, "UNIONFLOW_READ_YOUR_WRITES_SECONDS": WINDOW}, env=env,
                     settings=Settings(instance_path=tmp_path / "instance"))
    office = sign_in(app.test_client(), "office")
    time.sleep(WINDOW)  # signing in was the office's own write: let its window pass
    caught_up(primary, replica)
    before = dashboard(office)
    with replay_paused(replica):
        submitted(env, u, "关于增设职工书屋的提案")
        assert dashboard(office) == before  # read from the replica, which has not seen the proposal
        chosen = office.post("/language", data={"lang": "zh", "next": "/inbox", "csrf_token": csrf(office, "/inbox")})
        assert chosen.status_code == 302  # the office's own write: its language, kept on its account
        fresh = dashboard(office)
        assert fresh != before  # read from the primary: the proposal counts
        time.sleep(WINDOW)
        assert dashboard(office) == before  # the window over, back to the (still paused) replica
    caught_up(primary, replica)
    assert dashboard(office) == fresh


def test_a_request_leaves_its_thread_reading_as_it_found_it(env, tmp_path):
    """A server thread (or a test) serves requests one after another: a write's pin to the primary ends with its
    request, so a later read that opts in reaches the replica."""
    Union(env, password=PASSWORD)
    app = create_app({"TESTING": True, "UNIONFLOW_READ_YOUR_WRITES_SECONDS": 60}, env=env,
                     settings=Settings(instance_path=tmp_path / "instance"))
    office = sign_in(app.test_client(), "office")  # a write: this browser reads the primary for a minute
    assert office.get("/api/v1/dashboard?all_sessions=true").status_code == 200  # pinned while it ran
    assert not in_recovery(env)
    with services.replica_reads():
        assert in_recovery(env)
