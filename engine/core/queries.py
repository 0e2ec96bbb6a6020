"""Reading what an actor may see: a case page, the inbox, search and batches for exports, and the lookups
pages need (labels, versions, diagrams, names, who holds a role)."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import replace
from datetime import date
from typing import Any

import sqlalchemy as sa

from engine.core import anonymity, counted, runtime, terms
from engine.core import inbox as inbox_reads
from engine.core.comments import COMMENT
from engine.core.context import Actor
from engine.core.env import Env
from engine.core.errors import (
    NotFound,
    ValidationFailed,
)
from engine.core.i18n import Label
from engine.core.readers import readable, readable_by
from engine.core.recorded import fields_for
from engine.core.spec import Period
from engine.core.versions import MIGRATE
from engine.core.views import ActionView, CaseSummary, CaseView, EventView, Page, TaskView, WorkflowInfo
from engine.identity import directory, roles
from engine.identity.roles import member
from engine.output.diagrams import draw
from engine.store import paths
from engine.store.models import KEYS, Case, Event, Membership, Organisation, Task, Timer, User

cases, events, tasks, timers = Case.__table__, Event.__table__, Task.__table__, Timer.__table__
orgs, users, memberships = Organisation.__table__, User.__table__, Membership.__table__
MAX_PER_PAGE = 200


# -- who sees what -------------------------------------------------------------------------------------------
def _active(conn: sa.Connection, user_id: int) -> bool:
    return bool(conn.execute(sa.select(users.c.is_active).where(users.c.id == user_id)).scalar())


def _summary(env: Env, row: Any, conceal: anonymity.Concealer | None = None) -> CaseSummary:
    """The case's summary; its starter left out when they stay unnamed to this reader (to anyone when
    ``conceal`` is None)."""
    state = env.registry.get(row.workflow, row.spec_version).spec.state(row.state)
    found = CaseSummary(row.id, row.workflow, row.spec_version, row.organisation_id, row.state, state.label,
                        row.version, row.title, row.created_by, row.updated_at, row.state_since, row.follows_id,
                        row.data, state.final, row.created_at)
    return (conceal or anonymity.Concealer(env, None, None)).summary(found)


def _paging(page: int, per_page: int) -> tuple[int, int]:
    if page < 1 or not 1 <= per_page <= MAX_PER_PAGE:
        raise ValidationFailed({"page": [Label(f"页码从 1 开始，每页 1 至 {MAX_PER_PAGE} 条。",
                                               f"Pages start at 1 with 1 to {MAX_PER_PAGE} per page.")]})
    return page, per_page


def case_view(env: Env, actor: Actor, case_id: int) -> CaseView:
    """A case as ``actor`` may see it: state, data, history, open tasks and the actions open to them.

    Only its readers see it (``engine.core.readers``: whom its workflow names for its step, stored beside the
    case by each action); to anyone else it does not exist (NotFound, a 404), so an outsider cannot learn
    which cases there are.
    """
    with env.db.read() as conn:
        found = sa.select(cases).where(cases.c.id == case_id)
        if not actor.system:
            if actor.user_id is None:
                raise NotFound("case", case_id)
            found = found.where(readable(actor.user_id, cases.c.id))
        row = conn.execute(found).first()
        if row is None:
            raise NotFound("case", case_id)
        spec = env.registry.get(row.workflow, row.spec_version).spec
        conceal = anonymity.Concealer(env, conn, actor)
        hidden = row.created_by if conceal.hides(row.workflow, row.spec_version, row.organisation_id,
                                                 row.created_by, row.data) else None
        history = [
            EventView(e.seq, e.trigger, e.from_state, e.to_state, e.actor_id, e.display_name, e.payload,
                      e.created_at)
            for e in conn.execute(
                sa.select(events, users.c.display_name).select_from(
                    events.outerjoin(users, users.c.id == events.c.actor_id))
                .where(events.c.case_id == case_id, events.c.trigger != COMMENT).order_by(events.c.seq))]
        history = anonymity.events(history, hidden)
        now = env.clock.now()
        open_tasks = [
            inbox_reads.task_view(env, r, now) for r in conn.execute(
                sa.select(*inbox_reads.task_columns()).join(cases, cases.c.id == tasks.c.case_id)
                .where(tasks.c.case_id == case_id, tasks.c.status == "open").order_by(tasks.c.id))]
        open_tasks = anonymity.tasks(open_tasks, hidden)
        case = runtime.CaseState(row.id, row.workflow, row.spec_version, row.organisation_id, row.state,
                             row.version, row.data, row.created_by, row.head_hash)
        allowed = set(runtime.allowed_triggers(env.db.raw(conn), env, actor, spec, case))
        actions = [ActionView(t.trigger, t.label, fields_for(t.fields, row.data), t.accepts_files,
                              t.confirm)
                   for t in spec.transitions_from(row.state) if t.trigger in allowed]
        summary = _summary(env, row, conceal)
    return CaseView(summary, row.data, spec.state(row.state).final, history, open_tasks, actions,
                    directory.list_files(env, case_id))


def _user_ids(value: Any) -> list[Any]:
    return value if isinstance(value, list) else [value]


def describe(env: Env, workflow: str, version: int | None = None) -> WorkflowInfo:
    """Labels of a workflow version's states, actions and fields (the newest version by default)."""
    spec = (env.registry.latest(workflow) if version is None else env.registry.get(workflow, version)).spec
    fields: dict[str, Any] = {}
    for f in (*spec.start.fields, *(f for t in spec.transitions for f in t.fields)):
        fields.setdefault(f.name, f)
    triggers = {"start": Label("发起", "Started"), MIGRATE: Label("迁移到新版本", "Moved to a new version"),
                counted.MOVED: Label("按当年放假安排重算期限", "Deadline counted again on the year's holiday notice")
                } | {t.trigger: t.label for t in spec.transitions}
    return WorkflowInfo(spec.name, spec.version, spec.label, {s.name: s.label for s in spec.states},
                        tuple(s.name for s in spec.states if s.final), triggers, fields, spec.start.fields,
                        spec.start.accepts_files, dict(spec.roles), spec.initial)


