"""The congresses that pass a regional or industry draft: one regional (industry) staff congress, or the congress
of each covered enterprise. Each body's result is recorded (votes for, all representatives, present) and checked
against 《集体合同规定》 art. 36: at least two thirds of all representatives present, and more than half of all
representatives for.

The congress package holds one enterprise's sessions and secret ballots; a regional congress is not one of
them, so here each body's result is entered from its own minutes. 《集体合同规定》 is silent on which bodies pass
a regional draft: local practice (provincial collective contract regulations) puts it to a regional or industry
staff congress, or to the congress of every enterprise it covers; with the second, the draft passes only when
every covered enterprise's congress passed it, and fails as soon as one did not."""

from __future__ import annotations

from datetime import date

from engine.core.context import ActionContext
from engine.core.i18n import Label
from engine.core.spec import Field
from engine.time.calendar import TZ
from workflows.bargaining.covered import KEY
from workflows.bargaining.terms import L

REGIONAL, EACH = "regional", "each"
MODES = {REGIONAL: L("区域（行业）职工代表大会", "A regional (industry) staff congress"),
         EACH: L("各覆盖企业职工代表大会分别审议", "Each covered enterprise's congress")}
RULE_36 = L("《集体合同规定》第三十六条：职工代表大会应有三分之二以上职工代表出席，且须经全体职工代表半数以上同意，"
            "集体合同草案方获通过。",
            "Collective Contract Provisions art. 36: at least two thirds of all representatives present, and more "
            "than half of all representatives for, or the draft does not pass.")
RULE_EACH = L("《集体合同规定》第三十六条（本地做法：各覆盖企业分别审议的，须每家企业职代会均通过）："
              "{names} 职代会未通过草案。",
              "Collective Contract Provisions art. 36 (local practice: put to each covered enterprise, it passes "
              "only when every one passes it): not passed by the congress of {names}.")
RULE_COUNTS = L("出席人数不能超过代表总数，同意票不能超过出席人数。",
                "Those present cannot exceed all representatives, nor votes for those present.")
RULE_BODY = L("请选择本案需审议草案的机构（区域职代会，或尚未登记结果的覆盖企业）。",
              "Choose a body that must pass this draft (the regional congress, or a covered enterprise whose result "
              "is not recorded yet).")

RESULT_FIELDS = (
    Field("held_on", L("会议日期", "Held on"), "date"),
    Field("total", L("职工代表总数", "All representatives"), "int", min_value=1),
    Field("present", L("出席代表人数", "Present"), "int", min_value=0),
    Field("votes_for", L("同意票数", "Votes for"), "int", min_value=0),
)
MODE_FIELD = Field("congress_mode", L("草案审议方式", "Who passes the draft"), "choice", choices=tuple(MODES),
                   choice_labels=MODES)
BODY_FIELD = Field("body", L("审议机构（分别审议时选择企业）", "Body (an enterprise, when each passes it)"), "org",
                   required=False)


def passes(total: int, present: int, votes_for: int) -> bool:
    """Art. 36: a quorum of two thirds of all representatives, and more than half of all of them for."""
    return 3 * present >= 2 * total and 2 * votes_for > total


def counts_valid(ctx: ActionContext) -> dict[str, Label] | None:
    if ctx.form["present"] > ctx.form["total"]:
        return {"present": RULE_COUNTS}
    if ctx.form["votes_for"] > ctx.form["present"]:
        return {"votes_for": RULE_COUNTS}
    if date.fromisoformat(ctx.form["held_on"]) > ctx.now.astimezone(TZ).date():
        return {"held_on": L("日期不能晚于今天。", "The date cannot be in the future.")}
    return None


def _required(ctx: ActionContext) -> list[int]:
    mode = (ctx.data.get("congress") or {}).get("mode")
    return [ctx.organisation_id] if mode == REGIONAL else list(ctx.data.get(KEY, []))


def body_valid(ctx: ActionContext) -> dict[str, Label] | None:
    body = ctx.form.get("body") or (ctx.organisation_id if ctx.data["congress"]["mode"] == REGIONAL else None)
    if body not in _required(ctx) or str(body) in ctx.data["congress"]["bodies"]:
        return {"body": RULE_BODY}
    return counts_valid(ctx)


def to_congress(ctx: ActionContext) -> None:
    draft = ctx.data["drafts"][-1]
    ctx.data["term_years"] = ctx.form["term_years"]
    ctx.data["congress"] = {"mode": ctx.form["congress_mode"], "draft": draft["version"], "bodies": {}}
    ctx.data["vote"] = None


def body_recorded(ctx: ActionContext) -> None:
    body = ctx.form.get("body") or ctx.organisation_id
    total, present, votes_for = ctx.form["total"], ctx.form["present"], ctx.form["votes_for"]
    names = ctx.data.get("covered_names", {})
    ctx.data["congress"]["bodies"][str(body)] = {
        "name": names.get(str(body)), "held_on": ctx.form["held_on"], "total": total, "present": present,
        "votes_for": votes_for, "passed": passes(total, present, votes_for), "by": ctx.actor_id}


def all_passed(ctx: ActionContext) -> Label | None:
    bodies = (ctx.data.get("congress") or {}).get("bodies", {})
    done = all(str(b) in bodies and bodies[str(b)]["passed"] for b in _required(ctx))
    return None if done else L("尚有机构未审议通过。", "A body has not passed it yet.")


def one_failed(ctx: ActionContext) -> Label | None:
    bodies = (ctx.data.get("congress") or {}).get("bodies", {})
    return None if any(not b["passed"] for b in bodies.values()) else L("没有机构否决。", "No body rejected it.")


def _outcome(ctx: ActionContext, passed: bool) -> None:
    bodies = ctx.data["congress"]["bodies"]
    failed = [b.get("name") or "" for b in bodies.values() if not b["passed"]]
    ctx.data["vote"] = {"passed": passed, "on": ctx.now.astimezone(TZ).date().isoformat(),
                        "mode": ctx.data["congress"]["mode"], "bodies": bodies, "failed": failed}
    if not passed:
        rule = RULE_EACH if ctx.data["congress"]["mode"] == EACH else RULE_36
        names = "、".join(n for n in failed if n) or "—"
        ctx.data["vote"]["why"] = {"zh": rule.zh.format(names=names), "en": rule.en.format(names=names)}
    # Kept apart from ``votes`` (the enterprise congress's ballot items): these are results entered from minutes.
    ctx.data["congress_history"] = [*ctx.data.get("congress_history", []), ctx.data["vote"]]


def congress_passed(ctx: ActionContext) -> None:
    _outcome(ctx, True)


def congress_failed(ctx: ActionContext) -> None:
    _outcome(ctx, False)


def join_congress_valid(ctx: ActionContext) -> dict[str, Label] | None:
    """The joining enterprise's congress passed the agreement (art. 36), by the figures of its minutes."""
    found = counts_valid(ctx)
    if found:
        return found
    if not passes(ctx.form["total"], ctx.form["present"], ctx.form["votes_for"]):
        return {"votes_for": RULE_36}
    if date.fromisoformat(ctx.form["joined_on"]) > ctx.now.astimezone(TZ).date():
        return {"joined_on": L("日期不能晚于今天。", "The date cannot be in the future.")}
    return None


GUARDS = {"body_valid": body_valid, "all_passed": all_passed, "one_failed": one_failed,
          "join_congress_valid": join_congress_valid}
EFFECTS = {"regional_to_congress": to_congress, "body_recorded": body_recorded, "congress_passed": congress_passed,
           "congress_failed": congress_failed}
