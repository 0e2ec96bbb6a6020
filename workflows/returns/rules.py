"""What the return workflow checks and does: one return per union and year (checked, then kept by the database's
``return_years``), the day it is due, the figures computed when it starts (and again on request), a correction kept
beside the computed value with its note, and the federation's reason."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import sqlalchemy as sa

from engine.core.context import ActionContext
from engine.core.env import Env
from engine.core.errors import ValidationFailed
from engine.core.i18n import Label
from engine.store.database import Prepared, RawTransaction
from engine.store.models import Case, Organisation
from engine.time.calendar import TZ
from workflows.returns.figures import compute
from workflows.returns.lines import COUNTS
from workflows.returns.settings import DEFAULT_DUE, due_on
from workflows.returns.terms import DUE_POLICY, NAME, L

CAPABILITY = "returns"
cases, orgs = Case.__table__, Organisation.__table__
# The union's year taken by this return; a second start of the year waits for the first and inserts nothing.
CLAIM = sa.text("INSERT INTO return_years (union_id, year, case_id) VALUES (:union, :year, :case) "
                "ON CONFLICT DO NOTHING")
_claims: dict[int, Prepared] = {}


def one_a_year(year: int) -> dict[str, Label]:
    return {"year": L(f"本单位 {year} 年度的统计报表已经建立。", f"This union's return for {year} exists already.")}
NOT_UNION = L("统计报表由基层工会填报，请在工会（而不是部门或上级工会）下建立。",
              "A return is filled in by an enterprise union: start it for the union, not a department or federation.")


class ReturnsAccess:
    """What the return's guards and effects read: the figures as the system holds them, and the union's other
    returns. Read in snapshots of their own: the action's own case adds nothing to either."""

    def __init__(self, tx: RawTransaction, env: Env) -> None:
        self.tx, self.env = tx, env

    def claim(self, union_id: int, year: int, case_id: int) -> bool:
        """Take the union's year for this return, in the action's transaction; False when another return has it
        (on PostgreSQL a start still under way holds it until it commits or rolls back)."""
        stmt = _claims.get(id(self.env.db))
        if stmt is None:
            stmt = _claims[id(self.env.db)] = self.env.db.prepare(CLAIM)
        return self.tx.execute(stmt, {"union": union_id, "year": year, "case": case_id}).rowcount == 1

    def due(self, year: int) -> str:
        """The day the return of ``year`` is due, as ``[return] due`` says now (the case keeps it)."""
        return due_on(year, self.env.registry.policy(DUE_POLICY, DEFAULT_DUE)).isoformat()

    def compute(self, union_id: int, year: int, ctx: ActionContext) -> dict[str, int]:
        return compute(self.env, union_id, year, ctx.now.astimezone(TZ).date())

    def is_union(self, organisation_id: int) -> bool:
        with self.env.db.read() as conn:
            return conn.execute(sa.select(orgs.c.kind).where(orgs.c.id == organisation_id)).scalar() == "union"

    def exists(self, union_id: int, year: int) -> bool:
        with self.env.db.read() as conn:
            return conn.execute(sa.select(sa.exists().where(
                cases.c.workflow == NAME, cases.c.organisation_id == union_id, cases.c.key1 == str(year)))).scalar()


def _access(ctx: ActionContext) -> ReturnsAccess:
    return ctx.db.use(CAPABILITY)


def final_values(data: dict[str, Any]) -> dict[str, int]:
    """Each count line's value as reported: the correction where the union made one, else the computed one."""
    computed, corrections = data.get("figures") or {}, data.get("corrections") or {}
    return {code: int(corrections[code]["value"]) if code in corrections else int(computed.get(code) or 0)
            for code in COUNTS}


# -- guards ---------------------------------------------------------------------------------------------------
def year_open(ctx: ActionContext) -> Label | dict[str, Label] | None:
    year, today = int(ctx.form.get("year") or 0), ctx.now.astimezone(TZ).date()
    if not _access(ctx).is_union(ctx.organisation_id):
        return NOT_UNION
    if year > today.year:
        return {"year": L("不能填报尚未开始的年度。", "That year has not begun.")}
    if ctx.organisation_id and _access(ctx).exists(ctx.organisation_id, year):
        return one_a_year(year)
    return None


def corrected_line(ctx: ActionContext) -> dict[str, Label] | None:
    if ctx.form.get("line") not in (ctx.data.get("corrections") or {}):
        return {"line": L("这一项没有更正。", "That line has no correction.")}
    return None


GUARDS = {"year_open": year_open, "corrected_line": corrected_line}


# -- effects --------------------------------------------------------------------------------------------------
def effects() -> dict[str, Callable[[ActionContext], None]]:
    def claimed(ctx: ActionContext) -> None:
        """The union's year, or the same refusal as the check when a start that raced past it has it."""
        year = int(ctx.data["year"])
        assert ctx.case_id is not None
        if not _access(ctx).claim(ctx.organisation_id, year, ctx.case_id):
            raise ValidationFailed({name: [message] for name, message in one_a_year(year).items()})
        ctx.data["due_on"] = _access(ctx).due(year)

    def computed(ctx: ActionContext) -> None:
        d = ctx.data
        d["figures"] = _access(ctx).compute(ctx.organisation_id, int(d["year"]), ctx)
        d["computed_at"] = ctx.now.isoformat()
        d.setdefault("corrections", {})
        d["values"] = final_values(d)

    def corrected(ctx: ActionContext) -> None:
        d, f = ctx.data, ctx.form
        d["corrections"] = {**(d.get("corrections") or {}),
                            f["line"]: {"value": int(f["value"]), "note": f["note"], "by": ctx.actor_id,
                                        "at": ctx.now.isoformat()}}
        d["values"] = final_values(d)

    def uncorrected(ctx: ActionContext) -> None:
        d = ctx.data
        d["corrections"] = {k: v for k, v in (d.get("corrections") or {}).items() if k != ctx.form["line"]}
        d["values"] = final_values(d)

    def submitted(ctx: ActionContext) -> None:
        ctx.data["submitted_on"] = ctx.now.astimezone(TZ).date().isoformat()
        ctx.data.pop("return_reason", None)

    def decided(ctx: ActionContext) -> None:
        ctx.data["decided_on"] = ctx.now.astimezone(TZ).date().isoformat()

    return {"claimed": claimed, "computed": computed, "corrected": corrected, "uncorrected": uncorrected,
            "submitted": submitted, "decided": decided}
