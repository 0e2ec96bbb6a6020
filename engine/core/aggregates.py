"""Figures over many cases, counted by the database: how many cases the actor may read fall in each group (a step,
a value in the case's data, the day of a first action), and the days between two actions (count, median, mean)
by group. Nothing here loads a case; a report turns the groups into its figures."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

import sqlalchemy as sa

from engine.core import rollups
from engine.core.context import Actor
from engine.core.env import Env
from engine.core.readers import readable_cases, reads_every
from engine.core.spec import Rollup
from engine.store import paths
from engine.store.models import Case, Event, Organisation, User
from engine.time.calendar import TZ

cases, events, users, orgs = Case.__table__, Event.__table__, User.__table__, Organisation.__table__
STATE, DATA, DAY, HAS, ORG, BY = "state", "data.", "day.", "has.", "org", "by."


@dataclass(frozen=True, slots=True)
class Scope:
    """Which cases are counted: a workflow's, in one organisation, with these values in their data, outside
    these states; always only those the actor may read."""

    workflow: str
    organisation_id: int | None = None
    data: tuple[tuple[str, Any], ...] = ()
    exclude_states: tuple[str, ...] = ()
    # The organisation and every one below it (by path), instead of one organisation.
    under: int | None = None
    states: tuple[str, ...] = ()  # only these states, when named
    # Text values of the data between two bounds, each inclusive or None (ISO dates compare as text).
    ranges: tuple[tuple[str, str | None, str | None], ...] = ()
    created: tuple[datetime, datetime] | None = None  # started from the first instant, before the second


@dataclass(frozen=True, slots=True)
class Days:
    """The days from one action to another over a group of cases: how many had both, the median and the mean."""

    count: int
    median: float | None
    mean: float | None


def _local_offset() -> timedelta:
    # The calendar's zone keeps one offset (China has had no daylight saving time since 1991).
    offset = datetime(2000, 1, 1, tzinfo=TZ).utcoffset()
    assert offset is not None
    return offset


def _day(env: Env, at: sa.ColumnElement[Any]) -> sa.ColumnElement[Any]:
    """The calendar day (Asia/Shanghai) of a stored UTC instant, as ``YYYY-MM-DD`` text."""
    if env.db.sqlite:
        return sa.func.date(at, f"+{int(_local_offset().total_seconds())} seconds")
    return sa.func.to_char(sa.func.timezone(TZ.key, at), "YYYY-MM-DD")


def _days_between(env: Env, start: sa.ColumnElement[Any], end: sa.ColumnElement[Any]) -> sa.ColumnElement[Any]:
    if env.db.sqlite:
        return sa.func.julianday(end) - sa.func.julianday(start)
    return sa.extract("epoch", end - start) / 86400.0


def _value(env: Env, key: str) -> sa.ColumnElement[Any]:
    """A value of the case's data as the database holds it (SQL NULL when the key is absent or null)."""
    if env.db.sqlite:
        return sa.func.json_extract(cases.c.data, f'$."{key}"')
    return sa.func.nullif(cases.c.data[key], sa.literal_column("'null'::jsonb"))


def _conditions(conn: sa.Connection, scope: Scope, actor: Actor) -> list[Any] | None:
    """The WHERE of the cases counted; None when the actor may read none."""
    c = cases.c
    cond: list[Any] = [c.workflow == scope.workflow]
    if scope.organisation_id is not None:
        cond.append(c.organisation_id == scope.organisation_id)
    if scope.exclude_states:
        cond.append(c.state.not_in(list(scope.exclude_states)))
    if scope.states:
        cond.append(c.state.in_(list(scope.states)))
    if scope.under is not None:
        path = conn.execute(sa.select(orgs.c.path).where(orgs.c.id == scope.under)).scalar()
        if path is None:
            return None
        cond.append(c.organisation_id.in_(sa.select(orgs.c.id).where(paths.below(orgs.c.path, path))))
    for key, low, high in scope.ranges:
        value = c.data[key].as_string()
        cond += [value.is_not(None), *([value >= low] if low is not None else []),
                 *([value <= high] if high is not None else [])]
    if scope.created is not None:
        cond += [c.created_at >= scope.created[0], c.created_at < scope.created[1]]
    for key, value in scope.data:
        cond.append(c.data[key].as_integer() == value if isinstance(value, int) else c.data[key].as_string() == value)
    if not actor.system:
        if actor.user_id is None:
            return None
        cond.append(c.id.in_(readable_cases(conn, actor.user_id)))
    return cond


