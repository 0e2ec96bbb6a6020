"""Regional and industry collective bargaining (区域性、行业性集体协商): one case led by a federation (or an
industry union) covers several enterprises (《劳动合同法》 art. 53: below county level, the union and the
employers' representatives may make an industry or a regional agreement; art. 54 para. 2: it binds the employers
and workers of that industry or region). It is bargaining's own workflow drawn again: the same steps, periods
and kinds, so one set of statutory deadlines (reply 20 days, art. 32; filing 10 days, art. 42, or 7 for wages;
review 15 days, art. 47; publication, art. 48; term, art. 38), with three differences:

- who acts: the federation's staff (``federation_office``, or the union office of an industry union) for the
  union side; the employers' association's representatives (``employer_association`` at the federation) and the
  employer representatives named in the case for the other side. The enterprises' own ``employer`` and union roles
  act on their enterprise's bargaining, never on this case;
- the draft goes to a regional staff congress or to each covered enterprise's congress (``bodies``);
- once published, the staff of every covered enterprise read it, and an enterprise may join it later by an
  amendment (arts. 39–41), recorded in ``covered_enterprises``.

In its renewal window (art. 38 para. 2) an agreement is renewed by a new regional request naming it (``renews``),
as an enterprise's is.
"""

from __future__ import annotations

from dataclasses import replace

from engine.core.context import ActionContext, Recipient
from engine.core.i18n import Label
from engine.core.spec import MEMBERS, Field, Notify, Overdue, Reader, Start, State, TaskSpec, Transition, WorkflowSpec
from workflows.bargaining import bodies, covered, disputes
from workflows.bargaining.kinds import KINDS, LABELS
from workflows.bargaining.rules import GUARDS, effects
from workflows.bargaining.spec import (
    ENDINGS,
    NEGOTIATION,
    PREPARATION,
    PUBLISHED,
    REPLY,
    VOTE_AND_SIGNING,
    Phase,
    Policy,
    _filing,
    _in_force,
    _request,
)
from workflows.bargaining.terms import AWAITING_PUBLICATION, SIDES, UNION, L

REGIONAL = "regional_bargaining"
VERSION = 1
ASSOCIATION = "employer_association"
REPS = "data:employer_reps"
UNION_SIDE = ("federation_office", "union_office")
EMPLOYER_SIDE = (ASSOCIATION, REPS)
ROLES = {"federation_office": L("上级工会工作人员", "Federation staff"), "union_office": L("工会", "Union"),
         "union_chair": L("工会主席", "Union chair"), "representative": L("职工代表", "Representative"),
         "employer": L("企业方", "Employer"),
         ASSOCIATION: L("企业方代表组织（企业联合会）", "Employers' association")}
RENAME = {"union_office": UNION_SIDE, "union_chair": ("federation_office",), "employer": EMPLOYER_SIDE}
IN_FORCE = ("in_force", "implementation_check", "renewal_window")
LABEL = L("区域性、行业性集体协商", "Regional or industry bargaining")


def _roles(roles: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(r for role in roles for r in RENAME.get(role, (role,))))


def _notify(found: tuple[Notify, ...]) -> tuple[Notify, ...]:
    """The union side's notices go to the federation's staff; the enterprise's employer and representatives
    are no role here (the covered unions are told on publication)."""
    kept = [replace(n, to="federation_office") for n in found if n.to in ("union_office", "union_chair")]
    return tuple(dict.fromkeys(kept))


def _task(task: TaskSpec) -> TaskSpec:
    if task.role == "employer":
        return TaskSpec("employer", label=task.label, users=REPS)
    if task.role in ("union_office", "union_chair"):
        return replace(task, role="federation_office")
    return task


def _state(state: State) -> State:
    timers = tuple(replace(t, overdue=None if t.overdue is None else Overdue(
        supervise=None if t.overdue.supervise is None else _task(t.overdue.supervise),
        notify=_notify(t.overdue.notify), repeat=t.overdue.repeat, repeat_from=t.overdue.repeat_from))
        for t in state.timers)
    readers = (Reader("federation_office"), Reader(MEMBERS, f"data:{covered.KEY}")) if state.name in PUBLISHED else ()
    return replace(state, tasks=tuple(_task(t) for t in state.tasks), timers=timers, readers=readers)


def _transition(t: Transition) -> Transition:
    return replace(t, roles=_roles(t.roles), notify=_notify(t.notify))


# -- the congress step: each body's result, then passed or back to the talks -------------------------------------
CONGRESS = Phase(states=(), transitions=(
    Transition("put_to_congress", ("negotiating",), "congress_vote", L("提交职代会审议", "Put to the congress"),
               UNION_SIDE, fields=(bodies.MODE_FIELD, Field("term_years", L("合同期限（年）", "Term (years)"), "int",
                                                              min_value=1),
                                   Field("agreement_title", L("合同名称", "Agreement title"), "str", max_length=150)),
               guards=("has_draft", "term_in_range"), offer_if=("has_draft",), effects=("regional_to_congress",)),
    Transition("record_congress_result", ("congress_vote",), "congress_vote",
               L("登记职代会审议结果", "Record a congress's result"), UNION_SIDE,
               fields=(bodies.BODY_FIELD, *bodies.RESULT_FIELDS), guards=("body_valid",), effects=("body_recorded",)),
    Transition("ballot_passed", ("congress_vote",), "signing", L("职代会通过", "Passed by the congress"), ("system",),
               auto=True, guards=("all_passed",), effects=("congress_passed",),
               notify=(Notify("federation_office", "bargaining_vote_passed"),)),
    Transition("ballot_failed", ("congress_vote",), "negotiating", L("职代会未通过", "Not passed by the congress"),
               ("system",), auto=True, guards=("one_failed",), effects=("congress_failed",),
               notify=(Notify("federation_office", "bargaining_vote_failed"),)),
))
# Publication: each covered enterprise's union office, chair and representatives are told (art. 48: published to
# all staff), as an enterprise's own agreement tells its representatives.
TOLD = tuple(Notify(role, "bargaining_published", org=f"data:{covered.KEY}")
             for role in ("union_office", "union_chair", "representative"))
