"""Hypothesis over the action forms the case pages show: for cases of every workflow in several states, as each
user who may act, every action's fields get text with NUL, lone surrogates, control characters, huge and unusual
Unicode, numbers far out of range, impossible dates. No answer is a 5xx, and a refused post leaves the case as it
was (state and version)."""

from __future__ import annotations

from datetime import date
from typing import Any
from urllib.parse import quote_plus

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from engine import services
from engine.services import Actor
from support.api import World, api_app, api_env
from support.web import PASSWORD, csrf

EXAMPLES = 250

NASTY_TEXT = ["\x00", "关于\x00提案", "\ud800", "a\udfffb", "\x1b[31m红", "\u202e反向", "x" * 100_000, "提" * 6000,
              "=cmd|' /C calc'!A0", "😀" * 50, "\r\n\t", " ", "\ufeff", "<script>alert(1)</script>",
              "'; DROP TABLE cases;--"]
NASTY_NUMBERS = ["99999999999999999999", "-99999999999999999999", "2147483648", "-2147483649", "1e10", "abc",
                 "١٢", " 7 ", "0", "-1", "\x00"]
NASTY_DATES = ["9999-12-31", "0001-01-01", "1899-12-31", "2201-01-01", "2026-02-30", "2026-13-01", "0000-00-00",
               "2026-12-23", "today", "\x00"]


def text_values():
    return st.one_of(st.sampled_from(NASTY_TEXT), st.text(max_size=200))


def number_values():
    return st.one_of(st.sampled_from(NASTY_NUMBERS), st.integers(-(2**70), 2**70).map(str))


def date_values():
    return st.one_of(st.sampled_from(NASTY_DATES),
                     st.dates(date(1, 1, 1), date(9999, 12, 31)).map(date.isoformat))


POOL = 4  # values of each kind drawn per example; a form's fields take them in turn


@st.composite
def pools(draw):
    """Values of every kind drawn up front, the same draws whatever the case's state (hypothesis replays an
    example by its draws, and the actions on offer change as the accepted posts move the cases on)."""
    return {"text": draw(st.lists(text_values(), min_size=POOL, max_size=POOL)),
            "number": draw(st.lists(number_values(), min_size=POOL, max_size=POOL)),
            "date": draw(st.lists(date_values(), min_size=POOL, max_size=POOL)),
            "pick": draw(st.lists(st.integers(0, 1000), min_size=POOL, max_size=POOL)),
            "size": draw(st.lists(st.integers(0, 3), min_size=POOL, max_size=POOL)),
            "on": draw(st.lists(st.booleans(), min_size=POOL, max_size=POOL))}


def values_for(field, i: int, pool) -> list[str]:
    """One field's posted values: wrong ones mostly, right ones now and then."""
    i %= POOL
    choices = [str(c) for c in field.choices]
    if field.kind in ("str", "text"):
        return [pool["text"][i]]
    if field.kind in ("int", "org", "user", "case"):
        return [pool["number"][i]]
    if field.kind in ("orgs", "users"):
        return pool["number"][:pool["size"][i]]
    if field.kind == "date":
        return [pool["date"][i]]
    if field.kind in ("choice", "choices"):
        if choices and pool["pick"][i] % 3:
            return [choices[pool["pick"][i] % len(choices)]]
        return pool["text"][:pool["size"][i]]
    return ["on"] if pool["on"][i] else []  # bool: present or not


def body(pairs: list[tuple[str, str]]) -> bytes:
    """A form body as a browser would send it, lone surrogates and all (encoded as their UTF-8-like bytes)."""
    return "&".join(f"{quote_plus(k)}={quote_plus(v.encode('utf-8', 'surrogatepass'))}" for k, v in pairs).encode()


@pytest.fixture
def env(db_url, clock, tmp_path):
    yield from api_env(db_url, clock, tmp_path)


