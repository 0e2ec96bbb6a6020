"""The sweep that watches every committee term: a term recorded without a watch (an import, the demo, a term
entered by hand) gets its ``committee_term`` case, whose timers remind and escalate; a term ended outside an
election's approval has its watch closed."""

from __future__ import annotations

import logging

import sqlalchemy as sa

from engine import services
from engine.core.context import SYSTEM_ACTOR
from engine.store.models import Case, Organisation
from workflows.elections.access import term_title
from workflows.elections.models import CommitteeTermRow
from workflows.elections.terms import TERM

log = logging.getLogger(__name__)
terms, orgs, cases = CommitteeTermRow.__table__, Organisation.__table__, Case.__table__
BATCH = 200
FINAL = "renewed"  # the watch's final step (its spec names it)


def open_watches(env: services.Env, batch: int = BATCH) -> int:
    """Open the watch of up to ``batch`` running terms that have none, and close the watch of ended terms; how
    many cases it opened or closed. Each in its own transaction: one that fails is logged and retried next time."""
    t = terms.c
    with env.db.read() as conn:
        unwatched = conn.execute(sa.select(t.id, t.union_id, t.elected_on, t.term_years, t.ends_on, orgs.c.name)
                                 .join(orgs, orgs.c.id == t.union_id)
                                 .where(t.ended_on.is_(None), t.watch_case_id.is_(None))
                                 .order_by(t.id).limit(batch)).all()
        stale = conn.execute(sa.select(t.watch_case_id).join(cases, cases.c.id == t.watch_case_id)
                             .where(t.ended_on.is_not(None), cases.c.workflow == TERM, cases.c.state != FINAL)
                             .limit(batch)).scalars().all()
    done = 0
    for row in unwatched:
        try:
            services.start_case(env, SYSTEM_ACTOR, TERM, row.union_id,
                                term_title(row.name, row.elected_on, row.ends_on)[:100],
                                {"term_id": row.id, "elected_on": row.elected_on.isoformat(),
                                 "term_years": row.term_years, "ends_on": row.ends_on.isoformat()})
            done += 1
        except services.EngineError:
            log.exception("the watch of committee term %s could not be opened", row.id)
    for case_id in stale:
        try:
            services.fire(env, SYSTEM_ACTOR, case_id, "renew")
            done += 1
        except services.EngineError:
            log.exception("the watch %s of an ended committee term could not be closed", case_id)
    return done