def workflow_versions(env: Env, workflow: str) -> list[int]:
    """The registered versions of a workflow, oldest first; NotFound when there is none."""
    versions = sorted(entry.spec.version for entry in env.registry if entry.spec.name == workflow)
    if not versions:
        raise NotFound("workflow", workflow)
    return versions


def workflow_diagram(env: Env, workflow: str, version: int | None = None, lang: str = "zh") -> str:
    """How a workflow version (the newest by default) runs, as SVG: its states and actions labelled in ``lang``,
    drawn once per version and language; DiagramUnavailable when Graphviz's ``dot`` is missing."""
    spec = (env.registry.latest(workflow) if version is None else env.registry.get(workflow, version)).spec
    return draw(spec, lang)


def last_day_of_period(env: Env, days: int) -> date:
    """The last day of a period of ``days`` calendar days starting tomorrow, moved off rest days and holidays
    (the default handling deadline a form proposes)."""
    return env.calendar.due(env.clock.now(), Period(days, "days")).last_day


def holds_role(env: Env, user_id: int, role: str, organisation_id: int) -> bool:
    """Whether an active user holds ``role`` in the organisation or one above it: the rule every check uses."""
    with env.db.read() as conn:
        return roles.holds_any(conn, user_id, organisation_id, (role,))


def unions_of(env: Env, user_id: int, wanted: Sequence[str] | None = None, *, below: bool = True) -> list[int]:
    """The unions where the user holds one of ``wanted`` roles (any if None), at the union, above it or, when
    ``below``, in one of its departments."""
    with env.db.read() as conn:
        return roles.unions_where(conn, user_id, None if wanted is None else tuple(wanted), below=below)


def user_names(env: Env, user_ids: Sequence[int]) -> dict[int, str]:
    """Display names for a page's user ids, in one query."""
    if not user_ids:
        return {}
    with env.db.read() as conn:
        return dict(conn.execute(sa.select(users.c.id, users.c.display_name)
                                 .where(users.c.id.in_(sorted(set(user_ids))))).all())


