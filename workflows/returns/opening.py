"""The sweep that opens each union's return of the year just ended: from 1 January until the day it is due, a union
without a return of last year gets one in draft, its figures computed, with the union office's task due that day.
After the due day nothing is opened (a system brought in later does not start years its unions filed on paper);
the federation's list shows those unions as overdue."""

from __future__ import annotations

import logging
from datetime import datetime, time

import sqlalchemy as sa

from engine import services
from engine.core.context import SYSTEM_ACTOR
from engine.store.models import Organisation
from engine.time.calendar import TZ
from workflows.returns.models import ReturnYear
from workflows.returns.services import return_title
from workflows.returns.settings import DEFAULT_DUE, due_on
from workflows.returns.terms import DUE_POLICY, NAME

log = logging.getLogger(__name__)
orgs, taken = Organisation.__table__, ReturnYear.__table__
BATCH = 200


def open_returns(env: services.Env, batch: int = BATCH) -> int:
    """Start last year's return of up to ``batch`` unions that have none, while it is not yet due; how many it
    started. Each in its own transaction: one the office started meanwhile is refused and skipped."""
    today = env.clock.now().astimezone(TZ).date()
    year = today.year - 1
    if today > due_on(year, env.registry.policy(DUE_POLICY, DEFAULT_DUE)):
        return 0
    new_year = datetime.combine(today.replace(month=1, day=1), time(), TZ)
    with env.db.read() as conn:
        unions = conn.execute(
            sa.select(orgs.c.id).where(orgs.c.kind == "union", orgs.c.created_at < new_year, ~sa.exists().where(
                taken.c.union_id == orgs.c.id, taken.c.year == year)).order_by(orgs.c.id).limit(batch)).scalars().all()
    done = 0
    for union_id in unions:
        try:
            services.start_case(env, SYSTEM_ACTOR, NAME, union_id, return_title(year), {"year": year})
            done += 1
        except services.ValidationFailed:
            continue  # the office started it in between
        except services.EngineError:
            log.exception("the %s return of union %s could not be opened", year, union_id)
    return done