def _triggers(keys: Sequence[str]) -> list[str]:
    return list(dict.fromkeys(k.split(".")[1] if k.startswith(BY) else k.split(".", 1)[1]
                              for k in keys if k.startswith((DAY, HAS, BY))))


def _by_keys(keys: Sequence[str]) -> list[str]:
    """The data keys ``by.<trigger>.<key>`` compares with: dates as text, read beside the data values."""
    return list(dict.fromkeys(k.split(".", 2)[2] for k in keys if k.startswith(BY)))


def _scoped(env: Env, cond: list[Any], data_keys: Sequence[str], triggers: Sequence[str],
            by_keys: Sequence[str] = ()) -> sa.Subquery:
    """The counted cases with the data values asked for (read once, narrow) and the time of each trigger's first
    event. SQLite joins each case to its own events through the (case, seq) index; PostgreSQL hashes the first
    times of those triggers' events of the counted cases and joins them."""
    c, e = cases.c, events.c
    narrow = sa.select(c.id, c.state, c.organisation_id.label("org"),
                       *[_value(env, k).label(f"d_{i}") for i, k in enumerate(data_keys)],
                       *[c.data[k].as_string().label(f"b_{i}") for i, k in enumerate(by_keys)]
                       ).where(*cond).subquery("narrow")
    if not triggers:
        return narrow
    firsts = [sa.func.min(sa.case((e.trigger == t, e.created_at))).label(f"t_{i}") for i, t in enumerate(triggers)]
    chosen = e.trigger.in_(list(triggers))
    if env.db.sqlite:
        return (sa.select(narrow, *firsts)
                .select_from(narrow.outerjoin(events, sa.and_(e.case_id == narrow.c.id, chosen)))
                .group_by(*narrow.c).subquery("counted"))
    # Only the counted cases' events: a city's federation counts one workflow's cases of its branch, not every event.
    times = (sa.select(e.case_id, *firsts).where(chosen, e.case_id.in_(sa.select(narrow.c.id)))
             .group_by(e.case_id).subquery("firsts"))
    return (sa.select(narrow, *[times.c[f"t_{i}"] for i in range(len(triggers))])
            .select_from(narrow.outerjoin(times, times.c.case_id == narrow.c.id)).subquery("counted"))


def _column(env: Env, key: str, data_keys: Sequence[str], triggers: Sequence[str], by_keys: Sequence[str] = ()
            ) -> Any:
    """How a group key is read from the counted cases."""
    if key == STATE:
        return lambda counted: counted.c.state
    if key == ORG:
        return lambda counted: counted.c.org
    if key.startswith(BY):  # the first such action fell on or before the day the data names; None if either lacks
        _, trigger, data_key = key.split(".", 2)

        def on_or_before(counted: sa.Subquery) -> Any:
            at, day = counted.c[f"t_{triggers.index(trigger)}"], counted.c[f"b_{by_keys.index(data_key)}"]
            return sa.case((sa.or_(at.is_(None), day.is_(None)), sa.null()),
                           else_=sa.case((_day(env, at) <= sa.func.substr(day, 1, 10), 1), else_=0))
        return on_or_before
    if key.startswith(DATA):
        return lambda counted: counted.c[f"d_{data_keys.index(key[len(DATA):])}"]
    if key.startswith(DAY):
        return lambda counted: _day(env, counted.c[f"t_{triggers.index(key[len(DAY):])}"])
    if key.startswith(HAS):
        return lambda counted: counted.c[f"t_{triggers.index(key[len(HAS):])}"].is_not(None)
    raise ValueError(f"unknown group key {key!r}")