def followed_case(env: Env, actor: Actor, case_id: int) -> CaseSummary | None:
    """The case this one follows (it was merged into that one), for whoever may see this one: its readers are
    shown where it went. None when it follows none."""
    view = case_view(env, actor, case_id)  # NotFound / PermissionDenied as for the case itself
    if view.summary.follows_id is None:
        return None
    with env.db.read() as conn:
        row = conn.execute(sa.select(cases).where(cases.c.id == view.summary.follows_id)).first()
        return None if row is None else _summary(env, row, anonymity.Concealer(env, conn, actor))


def is_member(env: Env, user_id: int | None, organisation_id: int) -> bool:
    """The user is active and holds some role in the organisation, above it or below it."""
    if user_id is None:
        return False
    with env.db.read() as conn:
        return _active(conn, user_id) and bool(conn.execute(
            sa.select(member(user_id, sa.literal(organisation_id)))).scalar())


def followers(env: Env, case_id: int) -> list[CaseSummary]:
    """The cases that follow this one (cases merged into it)."""
    with env.db.read() as conn:
        return [_summary(env, r) for r in conn.execute(
            sa.select(cases).where(cases.c.follows_id == case_id).order_by(cases.c.id))]


def get_file(env: Env, actor: Actor, attachment_id: int) -> tuple[directory.FileView, bytes]:
    """A file, for whoever may see its case."""
    info, content = directory.file_content(env, attachment_id)
    case_view(env, actor, info.case_id)  # NotFound for those who may not read its case
    return info, content


def inbox(env: Env, user_id: int, page: int = 1, per_page: int = 20, *, state: str | None = None,
          organisation_id: int | None = None, workflow: str | None = None) -> Page[TaskView]:
    """Open tasks addressed to the user or to a role they hold where the task is; oldest due first.

    Filters: the step (``state``), the organisation a task is addressed to, the workflow. Counted up to
    ``COUNT_CAP``: ``Page.exact`` says whether the total is all of them.
    """
    page, per_page = _paging(page, per_page)
    return inbox_reads.inbox(env, user_id, page, per_page, state=state, organisation_id=organisation_id,
                             workflow=workflow)


def _key_place(env: Env, workflow: str | None, key: str) -> int | None:
    """The key column (0-based) holding a data key when every version of the workflow indexes it there."""
    places = {e.spec.indexed.index(key) if key in e.spec.indexed else None
              for e in env.registry if e.spec.name == workflow}
    return places.pop() if len(places) == 1 else None


def _data_filter(env: Env, workflow: str | None, key: str, value: Any) -> sa.ColumnElement[bool]:
    """A data value compared on the case's key column when every version of the workflow indexes the key in
    the same place, on the JSON document otherwise."""
    c = cases.c
    if (place := _key_place(env, workflow, key)) is not None:
        return getattr(c, KEYS[place]) == str(value)
    return c.data[key].as_integer() == value if isinstance(value, int) else c.data[key].as_string() == value


def _narrow(conn: sa.Connection, env: Env, workflow: str | None, text: str, text_keys: Sequence[str],
            data: dict[str, Any]) -> list[int] | None:
    """The few cases the search terms leave, when every version searched indexes the texts asked for."""
    if any(not set(text_keys) <= set(e.spec.searchable) for e in env.registry if workflow in (None, e.spec.name)):
        return None
    keys = [terms.key_term(workflow, place + 1, str(value)) for key, value in data.items()
            if workflow is not None and isinstance(value, str | int) and not isinstance(value, bool)
            and (place := _key_place(env, workflow, key)) is not None]
    return terms.narrow(conn, text, keys)


def _matching(env: Env, conn: sa.Connection, cond: list[Any], oldest_first: bool, page: int, per_page: int
              ) -> Page[CaseSummary]:
    """A page of the few cases the search terms left, every one of them checked and counted (at most
    ``terms.FEW``), in the list's order."""
    c = cases.c
    found = conn.execute(sa.select(c.id, c.state_since, c.updated_at).where(*cond)).all()
    if oldest_first:
        found.sort(key=lambda r: (r.state_since, r.id))
    else:
        found.sort(key=lambda r: (r.updated_at, r.id), reverse=True)
    shown = [r.id for r in found[(page - 1) * per_page:page * per_page]]
    rows = {r.id: r for r in conn.execute(sa.select(cases).where(c.id.in_(shown)))} if shown else {}
    return Page([_summary(env, rows[i]) for i in shown], page, per_page, len(found), True)


