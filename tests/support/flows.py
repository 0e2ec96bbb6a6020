"""Small workflows for the engine's tests: nothing here is a real union procedure."""

from __future__ import annotations

from dataclasses import replace

from engine import services
from engine.core.context import ActionContext, Actor
from engine.core.i18n import Label
from engine.core.spec import (
    Field,
    Notify,
    Overdue,
    Period,
    Start,
    State,
    TaskSpec,
    TimerSpec,
    Transition,
    WorkflowSpec,
)


def L(text: str) -> Label:  # noqa: N802 - reads like a constructor
    return Label(text, text)


def not_own_request(ctx: ActionContext) -> Label | None:
    if ctx.actor_id is not None and ctx.actor_id == ctx.starter_id:
        return Label("不能审查自己的申请。", "You cannot review your own request.")
    return None


def number(ctx: ActionContext) -> None:
    ctx.data["number"] = f"R-{ctx.case_id:05d}"


def count_answers(ctx: ActionContext) -> None:
    ctx.data["answers"] = ctx.data.get("answers", 0) + 1


REQUEST = WorkflowSpec(
    name="request",
    version=1,
    label=L("request"),
    roles={"clerk": L("clerk"), "reviewer": L("reviewer"), "head": L("head"), "handler": L("handler")},
    initial="draft",
    start=Start(roles=("clerk",), fields=(Field("body", L("body"), "text", max_length=2000),),
                effects=("number",)),
    states=(
        State("draft", L("draft"), tasks=(TaskSpec("starter"),)),
        State("review", L("review"), tasks=(TaskSpec("reviewer"),),
              timers=(TimerSpec(Period(5, "workdays"), "escalate", (Period(1, "workdays"),)),)),
        State("escalated", L("escalated"), tasks=(TaskSpec("head", org="parent"),)),
        State("handling", L("handling"), tasks=(TaskSpec("handler", org="data:department"),),
              timers=(TimerSpec(Period(30, "days"), overdue=Overdue(
                  supervise=TaskSpec("head", org="parent"), notify=(Notify("reviewer", "handling_overdue"),))),)),
        State("answered", L("answered"), tasks=(TaskSpec("starter"),)),
        State("approved", L("approved"), final=True),
        State("rejected", L("rejected"), final=True),
        State("closed", L("closed"), final=True),
    ),
    transitions=(
        Transition("submit", ("draft",), "review", L("submit"), roles=("starter",),
                   notify=(Notify("reviewer", "submitted"),)),
        Transition("edit", ("draft",), "draft", L("edit"), roles=("starter",),
                   fields=(Field("body", L("body"), "text", max_length=2000),)),
        Transition("approve", ("review", "escalated"), "approved", L("approve"), roles=("reviewer", "head"),
                   guards=("not_own_request",), fields=(Field("comment", L("comment"), "text", required=False),),
                   notify=(Notify("starter", "approved"),)),
        Transition("reject", ("review", "escalated"), "rejected", L("reject"), roles=("reviewer", "head"),
                   guards=("not_own_request",), fields=(Field("reason", L("reason"), "text", max_length=500),)),
        Transition("send_back", ("review",), "draft", L("send back"), roles=("reviewer",)),
        Transition("escalate", ("review",), "escalated", L("escalate"), roles=("system",)),
        Transition("assign", ("review",), "handling", L("assign"), roles=("reviewer",),
                   fields=(Field("department", L("department"), "org"),
                           Field("priority", L("priority"), "choice", required=False,
                                 choices=("low", "normal", "high")))),
        Transition("answer", ("handling",), "answered", L("answer"), roles=("handler",), org="data:department",
                   effects=("count_answers",), fields=(Field("answer", L("answer"), "text", max_length=1000),)),
        Transition("accept", ("answered",), "closed", L("accept"), roles=("starter",)),
        Transition("reopen", ("answered",), "handling", L("reopen"), roles=("starter",)),
    ),
    guards={"not_own_request": not_own_request},
    effects={"number": number, "count_answers": count_answers},
)

# Version 2 adds a second review step: cases started on version 1 still finish on version 1.
REQUEST_V2 = replace(
    REQUEST,
    version=2,
    states=(*REQUEST.states, State("second_review", L("second review"), tasks=(TaskSpec("head"),))),
    transitions=tuple(
        replace(t, dest="second_review") if t.trigger == "submit" else t for t in REQUEST.transitions
    ) + (Transition("confirm", ("second_review",), "review", L("confirm"), roles=("head",)),),
)


