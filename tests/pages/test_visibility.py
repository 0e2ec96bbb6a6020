"""Who may read a case, walked through the demo: every case id as every demo account, through the pages and
the API, against the readers each workflow declares (worked out here in Python, apart from the SQL filter)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa

from config import Settings
from engine import services
from engine.core.readers import declared
from engine.core.spec import DATA, MEMBERS, STARTER
from engine.store.models import Case, Membership, Organisation, User
from support.demo import PASSWORD, demo_env
from web import create_app
from workflows.demo import demo_accounts


@pytest.fixture(scope="module")
def demo(sqlite_template: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Any, Settings]]:
    with demo_env(tmp_path_factory.mktemp("visibility"), sqlite_template) as loaded:
        yield loaded


def _ids(value: Any) -> list[int]:
    items = value if isinstance(value, list) else [value]
    return [v for v in items if isinstance(v, int) and not isinstance(v, bool)]


class Oracle:
    """The readers rule in plain Python: the workflow's declared readers for the case's step, resolved against
    the case's data and each person's roles and the organisation tree."""

    def __init__(self, env: Any) -> None:
        self.env = env
        with env.db.read() as conn:
            self.paths = {i: p for i, p in conn.execute(sa.select(Organisation.id, Organisation.path))}
            self.parents = {i: p for i, p in conn.execute(sa.select(Organisation.id, Organisation.parent_id))}
            self.roles: dict[int, list[tuple[str, str]]] = {}
            for user_id, role, org in conn.execute(
                    sa.select(Membership.user_id, Membership.role, Membership.organisation_id)
                    .join(User, User.id == Membership.user_id).where(User.is_active.is_(True))):
                self.roles.setdefault(user_id, []).append((role, self.paths[org]))
            self.cases = conn.execute(sa.select(Case.id, Case.workflow, Case.spec_version, Case.state,
                                                Case.organisation_id, Case.data, Case.created_by)).all()

    def _orgs(self, scope: str, case: Any) -> list[int]:
        if scope == "case":
            return [case.organisation_id]
        if scope == "parent":
            return [self.parents[case.organisation_id] or case.organisation_id]
        return _ids(case.data.get(scope[len(DATA):]))

    def may_read(self, user_id: int, case: Any) -> bool:
        spec = self.env.registry.get(case.workflow, case.spec_version).spec
        held = self.roles.get(user_id, [])
        for reader in declared(spec, case.state):
            if reader.role == STARTER and case.created_by == user_id:
                return True
            if reader.role.startswith(DATA) and user_id in _ids(case.data.get(reader.role[len(DATA):])):
                return True
            for org in self._orgs(reader.org, case):
                path = self.paths[org]
                for role, held_path in held:
                    covers = path.startswith(held_path)
                    if (role == reader.role and covers) or (reader.role == MEMBERS and (
                            covers or held_path.startswith(path))):
                        return True
        return False


def test_no_demo_account_reads_a_case_its_workflow_does_not_open_to_it(demo):
    env, settings = demo
    oracle = Oracle(env)
    app = create_app({"TESTING": True}, env=env, settings=settings)
    accounts = sorted({a["username"] for a in demo_accounts(settings)["accounts"]})
    assert len(accounts) >= 9 and len(oracle.cases) >= 60
    leaks, refused, readable_count = [], [], 0
    for username in accounts:
        user = services.find_user(env, username)
        client = app.test_client()
        token = re.search(r'name="csrf_token" value="([^"]+)"', client.get("/login").get_data(as_text=True))[1]
        assert client.post("/login", data={"username": username, "password": PASSWORD,
                                           "csrf_token": token}).status_code == 302
        bearer = {"Authorization": f"Bearer {services.create_token(env, user.id, 'walk').secret}"}
        for case in oracle.cases:
            allowed = oracle.may_read(user.id, case)
            page = client.get(f"/cases/{case.id}").status_code
            api = client.get(f"/api/v1/cases/{case.id}", headers=bearer).status_code
            assert page in (200, 404) and api in (200, 404), (username, case.id, page, api)
            for where, status in (("page", page), ("api", api)):
                if status == 200 and not allowed:
                    leaks.append((username, case.id, case.workflow, case.state, where))
                if status == 404 and allowed:
                    refused.append((username, case.id, case.workflow, case.state, where))
            readable_count += page == 200
    assert leaks == []  # nobody reads what the table forbids …
    assert refused == []  # … and everyone reads what it allows
    assert readable_count > len(oracle.cases)  # the walk did open cases, it is not all 404s


def test_a_representative_reads_no_one_elses_draft_and_the_api_list_agrees(demo):
    env, _ = demo
    oracle = Oracle(env)
    rep = services.find_user(env, "liguiying")
    listed = {c.id for c in services.search_cases(env, services.Actor(rep.id), per_page=200).items}
    assert listed == {c.id for c in oracle.cases if oracle.may_read(rep.id, c)}
    drafts = [c for c in oracle.cases if c.workflow == "proposal" and c.state in ("draft", "co_signing", "withdrawn")
              and c.created_by != rep.id and rep.id not in _ids(c.data.get("co_signers_invited"))]
    assert drafts and not listed & {c.id for c in drafts}


def test_an_anonymous_senders_name_reaches_no_one_but_the_union_office(demo):
    """Walk the anonymous demo request as every demo account: its page, its API read and the API's list name the
    sender to the union office and to the sender alone; the department it was routed to reads it without them."""
    env, settings = demo
    oracle = Oracle(env)
    [case] = [c for c in oracle.cases if c.workflow == "worker_request" and (c.data or {}).get("anonymous")]
    sender = services.get_user(env, case.created_by)
    app = create_app({"TESTING": True}, env=env, settings=settings)
    accounts = sorted({a["username"] for a in demo_accounts(settings)["accounts"]} | {sender.username})
    seen_by, read_by = [], []
    for username in accounts:
        user = services.find_user(env, username)
        client = app.test_client()
        token = re.search(r'name="csrf_token" value="([^"]+)"', client.get("/login").get_data(as_text=True))[1]
        client.post("/login", data={"username": username, "password": PASSWORD, "csrf_token": token})
        bearer = {"Authorization": f"Bearer {services.create_token(env, user.id, 'walk').secret}"}
        page = client.get(f"/cases/{case.id}")
        if page.status_code == 404:
            continue
        read_by.append(username)
        texts = [page.get_data(as_text=True), client.get(f"/api/v1/cases/{case.id}", headers=bearer).get_data(
            as_text=True), client.get("/api/v1/cases?workflow=worker_request", headers=bearer).get_data(as_text=True),
            client.get(f"/api/v1/cases/{case.id}/comments", headers=bearer).get_data(as_text=True)]
        if any(sender.display_name in t or f'"created_by": {sender.id}' in t.replace('":', '": ') for t in texts):
            seen_by.append(username)
    office = [u.username for u in services.list_users(env, role="union_office", organisation_id=case.organisation_id)]
    assert sorted(seen_by) == sorted([*office, sender.username])
    assert "zhengyaqin" in read_by  # the handler of the department it was routed to reads it, unnamed


def test_staff_read_a_suggestion_once_it_is_adopted_and_the_office_reads_them_all(demo):
    env, _ = demo
    oracle = Oracle(env)
    mine = [c for c in oracle.cases if c.workflow == "suggestion"]
    assert len({c.state for c in mine}) >= 5  # the walk above covered the suggestions at each of these steps
    staff = services.find_user(env, "liwenhua")  # a representative who sent none
    listed = services.search_cases(env, services.Actor(staff.id), workflow="suggestion", per_page=50).items
    assert {c.state for c in listed} == {"implementing", "implemented", "awarded"}
    office = services.find_user(env, "chenxiaomei")
    assert len(services.search_cases(env, services.Actor(office.id), workflow="suggestion", per_page=50).items) == len(
        mine)


def test_the_district_federation_reads_filed_agreements_and_never_a_draft_a_request_or_talks(demo):
    env, settings = demo
    oracle = Oracle(env)
    staff = services.find_user(env, "gumingyuan")
    listed = {c.id for c in services.search_cases(env, services.Actor(staff.id), per_page=200).items}
    by_id = {c.id: c for c in oracle.cases}
    assert listed == {c.id for c in oracle.cases if oracle.may_read(staff.id, c)}
    read = [by_id[i] for i in listed]
    assert not [c for c in read if c.workflow == "proposal" and c.state in ("draft", "co_signing", "withdrawn")]
    assert any(c.workflow == "worker_request" for c in oracle.cases)
    assert not [c for c in read if c.workflow == "worker_request"]  # a worker's request is the union's own
    filed = {"under_review", "awaiting_publication", "in_force", "implementation_check", "renewal_window", "expired"}
    bargaining = [c for c in oracle.cases if c.workflow == "bargaining"]
    assert {c.id for c in bargaining if c.state in filed} <= listed  # the filings register opens
    assert not {c.id for c in bargaining if c.state not in filed} & listed  # talks and unfiled agreements do not
    assert any(c.state == "filing" for c in bargaining)  # the demo's agreement signed and not filed
    app = create_app({"TESTING": True}, env=env, settings=settings)
    client = app.test_client()
    token = re.search(r'name="csrf_token" value="([^"]+)"', client.get("/login").get_data(as_text=True))[1]
    client.post("/login", data={"username": "gumingyuan", "password": PASSWORD, "csrf_token": token})
    page = client.get("/federation").get_data(as_text=True)
    for union_id in map(int, re.findall(r'href="/federation/unions/(\d+)', page)):
        detail = client.get(f"/federation/unions/{union_id}").get_data(as_text=True)
        assert {int(i) for i in re.findall(r'href="/cases/(\d+)"', detail)} <= listed  # links open only what it reads