def search_cases(env: Env, actor: Actor, *, workflow: str | None = None, state: str | Sequence[str] | None = None,
                 organisation_id: int | None = None, text: str = "", data: dict[str, Any] | None = None,
                 started_by: int | None = None, open_only: bool = False, oldest_first: bool = False,
                 text_keys: Sequence[str] = (), overdue: bool = False, under: int | None = None,
                 page: int = 1, per_page: int = 20) -> Page[CaseSummary]:
    """Cases the actor may read, newest change first, filtered by workflow, state(s), organisation, words in
    the title (or in the data's ``text_keys`` too), values in the case's data, starter, ``under`` (an organisation
    and those below it, by path), and ``overdue``: with an
    open task past its due time (one look-up per case on the tasks' case index).

    Read in an index's order (the latest change, or the longest waiting, by workflow and organisation), and
    counted up to ``COUNT_CAP``: ``Page.exact`` says whether the total is all of them."""
    page, per_page = _paging(page, per_page)
    c = cases.c
    cond: list[Any] = []
    if workflow is not None:
        cond.append(c.workflow == workflow)
    if isinstance(state, str):
        cond.append(c.state == state)
    elif state is not None:
        cond.append(c.state.in_(list(state)))
    if organisation_id is not None:
        cond.append(c.organisation_id == organisation_id)
    if under is not None:
        o = Organisation.__table__.c
        prefix = sa.select(o.path).where(o.id == under).scalar_subquery()
        cond.append(c.organisation_id.in_(sa.select(o.id).where(paths.below(o.path, prefix))))
    text = text.strip()
    if text:
        like = f"%{text}%"
        cond.append(sa.or_(c.title.ilike(like), *[c.data[key].as_string().ilike(like) for key in text_keys]))
    if overdue:
        t = tasks.c
        cond.append(sa.exists().where(t.case_id == c.id, t.status == "open", t.due_at.is_not(None),
                                      t.due_at < env.clock.now()))
    if started_by is not None:
        cond.append(c.created_by == started_by)
    versions = [e.spec for e in env.registry if e.spec.name == workflow]
    if open_only and versions:  # each version's own final states: versions live side by side
        cond.append(sa.or_(*[sa.and_(c.spec_version == v.version, c.state.not_in([s.name for s in v.states if s.final]))
                             for v in versions]))
    for key, value in (data or {}).items():
        cond.append(_data_filter(env, workflow, key, value))
    with env.db.read() as conn:
        if not actor.system:
            if actor.user_id is None or not _active(conn, actor.user_id):
                return Page([], page, per_page, 0)
            cond.append(readable_by(conn, actor.user_id, c.id))
        few = _narrow(conn, env, workflow, text, text_keys, data or {}) if text else None
        if few is not None:  # few cases hold the words (and the key values): check just those
            return _matching(env, conn, [c.id.in_(few), *cond], oldest_first, page, per_page)
        # Words many cases hold: the list is read in its order, and counted only to the page shown and one more
        # (is there a next page?), so a common word does not make it read thousands of cases to say how many.
        limit = page * per_page + 1 if text else inbox_reads.count_limit(page, per_page)
        counted = conn.execute(sa.select(sa.func.count()).select_from(
            sa.select(c.id).where(*cond).limit(limit).subquery())).scalar_one()
        order = (c.state_since, c.id) if oldest_first else (c.updated_at.desc(), c.id.desc())
        rows = conn.execute(sa.select(cases).where(*cond).order_by(*order)
                            .limit(per_page).offset((page - 1) * per_page)).all()
        total, exact = (counted, True) if counted < limit else (limit - 1, False)
        conceal = anonymity.Concealer(env, conn, actor)
        return Page([_summary(env, r, conceal) for r in rows], page, per_page, total, exact)