REPLACED = {"put_to_congress", "ballot_passed", "ballot_failed"}

# -- an enterprise joins the agreement in force (arts. 39–41) -------------------------------------------------------
JOIN = Transition(
    "add_enterprise", IN_FORCE, "in_force", L("新增覆盖企业（变更协议）", "Add an enterprise (amendment)"), UNION_SIDE,
    fields=(Field("organisation", L("新加入的企业工会", "The enterprise's union joining"), "org"),
            Field("joined_on", L("补充协议签订日期", "Supplementary agreement signed on"), "date"),
            Field("basis", L("变更依据（双方协商一致的补充协议）",
                             "Basis (the supplementary agreement both sides made)"), "text", max_length=5000),
            *bodies.RESULT_FIELDS),
    guards=("joining_valid", "join_congress_valid"), effects=("enterprise_joined",),
    confirm=L("该企业将列入覆盖企业，其职工可阅读本合同；加入后不能撤回。",
              "The enterprise is covered from now on and its staff read the agreement; this cannot be undone."),
    notify=(Notify("union_office", "bargaining_published", org="data:covered"),))


def _join(state: str) -> Transition:
    return replace(JOIN, source=(state,), dest=state)


def renewal_opened(ctx: ActionContext) -> None:
    """The renewal window is told to those who would request the renewal: the federation's staff and the
    employer side's representatives named in the case (no one holds an enterprise's roles at the federation)."""
    told = [Recipient(role="federation_office", organisation_id=ctx.organisation_id)]
    told += [Recipient(user_id=user) for user in ctx.data.get("employer_reps") or []]
    for recipient in told:
        ctx.notify(recipient, "bargaining_renewal_window", expires_on=ctx.data["expires_on"])


def regional_side(ctx: ActionContext) -> dict[str, Label] | None:
    """The requesting side is the one the actor speaks for: the federation's staff (or an industry union's
    office) for the union side, the employers' association for the other."""
    wanted = ctx.form.get("initiator", ctx.data.get("initiator"))
    roles = UNION_SIDE if wanted == UNION else (ASSOCIATION,)
    if ctx.actor_id is not None and not any(ctx.db.holds(ctx.actor_id, r, ctx.organisation_id) for r in roles):
        return {"initiator": L("只能以本方名义提出协商要约。", "You can only make the request for your own side.")}
    return None


def build(policy: Policy | None = None) -> WorkflowSpec:
    """Bargaining's steps and periods for a case that covers several enterprises."""
    policy = policy or Policy()
    phases = (_request(3), PREPARATION, NEGOTIATION, CONGRESS, VOTE_AND_SIGNING, _filing(3), _in_force(policy))
    states = tuple(_state(s) for phase in phases for s in phase.states) + tuple(_state(s) for s in ENDINGS)
    transitions = [_transition(t) for phase in phases for t in phase.transitions
                   if phase is CONGRESS or t.trigger not in REPLACED]
    transitions = [replace(t, notify=(*t.notify, *TOLD)) if t.trigger == "publish" else t for t in transitions]
    transitions += [_join(s) for s in IN_FORCE]
    base_effects = effects(policy)
    return WorkflowSpec(
        name=REGIONAL, version=VERSION, label=LABEL, roles=dict(ROLES), initial="request",
        start=Start(roles=(*UNION_SIDE, ASSOCIATION), fields=(
            Field("kind", L("协商类型", "Kind"), "choice", choices=tuple(KINDS), choice_labels=LABELS),
            Field("initiator", L("要约方", "Requesting side"), "choice", choices=tuple(SIDES), choice_labels=SIDES),
            Field(covered.KEY, L("覆盖企业（所属企业工会）", "Covered enterprises (their unions)"), "orgs"),
            Field("counterpart", L("企业方（企业代表组织或企业推选的代表）",
                                   "Employer side (the employers' association or the enterprises' representatives)"),
                  "str", max_length=200),
            Field("employer_reps", L("企业方代表（账号）", "Employer side's representatives (accounts)"), "users",
                  required=False),
            Field("topics", L("协商议题", "Topics proposed"), "text", max_length=5000),
            Field("renews", L("续订的合同", "Agreement renewed"), "case", required=False),
        ), guards=("initiator_side", "scope_valid", "renewal_allowed"),
            effects=("apply_policy", "apply_coordination", "record_scope"), title_max=200),
        states=states, transitions=tuple(transitions),
        guards={**GUARDS, **disputes.GUARDS, **bodies.GUARDS, "initiator_side": regional_side,
                "scope_valid": covered.scope_valid, "joining_valid": covered.joining_valid},
        effects={**base_effects, **disputes.EFFECTS, **bodies.EFFECTS, "record_scope": covered.record_scope,
                 "enterprise_joined": covered.joined, "renewal_opened": renewal_opened},
        readers=(Reader("federation_office"), Reader("union_office"), Reader(ASSOCIATION), Reader(REPS),
                 Reader("data:negotiators")),
        milestones=("request", REPLY, "preparation", "negotiating", "congress_vote", "signing", "filing",
                    "under_review", AWAITING_PUBLICATION[3], "in_force", "renewal_window", "expired"),
    )


__all__ = ["ASSOCIATION", "IN_FORCE", "LABEL", "REGIONAL", "build"]
