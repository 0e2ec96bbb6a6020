"""What worker requests look up inside an action's transaction (``ctx.db.use("worker_request")``): the senders of
the requests merged into one, who are told when it is answered."""

from __future__ import annotations

from functools import cached_property

import sqlalchemy as sa
from sqlalchemy import bindparam as p

from engine.core.env import Env
from engine.store.database import Prepared, RawTransaction
from engine.store.models import Case
from engine.store.statements import StatementSet
from workflows.requests.terms import NAME

cases = Case.__table__


class RequestStatements(StatementSet):
    @cached_property
    def merged_senders(self) -> Prepared:
        c = cases.c
        return self._prep(sa.select(c.created_by).where(c.follows_id == p("id"), c.workflow == NAME,
                                                        c.created_by.is_not(None)).order_by(c.id))


class RequestAccess:
    def __init__(self, tx: RawTransaction, env: Env) -> None:
        self.tx, self.sql = tx, RequestStatements.of(env.db)

    def merged_senders(self, case_id: int | None) -> list[int]:
        """Who sent the requests merged into this one."""
        if case_id is None:
            return []
        return [u for (u,) in self.tx.all(self.sql.merged_senders, {"id": case_id})]