def broken_effect(ctx: ActionContext) -> None:
    ctx.data["half_written"] = True
    raise RuntimeError("effect failed after the state moved")


FRAGILE = replace(
    REQUEST,
    name="fragile",
    transitions=tuple(replace(t, effects=("explode",)) if t.trigger == "assign" else t
                      for t in REQUEST.transitions),
    effects={**REQUEST.effects, "explode": broken_effect},
)


def enough_signatures(ctx: ActionContext) -> Label | None:
    return None if len(ctx.data.get("signers", [])) >= 2 else L("not yet")


def add_signer(ctx: ActionContext) -> None:
    ctx.data["signers"] = [*ctx.data.get("signers", []), ctx.actor_id]


def take_number(ctx: ActionContext) -> None:
    ctx.data["number"] = ctx.db.next_number(f"petition:{ctx.organisation_id}")


def record_opinion(ctx: ActionContext) -> None:
    ctx.data.setdefault("opinions", {})[str(ctx.actor_id)] = ctx.form["opinion"]


def all_opinions_in(ctx: ActionContext) -> Label | None:
    return None if len(ctx.data.get("opinions", {})) >= len(ctx.data.get("departments", [])) else L("waiting")


# Exercises what proposals need of the engine: tasks for listed users and organisations, roles read from the
# case's data, automatic actions, a deadline from a date in the data that can be moved, numbering.
PETITION = WorkflowSpec(
    name="petition",
    version=1,
    label=L("petition"),
    roles={"clerk": L("clerk"), "reviewer": L("reviewer"), "handler": L("handler")},
    initial="inviting",
    start=Start(roles=("clerk",), fields=(Field("invited", L("invited"), "users"),
                                          Field("closes", L("closes"), "date")), accepts_files=True),
    states=(
        State("inviting", L("inviting"), tasks=(TaskSpec("signer", users="data:invited"),),
              timers=(TimerSpec(due="data:closes", trigger="lapse", remind_before=(Period(1, "days"),)),)),
        State("ready", L("ready"), tasks=(TaskSpec("reviewer"),)),
        State("consulting", L("consulting"), tasks=(TaskSpec("handler", org="data:departments"),)),
        State("done", L("done"), final=True),
        State("lapsed", L("lapsed"), final=True),
    ),
    transitions=(
        Transition("sign", ("inviting",), "inviting", L("sign"), roles=("data:invited",), completes_task=True,
                   guards=("not_signed_yet",), effects=("add_signer",)),
        Transition("extend", ("inviting",), "inviting", L("extend"), roles=("starter",), reset_deadlines=True,
                   fields=(Field("closes", L("closes"), "date"),)),
        Transition("enough", ("inviting",), "ready", L("enough"), roles=("system",), auto=True,
                   guards=("enough_signatures",), effects=("take_number",)),
        Transition("lapse", ("inviting",), "lapsed", L("lapse"), roles=("system",)),
        Transition("consult", ("ready",), "consulting", L("consult"), roles=("reviewer",),
                   fields=(Field("departments", L("departments"), "orgs"),)),
        Transition("give_opinion", ("consulting",), "consulting", L("opinion"), roles=("handler",),
                   org="data:departments", completes_task=True, effects=("record_opinion",),
                   fields=(Field("opinion", L("opinion"), "text", store=False),)),
        Transition("conclude", ("consulting",), "done", L("conclude"), roles=("system",), auto=True,
                   guards=("all_opinions_in",)),
    ),
    guards={"enough_signatures": enough_signatures, "all_opinions_in": all_opinions_in,
            "not_signed_yet": lambda ctx: L("already signed") if ctx.actor_id in ctx.data.get("signers", []) else None},
    effects={"add_signer": add_signer, "take_number": take_number, "record_opinion": record_opinion},
)


def three_requests(env, people) -> list[int]:
    """Three requests of the bench spec, each submitted and assigned to a department (a few history entries each)."""
    ids = []
    for title in ("更衣室增设储物柜", "夜班交通补贴", "职工书屋延长开放"):
        case_id = services.start_case(env, Actor(people.clerk), "request", people.union, title, {"body": "b"}).case_id
        services.fire(env, Actor(people.clerk), case_id, "submit")
        services.fire(env, Actor(people.reviewer), case_id, "assign", {"department": people.dept})
        ids.append(case_id)
    return ids