@pytest.fixture
def world(env):
    """The API world (a proposal draft, a bargaining case in talks, a congress session) and proposals at each
    step of review, endorsement, assignment, handling and rating."""
    w = World(env)

    def act(who, case_id, trigger, form=None):
        view = services.case_view(env, Actor(who), case_id)
        services.fire(env, Actor(who), case_id, trigger, form, expected_version=view.version)

    def proposal(title, steps):
        case_id = services.start_case(env, Actor(w.rep1), "proposal", w.union, title,
                                      {"session_id": w.session, "category": "welfare", "reasons": "r",
                                       "measures": "m"}).case_id
        for who, trigger, form in steps:
            act(who, case_id, trigger, form)
        return case_id

    sent = [(w.rep1, "invite", {"co_signers_invited": [w.rep2, w.rep3]}), (w.rep2, "co_sign", None),
            (w.rep3, "co_sign", None)]
    accepted = [*sent, (w.committee, "accept", {"comment": "符合立案条件"})]
    endorsed = [*accepted, (w.leader, "endorse", {"instruction": "请抓紧办理"})]
    assigned = [*endorsed, (w.committee, "assign", {"lead_department": w.logistics, "due_date": "2026-12-23"})]
    answered = [*assigned, (w.logistics_handler, "answer", {"classification": "solved", "answer": "已办"})]
    w.cases = [w.proposal, w.bargain, proposal("邀请附议中", sent[:1]), proposal("待审查", sent),
               proposal("待批示", accepted), proposal("待交办", endorsed), proposal("办理中", assigned),
               proposal("待评价", answered)]
    w.cases += suggestions(env, w, act)
    return w


def suggestions(env, w, act) -> list[int]:
    """Suggestions awaiting routing, being assessed, being implemented and implemented."""
    form = {"field": "cost", "situation": "s", "proposal": "p", "expected_benefit": "b"}
    routed = [(w.office, "route", {"department": w.logistics})]
    adopted = [*routed, (w.logistics_handler, "adopt", {"outcome": "adopted", "assessment": "可行"})]
    done = [*adopted, (w.logistics_handler, "report_implementation",
                       {"implemented_on": "2026-11-23", "benefit_amount": 100, "implementation": "已实施"})]
    cases = []
    for steps in ([], routed, adopted, done):
        case_id = services.start_case(env, Actor(w.works_handler), "suggestion", w.union, "建议", form).case_id
        for who, trigger, values in steps:
            act(who, case_id, trigger, values)
        cases.append(case_id)
    return cases


@pytest.mark.parametrize("backend", ["sqlite"], indirect=True)
def test_no_action_form_input_makes_a_5xx_and_a_refused_one_changes_nothing(env, world, tmp_path):
    app = api_app(env, tmp_path)
    users = {u.id: u.username for u in services.list_users(env, limit=1000)}
    clients = {}
    actors_of: dict[tuple[int, int], list[tuple[int, Any]]] = {}

    def client_of(user_id):
        if user_id not in clients:
            client = app.test_client()
            token = csrf(client, "/login")
            client.post("/login", data={"username": users[user_id], "password": PASSWORD, "csrf_token": token})
            clients[user_id] = client
        return clients[user_id]

    def who_may_act(case_id):
        """(user, action) pairs for the case as it stands, computed once per version."""
        version = services.case_view(env, services.SYSTEM_ACTOR, case_id).version
        if (case_id, version) not in actors_of:
            pairs = []
            for user_id in users:
                try:
                    view = services.case_view(env, Actor(user_id), case_id)
                except (services.NotFound, services.PermissionDenied):
                    continue
                pairs += [(user_id, action) for action in view.actions]
            actors_of[(case_id, version)] = pairs
        return actors_of[(case_id, version)]

    covered, refused, done = set(), 0, 0

    @settings(max_examples=EXAMPLES, deadline=None, derandomize=True, database=None,
              suppress_health_check=list(HealthCheck))
    @given(st.integers(0, len(world.cases) - 1), st.integers(0, 1000), pools())
    def post(case_index, pair_index, pool):
        nonlocal refused, done
        case_id = world.cases[case_index]
        pairs = who_may_act(case_id)
        if not pairs:
            return
        user_id, action = pairs[pair_index % len(pairs)]
        before = services.case_view(env, services.SYSTEM_ACTOR, case_id)
        client = client_of(user_id)
        fields = [(f.name, v) for i, f in enumerate(action.fields) for v in values_for(f, i, pool)]
        token = csrf(client, f"/cases/{case_id}")
        response = client.post(f"/cases/{case_id}/act/{action.trigger}",
                               data=body([("csrf_token", token), ("expected_version", str(before.version)),
                                          *fields]), content_type="application/x-www-form-urlencoded")
        assert response.status_code < 500, (action.trigger, fields, response.get_data(as_text=True)[:500])
        covered.add((before.summary.workflow, action.trigger, case_id))
        after = services.case_view(env, services.SYSTEM_ACTOR, case_id)
        if response.status_code == 302:
            done += 1
        else:
            refused += 1
            assert (after.summary.state, after.version) == (before.summary.state, before.version)

    post()
    actions = {(w, t) for w, t, _c in covered}
    cases = {c for _w, _t, c in covered}
    print(f"action-form fuzz: {EXAMPLES} examples, {len(actions)} actions on {len(cases)} cases, "
          f"{refused} refused, {done} accepted, 0 5xx")
    assert len(actions) >= 10 and refused > done
