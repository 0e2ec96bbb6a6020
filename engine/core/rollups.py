"""Rollups: counts of a workflow's cases by group, kept up to date in each action's transaction, so that figures
over thousands of cases (a dashboard) read a few rows whatever the number of cases.

Each case has an entry per rollup: the group it is counted in now and the first times of the actions its keys
depend on. An action recomputes the group from the case's state, data and those times; when it changed, the case
leaves its old group's count and joins its new one. Counts are changed in a fixed order (rollup, organisation,
scope, group) so that two transactions never wait on each other's rows in opposite orders."""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from functools import cached_property
from typing import Any

import sqlalchemy as sa
from sqlalchemy import bindparam as p

from engine.core.env import Env
from engine.core.spec import Rollup, WorkflowSpec
from engine.store.database import Prepared, RawTransaction
from engine.store.models import Case, Event
from engine.store.rollup_tables import RollupCount, RollupEntry
from engine.store.statements import StatementSet
from engine.time.calendar import TZ

counts_table, entries_table = RollupCount.__table__, RollupEntry.__table__
cases, events = Case.__table__, Event.__table__
STATE, DATA, HAS, DAY, SPAN = "state", "data", "has", "day", "span"


def tenths(days: float) -> float:
    """Days to the nearest tenth (halves up), as every figure built on spans counts them."""
    return int(round(days * 10, 6) + 0.5) / 10


def triggers(rollup: Rollup) -> list[str]:
    """The actions whose first times the rollup's keys depend on."""
    found: list[str] = []
    for key in rollup.keys:
        kind, _, rest = key.partition(".")
        if kind in (HAS, DAY, SPAN):
            found += rest.split(".")
    return list(dict.fromkeys(found))


def _local_day(at: str) -> str:
    return datetime.fromisoformat(at).astimezone(TZ).date().isoformat()


def group(rollup: Rollup, state: str, data: dict[str, Any], firsts: dict[str, str]
          ) -> tuple[list[Any], float | None]:
    """The values of the rollup's keys for a case, and the exact days of its span key (None without one)."""
    values: list[Any] = []
    span: float | None = None
    for key in rollup.keys:
        kind, _, rest = key.partition(".")
        if key == STATE:
            values.append(state)
        elif kind == DATA:
            values.append(data.get(rest))
        elif kind == HAS:
            values.append(rest in firsts)
        elif kind == DAY:
            values.append(_local_day(firsts[rest]) if rest in firsts else None)
        else:
            start, end = rest.split(".")
            if start in firsts and end in firsts:
                span = (datetime.fromisoformat(firsts[end]) - datetime.fromisoformat(firsts[start])
                        ).total_seconds() / 86400
            values.append(tenths(span) if span is not None else None)
    return values, span


def _scope_value(rollup: Rollup, data: dict[str, Any]) -> str:
    value = data.get(rollup.scope) if rollup.scope else None
    return "" if value is None else str(value)


def _key(values: list[Any]) -> str:
    return json.dumps(values, ensure_ascii=False, separators=(",", ":"), default=str)


class RollupStatements(StatementSet):
    """The statements that keep rollups."""

    @cached_property
    def entries(self) -> Prepared:
        e = entries_table.c
        return self._prep(sa.select(e.rollup, e.organisation_id, e.scope_value, e.group_key, e.span, e.firsts)
                          .where(e.case_id == p("case_id")))

    @cached_property
    def insert_entry(self) -> Prepared:
        return self._prep(entries_table.insert().values(
            {n: p(n) for n in ("case_id", "rollup", "organisation_id", "scope_value", "group_key", "span",
                               "firsts")}))

    @cached_property
    def update_entry(self) -> Prepared:
        e = entries_table.c
        return self._prep(entries_table.update().where(e.case_id == p("case_id"), e.rollup == p("rollup")).values(
            {n: p(n) for n in ("organisation_id", "scope_value", "group_key", "span", "firsts")}))

    @cached_property
    def add(self) -> Prepared:
        """Add ``n`` cases (and ``t`` days) to a group's count, creating the group's row if it has none."""
        if self.db.sqlite:
            from sqlalchemy.dialects.sqlite import insert
        else:
            from sqlalchemy.dialects.postgresql import insert
        c = counts_table.c
        stmt = insert(counts_table).values(workflow=p("workflow"), rollup=p("rollup"), organisation_id=p("org"),
                                           scope_value=p("scope"), group_key=p("key"), count=p("n"), total=p("t"))
        return self._prep(stmt.on_conflict_do_update(
            index_elements=[c.workflow, c.rollup, c.organisation_id, c.scope_value, c.group_key],
            set_={"count": c.count + stmt.excluded.count, "total": c.total + stmt.excluded.total}))


@dataclass(frozen=True, slots=True)
class _Entry:
    org: int
    scope: str
    key: str
    span: float | None
    firsts: dict[str, str]


