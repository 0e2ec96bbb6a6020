"""The enterprises a regional or industry agreement covers (覆盖企业): the table written in an action's transaction,
the checks on the list at the start and on an enterprise joining later, and the look-ups the pages use (which
agreements cover a union)."""

from __future__ import annotations

from datetime import date
from functools import cached_property
from typing import Any

import sqlalchemy as sa
from sqlalchemy import bindparam as p

from engine.core.context import ActionContext
from engine.core.env import Env
from engine.core.i18n import Label
from engine.store.database import Prepared, RawTransaction
from engine.store.models import Organisation
from engine.store.statements import StatementSet
from workflows.bargaining.models import CoveredEnterprise
from workflows.bargaining.terms import L

NAME = "covered_enterprises"
table, orgs = CoveredEnterprise.__table__, Organisation.__table__
KEY = "covered"  # the case's data: the ids of the unions covered now (readers are drawn from it)
RULE_SCOPE = L("区域性、行业性集体合同只能覆盖本工会（联合会）所属的企业工会，且至少两家；同一企业不能重复列入。",
               "A regional or industry agreement covers enterprise unions under the leading union (federation), at "
               "least two of them, each once.")
# Arts. 39 and 41 of 《集体合同规定》 let the two sides change an agreement by consent, through the bargaining
# procedure; which enterprises a change may add is not in them, so the refusal below names them only for the change.
RULE_JOIN = L("新加入的企业须是本工会（联合会）所属、尚未覆盖的企业工会；"
              "加入即变更合同，须双方协商一致并适用集体协商程序（《集体合同规定》第三十九条、第四十一条）。",
              "An enterprise joining must be a union under the leading union (federation) that the agreement does "
              "not cover yet; joining changes the agreement, by consent of both sides through the bargaining "
              "procedure (Collective Contract Provisions arts. 39 and 41).")


class CoveredStatements(StatementSet):
    """The statements on covered enterprises, compiled once per database."""

    @cached_property
    def org(self) -> Prepared:
        return self._prep(sa.select(orgs.c.id, orgs.c.kind, orgs.c.path, orgs.c.name).where(orgs.c.id == p("id")))

    @cached_property
    def insert(self) -> Prepared:
        return self._prep(table.insert().values({n: p(n) for n in (
            "case_id", "organisation_id", "added_on", "added_by_amendment")}))


class CoveredAccess:
    """The covered enterprises as an action's guards and effects reach them (``ctx.db.use(NAME)``)."""

    def __init__(self, tx: RawTransaction, env: Env) -> None:
        self.tx, self.sql = tx, CoveredStatements.of(env.db)

    def union_under(self, organisation_id: int, leader_id: int) -> str | None:
        """The union's name when ``organisation_id`` is an enterprise union below the leading organisation."""
        union, leader = self.tx.one(self.sql.org, {"id": organisation_id}), self.tx.one(self.sql.org, {"id": leader_id})
        if union is None or leader is None or union[1] != "union" or union[0] == leader[0]:
            return None
        return union[3] if str(union[2]).startswith(str(leader[2])) else None

    def add(self, case_id: int, organisation_id: int, on: date, amendment: int | None) -> None:
        self.tx.execute(self.sql.insert, {"case_id": case_id, "organisation_id": organisation_id, "added_on": on,
                                          "added_by_amendment": amendment})


def _access(ctx: ActionContext) -> CoveredAccess:
    return ctx.db.use(NAME)


def _today(ctx: ActionContext) -> date:
    from engine.time.calendar import TZ

    return ctx.now.astimezone(TZ).date()


# -- at the start: the list -----------------------------------------------------------------------------------------
def scope_valid(ctx: ActionContext) -> dict[str, Label] | None:
    wanted = list(ctx.form.get(KEY) or [])
    if len(wanted) < 2 or len(set(wanted)) != len(wanted) or any(
            _access(ctx).union_under(u, ctx.organisation_id) is None for u in wanted):
        return {KEY: RULE_SCOPE}
    return None


def record_scope(ctx: ActionContext) -> None:
    """The covered list in the case's data (its readers once published) and in the table, from the start."""
    ctx.data[KEY] = list(ctx.form[KEY])
    ctx.data["covered_names"] = {str(u): _access(ctx).union_under(u, ctx.organisation_id) for u in ctx.data[KEY]}
    ctx.data["initiator"] = ctx.form.get("initiator") or "union"
    for union in ctx.data[KEY]:
        _access(ctx).add(ctx.case_id, union, _today(ctx), None)


# -- later: an enterprise joins by an amendment (arts. 39–41) -------------------------------------------------------
def joining_valid(ctx: ActionContext) -> dict[str, Label] | None:
    union = ctx.form["organisation"]
    if union in ctx.data.get(KEY, []) or _access(ctx).union_under(union, ctx.organisation_id) is None:
        return {"organisation": RULE_JOIN}
    return None


def joined(ctx: ActionContext) -> None:
    """The enterprise is covered from the day its supplementary agreement was signed; its congress's result and
    the amendment are kept on the case, the row in the table names the case the amendment was made on."""
    union = ctx.form["organisation"]
    name = _access(ctx).union_under(union, ctx.organisation_id)
    ctx.data[KEY] = [*ctx.data.get(KEY, []), union]
    ctx.data["covered_names"] = {**ctx.data.get("covered_names", {}), str(union): name}
    body = {k: ctx.form[k] for k in ("total", "present", "votes_for", "held_on")}
    ctx.data["additions"] = [*ctx.data.get("additions", []), {
        "number": len(ctx.data.get("additions", [])) + 1, "organisation": union, "name": name,
        "joined_on": ctx.form["joined_on"], "basis": ctx.form.get("basis", ""), "congress": body,
        "by": ctx.actor_id}]
    _access(ctx).add(ctx.case_id, union, date.fromisoformat(ctx.form["joined_on"]), ctx.case_id)


# -- the pages: which agreements cover a union ------------------------------------------------------------------------
def cases_covering(env: Env, union_id: int) -> set[int]:
    """The regional or industry cases that cover the union (whoever may read them; the caller filters)."""
    with env.db.read() as conn:
        return {c for (c,) in conn.execute(sa.select(table.c.case_id).where(table.c.organisation_id == union_id))}


def covered_rows(env: Env, case_id: int) -> list[dict[str, Any]]:
    """A case's covered enterprises with the day each was covered and the amendment that added it."""
    with env.db.read() as conn:
        rows = conn.execute(sa.select(table.c.organisation_id, orgs.c.name, table.c.added_on,
                                      table.c.added_by_amendment)
                            .join(orgs, orgs.c.id == table.c.organisation_id)
                            .where(table.c.case_id == case_id).order_by(table.c.added_on, orgs.c.name)).all()
    return [{"organisation_id": r[0], "name": r[1], "added_on": r[2], "added_by_amendment": r[3]} for r in rows]


def provide(registry: Any) -> None:
    """Offer the table to the actions of the regional workflow (``ctx.db.use(NAME)``)."""
    registry.provide(NAME, CoveredAccess)


