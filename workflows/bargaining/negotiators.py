"""Who may negotiate for each side (《集体合同规定》 arts. 19–24): the guards of an appointment and of the
talks' start, and the effect that records a side's negotiators."""

from __future__ import annotations

from engine.core.context import ActionContext
from engine.core.i18n import Label
from engine.core.spec import Effect
from workflows.bargaining.terms import EMPLOYER, UNION, L

APPOINT = {"appoint_union_negotiators": UNION, "appoint_employer_negotiators": EMPLOYER}
OTHER = {UNION: EMPLOYER, EMPLOYER: UNION}
UNION_ROLES = ("union_chair", "union_office")  # a union office or chair acts for the union, never the employer

RULE_19 = L("《集体合同规定》第十九条、第二十条：双方协商代表人数应当对等，每方至少 {n} 人，并各确定一名首席代表。",
            "Collective Contract Provisions arts. 19–20: each side has the same number of negotiators, at least "
            "{n}, and one chief negotiator.")
RULE_20 = L("《集体合同规定》第二十条：工会一方首席代表由工会主席担任；由其他协商代表担任的，须有工会主席的书面委托，"
            "请填写书面委托。",
            "Collective Contract Provisions art. 20: the union's chief negotiator is the union chair, or another "
            "negotiator the chair names in writing; record the chair's written designation.")
RULE_21 = L("《集体合同规定》第二十一条、第二十四条：企业一方首席代表由法定代表人担任或由其书面委托的管理人员担任，"
            "不得由工会协商代表或工会工作人员担任。",
            "Collective Contract Provisions arts. 21 and 24: the employer's chief negotiator is its legal "
            "representative or a manager named in writing, never one of the union's negotiators or officers.")
RULE_23 = L("《集体合同规定》第二十三条：本单位以外的专业人员不得超过本方代表的三分之一（现为 {k} 人，本方共 {n} 人），"
            "且须是本方协商代表。",
            "Collective Contract Provisions art. 23: outside advisers are at most one third of a side's negotiators "
            "(now {k} of {n}) and must be among them.")
RULE_24 = L("《集体合同规定》第二十四条：用人单位协商代表与职工协商代表不得相互兼任（其中 {k} 人已代表对方）。",
            "Collective Contract Provisions art. 24: nobody negotiates for both sides ({k} of them already act "
            "for the other side).")


def _fmt(label: Label, **values: object) -> Label:
    return L(label.zh.format(**values), label.en.format(**values))


def negotiators_valid(ctx: ActionContext) -> dict[str, Label] | None:
    """One side's appointment: at least the minimum (art. 19), the chief among them, nobody on both sides
    (art. 24), the union's chief the chair or designated in writing (art. 20), the employer's chief no union
    negotiator or officer (arts. 21, 24), outside advisers at most a third (art. 23)."""
    side = APPOINT[ctx.trigger]
    need = ctx.data["policy"]["min_negotiators"]
    people, chief = list(ctx.form["negotiators"]), ctx.form["chief"]
    if len(people) < need:
        return {"negotiators": _fmt(RULE_19, n=need)}
    if chief not in people:
        return {"chief": L("首席代表须是本方协商代表之一。", "The chief negotiator must be one of this side's "
                           "negotiators.")}
    others = set(ctx.data.get(f"{OTHER[side]}_negotiators", []))
    if side == UNION:
        others |= {u for u in people if ctx.db.holds(u, "employer", ctx.organisation_id)}
    both = [u for u in people if u in others]
    if both:
        return {"negotiators": _fmt(RULE_24, k=len(both))}
    if side == UNION and not ctx.db.holds(chief, "union_chair", ctx.organisation_id) and not str(
            ctx.form.get("chief_mandate") or "").strip():
        return {"chief_mandate": RULE_20}
    if side == EMPLOYER and any(ctx.db.holds(chief, role, ctx.organisation_id) for role in UNION_ROLES):
        return {"chief": RULE_21}
    outside = list(ctx.form.get("outside") or [])
    if any(u not in people for u in outside) or 3 * len(outside) > len(people):
        return {"outside": _fmt(RULE_23, k=len(outside), n=len(people))}
    return None


def sides_equal(ctx: ActionContext) -> Label | None:
    """Both sides appointed: equal numbers, at least the minimum each, a chief each (arts. 19–20)."""
    need = ctx.data["policy"]["min_negotiators"]
    union, employer = ctx.data.get("union_negotiators", []), ctx.data.get("employer_negotiators", [])
    if len(union) < need or len(employer) < need or len(union) != len(employer) or not (
            ctx.data.get("union_chief") and ctx.data.get("employer_chief")):
        rule = _fmt(RULE_19, n=need)
        return L(f"{rule.zh}（现为工会方 {len(union)} 人、企业方 {len(employer)} 人）",
                 f"{rule.en} (now {len(union)} for the union, {len(employer)} for the employer)")
    return None


def appoint(side: str) -> Effect:
    """Record a side's negotiators, its chief (with the chair's written designation for the union, art. 20)
    and its outside advisers (art. 23)."""
    def apply(ctx: ActionContext) -> None:
        ctx.data[f"{side}_negotiators"] = ctx.form["negotiators"]
        ctx.data[f"{side}_chief"] = ctx.form["chief"]
        ctx.data[f"{side}_outside"] = list(ctx.form.get("outside") or [])
        if side == UNION:
            mandate = str(ctx.form.get("chief_mandate") or "").strip()
            if mandate and not ctx.db.holds(ctx.form["chief"], "union_chair", ctx.organisation_id):
                ctx.data["union_chief_mandate"] = mandate
            else:
                ctx.data.pop("union_chief_mandate", None)
        ctx.data["chiefs"] = [c for c in (ctx.data.get("union_chief"), ctx.data.get("employer_chief")) if c]
        ctx.data["negotiators"] = [*ctx.data.get("union_negotiators", []), *ctx.data.get("employer_negotiators", [])]
    return apply


def side_of(ctx: ActionContext) -> str | None:
    """The side the actor negotiates for: a negotiator's side, or the union for the union office."""
    if ctx.actor_id is None:
        return None
    for side in (UNION, EMPLOYER):
        if ctx.actor_id in ctx.data.get(f"{side}_negotiators", []):
            return side
    if any(ctx.db.holds(ctx.actor_id, role, ctx.organisation_id) for role in UNION_ROLES):
        return UNION
    if ctx.db.holds(ctx.actor_id, "employer", ctx.organisation_id):
        return EMPLOYER
    return None