def _rolled_up(conn: sa.Connection, env: Env, actor: Actor, scope: Scope, keys: Sequence[str]
               ) -> tuple[Rollup, list[tuple[dict[str, Any], int, float]]] | None:
    """The groups of a rollup that answers the question, when one does: it holds the keys and the scope, and the
    actor reads every case it counts (counts kept for everyone are shown only to who reads them all)."""
    if scope.organisation_id is None or scope.under is not None or scope.states or scope.ranges \
            or scope.created is not None or any(k == ORG or k.startswith(BY) for k in keys):
        return None
    spec = env.registry.latest(scope.workflow).spec
    wanted = [*keys, *([STATE] if scope.exclude_states else [])]
    rollup = rollups.find(spec, wanted, [k for k, _ in scope.data])
    if rollup is None:
        return None
    if not actor.system and (actor.user_id is None or not reads_every(
            conn, env, actor.user_id, scope.workflow, scope.organisation_id, scope.exclude_states)):
        return None
    value = str(scope.data[0][1]) if scope.data else None
    groups = rollups.grouped(conn, scope.workflow, rollup, scope.organisation_id, value)
    return rollup, [g for g in groups if g[0].get(STATE) not in scope.exclude_states]


def count_cases(env: Env, actor: Actor, scope: Scope, group_by: Sequence[str], *, from_rollups: bool = True
                ) -> list[dict[str, Any]]:
    """How many cases of the scope fall in each group: one row per group present, with each key of ``group_by``
    and ``count``. Keys: ``state``; ``data.<key>`` (the value in the case's data, None when absent);
    ``day.<trigger>`` (the calendar day of the case's first such action, a date, None when it never had one);
    ``has.<trigger>`` (whether it had one); ``org`` (the case's organisation); ``by.<trigger>.<key>`` (whether
    the first such action fell on or before the day in the data's ``key``, None when either is missing). Read
    from a rollup of the workflow when one holds these keys and the actor reads every case it counts (a few rows
    whatever the number of cases; ``from_rollups`` False counts the cases themselves), else counted by the
    database.
    """
    with env.db.read() as conn:
        rolled = _rolled_up(conn, env, actor, scope, group_by) if from_rollups else None
    if rolled is not None:
        summed: dict[tuple[Any, ...], int] = {}
        for values, n, _ in rolled[1]:
            key = tuple(values[k] for k in group_by)
            summed[key] = summed.get(key, 0) + n
        ordered = sorted(summed.items(), key=lambda kv: [(v is not None, str(v)) for v in kv[0]])
        return [{**dict(zip(group_by, key, strict=True)), "count": n} for key, n in ordered]
    data_keys = [k[len(DATA):] for k in group_by if k.startswith(DATA)]
    triggers, by_keys = _triggers(group_by), _by_keys(group_by)
    columns = [_column(env, key, data_keys, triggers, by_keys) for key in group_by]
    with env.db.read() as conn:
        cond = _conditions(conn, scope, actor)
        if cond is None:
            return []
        counted = _scoped(env, cond, data_keys, triggers, by_keys)
        labelled = [col(counted).label(f"g_{i}") for i, col in enumerate(columns)]
        rows = conn.execute(sa.select(*labelled, sa.func.count().label("n")).group_by(*labelled)).all()
    found = []
    for row in rows:
        values = {}
        for i, key in enumerate(group_by):
            value = row[i]
            if key.startswith(DAY) and isinstance(value, str):
                value = date.fromisoformat(value)
            elif key.startswith(HAS) or (key.startswith(BY) and value is not None):
                value = bool(value)
            values[key] = value
        found.append({**values, "count": row.n})
    return found