def count_batches(env: Env, actor: Actor, *, workflow: str, organisation_id: int | None = None,
                  data: dict[str, Any] | None = None, exclude_states: Sequence[str] = ()) -> int:
    """How many cases ``case_batches`` would read with the same filters, in one query (how big an export will
    be before it is written)."""
    c = cases.c
    cond: list[Any] = [c.workflow == workflow]
    if organisation_id is not None:
        cond.append(c.organisation_id == organisation_id)
    if exclude_states:
        cond.append(c.state.not_in(list(exclude_states)))
    cond += [_data_filter(env, workflow, key, value) for key, value in (data or {}).items()]
    with env.db.read() as conn:
        if not actor.system:
            if actor.user_id is None:
                return 0
            cond.append(readable_by(conn, actor.user_id, c.id))
        return conn.execute(sa.select(sa.func.count()).select_from(cases).where(*cond)).scalar_one()


def case_batches(env: Env, actor: Actor, *, workflow: str, organisation_id: int | None = None,
                 data: dict[str, Any] | None = None, exclude_states: Sequence[str] = (), batch: int = 500,
                 states: Sequence[str] = (), under: int | None = None) -> Iterator[list[CaseSummary]]:
    """Every case of a workflow the actor may see, oldest first, in batches (exports of any size read one batch
    at a time); only in ``states`` when named, only in the organisations at or below ``under`` when given."""
    c = cases.c
    cond: list[Any] = [c.workflow == workflow]
    if organisation_id is not None:
        cond.append(c.organisation_id == organisation_id)
    if exclude_states:
        cond.append(c.state.not_in(list(exclude_states)))
    if states:
        cond.append(c.state.in_(list(states)))
    if under is not None:
        o = Organisation.__table__.c
        prefix = sa.select(o.path).where(o.id == under).scalar_subquery()
        cond.append(c.organisation_id.in_(sa.select(o.id).where(paths.below(o.path, prefix))))
    for key, value in (data or {}).items():
        cond.append(_data_filter(env, workflow, key, value))
    if not actor.system:
        if actor.user_id is None:
            return
        cond.append(readable(actor.user_id, c.id))
    last = 0
    while True:
        with env.db.read() as conn:
            rows = conn.execute(sa.select(cases).where(*cond, c.id > last).order_by(c.id).limit(batch)).all()
            conceal = anonymity.Concealer(env, conn, actor)
            found = [_summary(env, row, conceal) for row in rows]
        if not rows:
            return
        last = rows[-1].id
        del rows
        yield found


def first_times(env: Env, case_ids: Sequence[int], triggers: Sequence[str]) -> dict[int, dict[str, Any]]:
    """When each case first had each of these actions: case id → trigger → time (in one query, one row a case:
    a register of thousands of cases reads its times batch by batch)."""
    e = events.c
    found: dict[int, dict[str, Any]] = {i: {} for i in case_ids}
    if not case_ids:
        return found
    triggers = list(triggers)
    firsts = [sa.func.min(sa.case((e.trigger == t, e.created_at))) for t in triggers]
    with env.db.read() as conn:
        for case_id, *times in conn.execute(
                sa.select(e.case_id, *firsts).where(e.case_id.in_(list(case_ids)), e.trigger.in_(triggers))
                .group_by(e.case_id)).all():
            found[case_id] = {t: at for t, at in zip(triggers, times, strict=True) if at is not None}
    return found


def known_to_members(env: Env, actor: Actor, *, workflow: str, organisation_id: int, states: Sequence[str],
                     shown: Sequence[str] = (), case_id: int | None = None) -> list[CaseSummary]:
    """Cases of a workflow that every member of the organisation may know exist in these steps, with only
    the data keys ``shown`` (a title and its topics, say), not what their readers see: a workflow opens this
    much to its people without making them readers (e.g. a case that asks for their views)."""
    if not actor.system and not is_member(env, actor.user_id, organisation_id):
        return []
    c = cases.c
    cond = [c.workflow == workflow, c.organisation_id == organisation_id, c.state.in_(list(states))]
    if case_id is not None:
        cond.append(c.id == case_id)
    with env.db.read() as conn:
        rows = conn.execute(sa.select(cases).where(*cond).order_by(c.updated_at.desc(), c.id.desc())
                            .limit(MAX_PER_PAGE)).all()
    return [replace(s, data={k: s.data[k] for k in shown if k in s.data}) for s in (_summary(env, r) for r in rows)]
