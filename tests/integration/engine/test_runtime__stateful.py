"""Random sequences of starts and triggers on SQLite and PostgreSQL keep cases, tasks, timers and history sound."""

from __future__ import annotations

import itertools
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from hypothesis import HealthCheck, event, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    Bundle,
    RuleBasedStateMachine,
    initialize,
    invariant,
    multiple,
    precondition,
    rule,
    run_state_machine_as_test,
)

from engine import services
from engine.core.context import SYSTEM_ACTOR, Actor
from engine.core.env import Env
from engine.core.registry import Registry
from engine.core.runtime import Outcome
from engine.core.spec import STARTER
from engine.store import audit
from engine.store.database import Database
from engine.store.models import Case, Event, Organisation, Task, Timer
from engine.time.clock import FixedClock
from support.db import START, People, fresh_url, snapshot
from support.flows import REQUEST

cases_t, events_t, tasks_t = Case.__table__, Event.__table__, Task.__table__
timers_t, orgs_t = Timer.__table__, Organisation.__table__

ACTORS = ("clerk", "clerk2", "reviewer", "head", "handler", "outsider", "system")
BOGUS = "self_destruct"
TRIGGERS = (*dict.fromkeys(t.trigger for t in REQUEST.transitions), BOGUS)
ORGS = ("federation", "union", "dept", "other_dept")
MISSING_ORG = 987_654
MISSING_CASE = 876_543
MAX_CASES = 4  # few cases per example, so that random steps take them far
ONWARD = {"submit", "escalate", "assign", "answer"}  # favoured by fire_something_sensible

# The oracle: what the request workflow allows, written out by hand rather than read from the spec.
# trigger -> (source states, destination, roles, organisation the roles are checked in)
GRAPH: dict[str, tuple[tuple[str, ...], str, tuple[str, ...], str]] = {
    "submit": (("draft",), "review", ("starter",), "case"),
    "edit": (("draft",), "draft", ("starter",), "case"),
    "approve": (("review", "escalated"), "approved", ("reviewer", "head"), "case"),
    "reject": (("review", "escalated"), "rejected", ("reviewer", "head"), "case"),
    "send_back": (("review",), "draft", ("reviewer",), "case"),
    "escalate": (("review",), "escalated", ("system",), "case"),
    "assign": (("review",), "handling", ("reviewer",), "case"),
    "answer": (("handling",), "answered", ("handler",), "department"),
    "accept": (("answered",), "closed", ("starter",), "case"),
    "reopen": (("answered",), "handling", ("starter",), "case"),
}
TEXT_FIELDS = {"edit": ("body", 2000), "approve": ("comment", None), "reject": ("reason", 500),
               "answer": ("answer", 1000)}  # trigger -> (its text field, max length)
REQUIRED_FIELDS = {"edit", "reject", "assign", "answer"}
# The roles each person of conftest.People holds, and the organisation tree.
HELD = {"clerk": {("clerk", "union")}, "clerk2": {("clerk", "union")}, "reviewer": {("reviewer", "union")},
        "head": {("head", "federation")}, "handler": {("handler", "dept")}, "outsider": set()}
PARENT = {"federation": None, "union": "federation", "dept": "union", "other_dept": "union"}

# Starting: mostly a clerk doing it right, sometimes anyone doing anything.
PROPER_START = st.tuples(st.sampled_from(("clerk", "clerk2")),
                         st.sampled_from(("union", "union", "dept", "other_dept")), st.just("ok"), st.just("full"))
ANY_START = st.tuples(st.sampled_from(ACTORS), st.sampled_from((*ORGS, "nowhere")),
                      st.sampled_from(("ok", "ok", "blank", "long")),
                      st.sampled_from(("full", "none", "junk", "too_long")))
HOURS = st.just(0) | st.integers(min_value=1, max_value=24 * 20)


def covers(held_org: str, target: str | None) -> bool:
    """A role held in an organisation reaches that organisation and every one below it."""
    while target is not None:
        if target == held_org:
            return True
        target = PARENT[target]
    return False