def days_between(env: Env, actor: Actor, scope: Scope, start: str, end: str, group_by: str | None = None, *,
                 from_rollups: bool = True) -> dict[Any, Days]:
    """The days from each case's first ``start`` action to its first ``end`` action, over the cases of the scope
    that had both: by the value of ``group_by`` (``state`` or ``data.<key>``; cases without one are left out) and
    in all (the key None)."""
    with env.db.read() as conn:
        rolled = _rolled_up(conn, env, actor, scope, [f"span.{start}.{end}", *([group_by] if group_by else [])]
                            ) if from_rollups else None
    if rolled is not None:
        return _spans_of(rolled[1], f"span.{start}.{end}", group_by)
    data_keys = [group_by[len(DATA):]] if group_by and group_by.startswith(DATA) else []
    with env.db.read() as conn:
        cond = _conditions(conn, scope, actor)
        if cond is None:
            return {None: Days(0, None, None)}
        rows = conn.execute(_middle(env, _scoped(env, cond, data_keys, [start, end]), group_by, data_keys)).all()
    found: dict[Any, list[Any]] = {}
    for level, g, n, mean, days in rows:
        entry = found.setdefault(None if level == 1 else g, [n, float(mean), []])
        entry[2].append(rollups.tenths(float(days)))  # as a rollup counts them
    result = {k: Days(n, sum(mid) / len(mid), mean) for k, (n, mean, mid) in found.items()}
    result.setdefault(None, Days(0, None, None))
    return result


def _middle(env: Env, counted: sa.Subquery, group_by: str | None, data_keys: Sequence[str]) -> sa.Select[Any]:
    """The middle one or two spans of each group (and of all), with the group's count and mean."""
    group: Any = (counted.c.d_0 if data_keys else counted.c.state if group_by == STATE else None)
    if group_by is not None and group is None:
        raise ValueError(f"unknown group key {group_by!r}")
    spans = sa.select((group if group is not None else sa.null()).label("g"),
                      _days_between(env, counted.c.t_0, counted.c.t_1).label("days")
                      ).where(counted.c.t_0.is_not(None), counted.c.t_1.is_not(None),
                              *([group.is_not(None)] if group is not None else [])).cte("spans")
    levels = [sa.select(sa.literal(0).label("level"), spans.c.g, spans.c.days)]
    if group is not None:
        levels.append(sa.select(sa.literal(1).label("level"), sa.null().label("g"), spans.c.days))
    both = sa.union_all(*levels).subquery("both")
    part = (both.c.level, both.c.g)
    ranked = sa.select(both.c.level, both.c.g, both.c.days,
                       sa.func.row_number().over(partition_by=part, order_by=both.c.days).label("rn"),
                       sa.func.count().over(partition_by=part).label("n"),
                       sa.func.avg(both.c.days).over(partition_by=part).label("mean")).subquery("ranked")
    return sa.select(ranked.c.level, ranked.c.g, ranked.c.n, ranked.c.mean, ranked.c.days).where(
        ranked.c.rn.in_([(ranked.c.n + 1) // 2, (ranked.c.n + 2) // 2]))


def _spans_of(groups: list[tuple[dict[str, Any], int, float]], span: str, group_by: str | None
              ) -> dict[Any, Days]:
    """``days_between`` from a rollup's groups: each span to the tenth of a day with its count, the days summed."""
    found: dict[Any, tuple[dict[float, int], list[float]]] = {}
    for values, n, total in groups:
        if values[span] is None or (group_by is not None and values[group_by] is None):
            continue
        for key in ([None, values[group_by]] if group_by is not None else [None]):
            spans, summed = found.setdefault(key, ({}, [0.0]))
            spans[values[span]] = spans.get(values[span], 0) + n
            summed[0] += total
    result = {key: _median_days(spans, summed[0]) for key, (spans, summed) in found.items()}
    result.setdefault(None, Days(0, None, None))
    return result


def _median_days(spans: dict[float, int], total: float) -> Days:
    n = sum(spans.values())
    middle, seen = [(n + 1) // 2, (n + 2) // 2], 0
    picked: list[float] = []
    for value in sorted(spans):
        before, seen = seen, seen + spans[value]
        picked += [value for position in middle if before < position <= seen]
    return Days(n, sum(picked) / len(picked), total / n)