def write(tx: RawTransaction, env: Env, spec: WorkflowSpec, case: Any, fired: Sequence[tuple[str, datetime]],
          fresh: bool = False) -> None:
    """Count the case where its state, data and history put it now (in the action's transaction): ``fired`` are
    the actions this transaction appended, ``fresh`` says the case has no entries yet (it has just started)."""
    if not spec.rollups:
        return
    db, sql = env.db, RollupStatements.of(env.db)
    old: dict[str, _Entry] = {}
    if not fresh:
        old = {r: _Entry(org, scope, key, span, db.load_js(firsts))
               for r, org, scope, key, span, firsts in tx.all(sql.entries, {"case_id": case.id})}
    changes: list[tuple[str, int, str, str, int, float]] = []
    for rollup in spec.rollups:
        was = old.get(rollup.name)
        firsts = dict(was.firsts) if was else {}
        for trigger, at in fired:
            if trigger in triggers(rollup) and trigger not in firsts:
                firsts[trigger] = at.isoformat()
        values, span = group(rollup, case.state, case.data, firsts)
        now = _Entry(case.organisation_id, _scope_value(rollup, case.data), _key(values), span, firsts)
        if now == was:
            continue
        row = {"case_id": case.id, "rollup": rollup.name, "organisation_id": now.org, "scope_value": now.scope,
               "group_key": now.key, "span": now.span, "firsts": db.js(now.firsts)}
        tx.execute(sql.update_entry if was else sql.insert_entry, row)
        if was and (was.org, was.scope, was.key, was.span) == (now.org, now.scope, now.key, now.span):
            continue  # only a first time the group does not show changed
        if was:
            changes.append((rollup.name, was.org, was.scope, was.key, -1, -(was.span or 0.0)))
        changes.append((rollup.name, now.org, now.scope, now.key, 1, now.span or 0.0))
    for name, org, scope, key, n, t in sorted(changes):
        tx.execute(sql.add, {"workflow": spec.name, "rollup": name, "org": org, "scope": scope, "key": key,
                             "n": n, "t": t})


# -- reading ---------------------------------------------------------------------------------------------------
def find(spec: WorkflowSpec, keys: Iterable[str], scope_keys: Iterable[str]) -> Rollup | None:
    """A rollup of the workflow that holds every key asked for and is scoped by the data keys given (at most its
    own scope)."""
    wanted, scoped = set(keys), set(scope_keys)
    for rollup in spec.rollups:
        if wanted <= set(rollup.keys) and scoped <= ({rollup.scope} if rollup.scope else set()):
            return rollup
    return None


def decode(rollup: Rollup, key: str) -> dict[str, Any]:
    """A stored group key as the values of the rollup's keys (days as dates)."""
    found = {}
    for name, value in zip(rollup.keys, json.loads(key), strict=True):
        found[name] = date.fromisoformat(value) if name.startswith(DAY + ".") and value else value
    return found


def grouped(conn: sa.Connection, workflow: str, rollup: Rollup, organisation_id: int, scope_value: str | None
            ) -> list[tuple[dict[str, Any], int, float]]:
    """The groups of a rollup that hold cases, in an organisation (and one scope value, or all): their values,
    count and summed span days. A few rows per group, whatever the number of cases."""
    c = counts_table.c
    cond = [c.workflow == workflow, c.rollup == rollup.name, c.organisation_id == organisation_id]
    if scope_value is not None:
        cond.append(c.scope_value == scope_value)
    rows = conn.execute(sa.select(c.group_key, sa.func.sum(c.count), sa.func.sum(c.total)).where(*cond)
                        .group_by(c.group_key).having(sa.func.sum(c.count) > 0)).all()
    return [(decode(rollup, key), int(n), float(t or 0.0)) for key, n, t in rows]


# -- filling ---------------------------------------------------------------------------------------------------
def fill_missing(env: Env, batch: int = 500) -> int:
    """Count every case of a workflow with rollups that has no entry yet (cases a database held before the
    rollups were kept), a batch per transaction; return how many cases were counted."""
    known = {(e.spec.name, e.spec.version): e.spec for e in env.registry if e.spec.rollups}
    if not known:
        return 0
    c, e = cases.c, entries_table.c
    filled, last = 0, 0
    while True:
        with env.db.read() as conn:
            rows = conn.execute(
                sa.select(c.id, c.workflow, c.spec_version, c.organisation_id, c.state, c.data)
                .where(c.id > last, c.workflow.in_({w for w, _ in known}),
                       ~sa.exists().where(e.case_id == c.id)).order_by(c.id).limit(batch)).all()
            if not rows:
                return filled
            firsts = _first_times(conn, [r.id for r in rows])
        last = rows[-1].id
        with env.db.transaction() as tx:
            for row in rows:
                spec = known.get((row.workflow, row.spec_version))
                if spec is not None:
                    write(tx, env, spec, row, sorted(firsts.get(row.id, {}).items(), key=lambda f: f[1]),
                          fresh=True)
                    filled += 1


def _first_times(conn: sa.Connection, case_ids: list[int]) -> dict[int, dict[str, datetime]]:
    ev = events.c
    found: dict[int, dict[str, datetime]] = {}
    for case_id, trigger, at in conn.execute(
            sa.select(ev.case_id, ev.trigger, sa.func.min(ev.created_at)).where(ev.case_id.in_(case_ids))
            .group_by(ev.case_id, ev.trigger)):
        found.setdefault(case_id, {})[trigger] = at
    return found


def recount(env: Env) -> None:
    """Rebuild every count from the cases' entries (after entries were copied in bulk)."""
    e = entries_table.c
    groups = (cases.c.workflow, e.rollup, e.organisation_id, e.scope_value, e.group_key)
    with env.db.write() as conn:
        conn.execute(counts_table.delete())
        conn.execute(counts_table.insert().from_select(
            ["workflow", "rollup", "organisation_id", "scope_value", "group_key", "count", "total"],
            sa.select(*groups, sa.func.count(), sa.func.coalesce(sa.func.sum(e.span), 0.0))
            .select_from(entries_table.join(cases, cases.c.id == e.case_id)).group_by(*groups)))