@dataclass
class ModelCase:
    state: str
    version: int
    starter: str
    org: str
    department: str | None = None


def test_random_actions_keep_cases_tasks_timers_and_history_consistent(backend: str, request: pytest.FixtureRequest,
                                                                       tmp_path: Path) -> None:
    numbering = itertools.count()

    class Actions(RuleBasedStateMachine):
        cases = Bundle("cases")

        def __init__(self) -> None:
            super().__init__()
            # The database outlives a hypothesis example (and history rows refuse DELETE on SQLite), so every
            # example gets a brand-new one: a copy of the migrated template, or the PostgreSQL schema truncated.
            folder = tmp_path / f"example-{next(numbering)}"
            folder.mkdir()
            registry = Registry()
            registry.register(REQUEST)
            self.clock = FixedClock(START)
            self.env = Env(Database(fresh_url(backend, request, folder)), registry, self.clock)
            self.people = People(self.env)
            self.org_ids = {name: getattr(self.people, name) for name in ORGS}
            self.model: dict[int, ModelCase] = {}

        def teardown(self) -> None:
            self.env.db.dispose()

        # -- helpers ---------------------------------------------------------------------------------------
        def actor(self, name: str) -> Actor:
            return SYSTEM_ACTOR if name == "system" else Actor(getattr(self.people, name))

        def may(self, who: str, roles: tuple[str, ...], org: str | None, case: ModelCase | None) -> bool:
            if who == "system":
                return "system" in roles
            if STARTER in roles and case is not None and case.starter == who:
                return True
            return any(role in roles and covers(held_org, org) for role, held_org in HELD[who])

        def attempt(self, expected: type[services.EngineError] | None,
                    action: Callable[[], Outcome]) -> Outcome | None:
            """Run an action; an engine error must be the one predicted and must change nothing.

            Any other exception propagates and fails the test.
            """
            before = snapshot(self.env) if expected is not None else None
            try:
                outcome = action()
            except services.EngineError as err:
                assert type(err) is expected, f"expected {expected and expected.__name__}, got {err!r}"
                assert snapshot(self.env) == before, f"{err!r} left changes behind"
                return None
            assert expected is None, f"expected {expected.__name__}, but it succeeded with {outcome}"
            return outcome

        def form_for(self, trigger: str, shape: str, department: str,
                     priority: str | None) -> tuple[dict[str, Any] | None, bool]:
            """A form for ``trigger`` and whether it is valid."""
            if shape == "none":
                return None, trigger not in REQUIRED_FIELDS
            form: dict[str, Any] = {}
            valid = True
            if trigger in TEXT_FIELDS:
                name, max_length = TEXT_FIELDS[trigger]
                if shape == "too_long":
                    form[name] = "长" * ((max_length or 3000) + 1)
                    valid = max_length is None
                else:
                    form[name] = "已办理"
            elif trigger == "assign":
                if department == "missing":
                    valid = False
                else:  # an existing organisation, or one that does not exist
                    form["department"] = self.org_ids.get(department, MISSING_ORG)
                    valid = department in self.org_ids
                if priority is not None:
                    form["priority"] = priority
                    valid = valid and priority != "urgent"
            if shape == "junk":
                form["junk"] = 1
                valid = False
            return form, valid

        def act(self, case_id: int, who: str, trigger: str, form: dict[str, Any] | None, valid: bool,
                expected_version: int | None, department: str, hours: int) -> None:
            """Fire a trigger, predicting its outcome from the model and keeping the model in step."""
            if hours:
                self.clock.advance(hours=hours)
            case = self.model[case_id]
            edge = GRAPH.get(trigger)
            expected: type[services.EngineError] | None = None
            if expected_version is not None and expected_version != case.version:
                expected = services.Conflict
            elif edge is None or case.state not in edge[0]:
                expected = services.TransitionNotAllowed
            elif not self.may(who, edge[2], case.department if edge[3] == "department" else case.org, case):
                expected = services.PermissionDenied
            elif not valid:
                expected = services.ValidationFailed
            event(f"{trigger}: {expected.__name__ if expected else 'done'}")
            outcome = self.attempt(expected, lambda: services.fire(self.env, self.actor(who), case_id, trigger, form,
                                                                   expected_version=expected_version))
            if outcome is not None:
                assert edge is not None
                case.state, case.version = edge[1], case.version + 1
                if trigger == "assign":
                    case.department = department
                assert (outcome.case_id, outcome.state, outcome.version) == (case_id, case.state, case.version)

        # -- rules -----------------------------------------------------------------------------------------
        @initialize(target=cases, how=PROPER_START)
        def start_a_first_case(self, how: tuple[str, str, str, str]) -> Any:
            return self.start_case(how)

        @precondition(lambda self: len(self.model) < MAX_CASES)
        @rule(target=cases, how=PROPER_START | ANY_START)
        def start_case(self, how: tuple[str, str, str, str]) -> Any:
            who, org, title, shape = how
            form = {"full": {"body": "职工反映的问题"}, "none": None, "junk": {"body": "b", "junk": 1},
                    "too_long": {"body": "长" * 2001}}[shape]
            # The organisation is looked up first, then the right to start there, then title and form together.
            expected: type[services.EngineError] | None = None
            if org == "nowhere":
                expected = services.NotFound
            elif not self.may(who, ("clerk",), org, None):
                expected = services.PermissionDenied
            elif title != "ok" or shape != "full":
                expected = services.ValidationFailed
            event(f"start: {expected.__name__ if expected else 'done'}")
            text = {"ok": "夜班供餐", "blank": "   ", "long": "题" * 301}[title]
            outcome = self.attempt(expected, lambda: services.start_case(
                self.env, self.actor(who), "request", self.org_ids.get(org, MISSING_ORG), text, form))
            if outcome is None:
                return multiple()
            assert (outcome.state, outcome.version) == ("draft", 1)
            self.model[outcome.case_id] = ModelCase("draft", 1, who, org)
            return outcome.case_id

        @rule(case_id=cases, who=st.sampled_from(ACTORS), trigger=st.sampled_from(TRIGGERS),
              shape=st.sampled_from(("full", "full", "none", "junk", "too_long")),
              department=st.sampled_from(("dept", "dept", "other_dept", "union", "nowhere", "missing")),
              priority=st.sampled_from((None, "low", "high", "urgent")),
              seen=st.sampled_from(("none", "current", "current", "stale", "ahead")), hours=HOURS,
              missing=st.sampled_from((False,) * 9 + (True,)))
        def fire_anything(self, case_id: int, who: str, trigger: str, shape: str, department: str,
                          priority: str | None, seen: str, hours: int, missing: bool) -> None:
            """Anyone fires any trigger with any form, having seen the current, no, or a wrong version."""
            version = self.model[case_id].version
            form, valid = self.form_for(trigger, shape, department, priority)
            expected_version = {"none": None, "current": version, "stale": version - 1, "ahead": version + 1}[seen]
            if missing:  # a case that does not exist: refused before anything else is looked at
                self.attempt(services.NotFound, lambda: services.fire(
                    self.env, self.actor(who), MISSING_CASE, trigger, form, expected_version=expected_version))
                return
            self.act(case_id, who, trigger, form, valid, expected_version, department, hours)

        @rule(case_id=cases, data=st.data(), department=st.sampled_from(("dept", "dept", "other_dept", "union")),
              priority=st.sampled_from((None, "low", "high")), versioned=st.booleans(), hours=HOURS)
        def fire_something_sensible(self, case_id: int, data: st.DataObject, department: str,
                                    priority: str | None, versioned: bool, hours: int) -> None:
            """Someone entitled fires a trigger open from the case's state, with a valid form: cases get far."""
            case = self.model[case_id]
            options = []
            for trigger, (sources, _dest, roles, scope) in GRAPH.items():
                if case.state in sources:
                    org = case.department if scope == "department" else case.org
                    weight = 6 if trigger in ONWARD else 1
                    options += [(trigger, who) for who in ACTORS if self.may(who, roles, org, case)] * weight
            if not options:  # a finished case, or one assigned where no one can answer
                options = [(BOGUS, case.starter)]
            trigger, who = data.draw(st.sampled_from(options), label="trigger, actor")
            form, valid = self.form_for(trigger, "full", department, priority)
            self.act(case_id, who, trigger, form, valid, case.version if versioned else None, department, hours)

        # -- invariants, checked with plain SQL -------------------------------------------------------------
        def read(self, statement: sa.Select) -> list[sa.Row]:
            with self.env.db.engine.connect() as conn:
                return list(conn.execute(statement))

        @invariant()
        def history_chains_verify(self) -> None:
            assert list(audit.verify(self.env.db)) == []

        @invariant()
        def cases_agree_with_the_model(self) -> None:
            rows = self.read(sa.select(cases_t.c.id, cases_t.c.state, cases_t.c.version, cases_t.c.created_by,
                                       cases_t.c.organisation_id, cases_t.c.spec_version, cases_t.c.data))
            found = {r.id: (r.state, r.version, r.created_by, r.organisation_id, r.spec_version,
                            r.data.get("department")) for r in rows}
            assert found == {i: (c.state, c.version, getattr(self.people, c.starter), self.org_ids[c.org], 1,
                                 self.org_ids.get(c.department or "")) for i, c in self.model.items()}

        @invariant()
        def a_case_version_counts_its_history(self) -> None:
            counts = dict(self.read(sa.select(events_t.c.case_id, sa.func.count()).group_by(events_t.c.case_id)))
            versions = dict(self.read(sa.select(cases_t.c.id, cases_t.c.version)))
            assert counts == versions

        @invariant()
        def open_tasks_are_those_of_the_current_state(self) -> None:
            parents = dict(self.read(sa.select(orgs_t.c.id, orgs_t.c.parent_id)))
            open_tasks: dict[int, Counter[tuple[Any, ...]]] = {}
            for r in self.read(sa.select(tasks_t.c.case_id, tasks_t.c.state, tasks_t.c.role,
                                         tasks_t.c.organisation_id, tasks_t.c.user_id)
                               .where(tasks_t.c.status == "open")):
                open_tasks.setdefault(r.case_id, Counter())[(r.state, r.role, r.organisation_id, r.user_id)] += 1
            for case in self.read(sa.select(cases_t)):
                wanted: Counter[tuple[Any, ...]] = Counter()
                for task in REQUEST.state(case.state).tasks:
                    if task.role == STARTER:
                        wanted[(case.state, None, None, case.created_by)] += 1
                        continue
                    if task.org == "case":
                        org = case.organisation_id
                    elif task.org == "parent":
                        org = parents[case.organisation_id] or case.organisation_id
                    else:
                        org = case.data[task.org.removeprefix("data:")]
                    wanted[(case.state, task.role, org, None)] += 1
                assert open_tasks.pop(case.id, Counter()) == wanted, f"case {case.id} in {case.state}"
            assert open_tasks == {}, "open tasks of no case"

        @invariant()
        def pending_timers_belong_to_the_current_state(self) -> None:
            states = dict(self.read(sa.select(cases_t.c.id, cases_t.c.state)))
            pending = self.read(sa.select(timers_t.c.case_id, timers_t.c.state, timers_t.c.kind)
                                .where(timers_t.c.status == "pending"))
            assert [(r.case_id, r.state) for r in pending if r.state != states[r.case_id]] == []
            # Nothing fires timers here, so the state a case is in has each of its deadlines pending once.
            deadlines = Counter(r.case_id for r in pending if r.kind == "deadline")
            assert deadlines == Counter({case_id: len(REQUEST.state(state).timers)
                                         for case_id, state in states.items() if REQUEST.state(state).timers})

    run_state_machine_as_test(Actions, settings=settings(
        max_examples=25, stateful_step_count=25, deadline=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow]))
