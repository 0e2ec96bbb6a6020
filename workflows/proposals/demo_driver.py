"""The demo's proposals driven through the workflow: the steps that take each to the state its plan names, spread
over the demo's weeks, and fired in time order by the same service calls people make."""

from __future__ import annotations

import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, Any

from engine import services
from engine.time.calendar import TZ
from engine.time.clock import FixedClock
from workflows.congress import services as congress
from workflows.proposals import demo as data

if TYPE_CHECKING:
    from workflows.demo import People

# Days between one step of a proposal and the next, as (fewest, most).
GAPS = {"start": (0, 0), "invite": (0, 2), "co_sign": (0, 2), "decline": (0, 1), "return": (2, 4),
        "resubmit": (1, 3), "withdraw": (1, 3), "accept": (2, 5), "reject": (2, 5), "convert": (2, 5),
        "merge": (1, 3), "endorse": (1, 3), "assign": (1, 3), "co_opinion": (2, 6), "request_extension": (3, 8),
        "grant_extension": (1, 2), "answer": (5, 12), "rate": (1, 4), "answer_suggestion": (4, 10),
        "close_after_review": (2, 4), "supervise": (12, 16), "rate_suggestion": (1, 4)}
# The proposer's own proposals in these states go to the demo representative, so their inbox has work.
DEMO_REP_STATES = ("draft", "returned", "answered", "handling", "closed", "submitted")


def steps_to(plan: str) -> list[str]:
    """The actions that take a proposal to the state its plan names."""
    state, *flags = plan.split("+")
    if state == "draft":
        return ["start"]
    if state == "co_signing":
        return ["start", "invite", "co_sign"]
    submit = ["start", "invite", "co_sign", "co_sign"]
    ends = {"submitted": [], "returned": ["return"], "not_accepted": ["reject"], "suggestion": ["convert"],
            "suggestion_answered": ["convert", "answer_suggestion"], "merged": ["merge"],
            "suggestion_closed": ["convert", "answer_suggestion", "rate_suggestion"]}
    if state == "withdrawn":
        return submit + ["return", "withdraw"] if "returned" in flags else ["start", "withdraw"]
    if state in ends:
        return submit + ends[state]
    steps = submit + (["return", "resubmit"] if "revised" in flags else []) + ["accept"]
    if state == "endorsement":
        return steps
    steps += ["endorse"]
    if state == "assignment":
        return steps
    steps += ["assign"] + (["co_opinion"] if "co" in flags else [])
    if state == "extension_requested":
        return steps + ["request_extension"]
    if state == "handling":
        return steps + (["request_extension", "grant_extension"] if "extended" in flags else []) + (
            ["supervise"] if "supervised" in flags else [])  # past the deadline: the committee supervises
    if state == "answered":
        return steps + ["answer"]
    if state == "following_up":  # in the plan, rated: the department reports until it is solved
        return steps + ["answer:in_plan", "rate"]
    if "rehandle" in flags:
        return steps + ["answer:in_plan", "rate:unsatisfied", "answer", "rate"]
    if state == "committee_decision" or "committee" in flags:
        twice = ["answer:not_now", "rate:unsatisfied"] * 2
        return steps + twice + (["close_after_review"] if state == "closed" else [])
    return steps + ["answer", "rate"]


@dataclass
class Case:
    """One proposal being driven: its text, its people, its planned steps and where it has got to."""

    proposal: data.P
    proposer: int
    invited: list[int]
    steps: list[str]
    times: list[datetime] = field(default_factory=list)
    answering: dict[int, int] = field(default_factory=dict)  # step index → who co-signs or declines there
    id: int = 0
    due: date | None = None


@dataclass(frozen=True)
class Step:
    """One planned step about to be taken: its case, its place in the plan, and what its method reads."""

    case: Case
    index: int
    name: str  # before the ``:``: what the step does
    variant: str  # after the ``:`` in the step's name: the answer's classification or the rating wanted
    today: date
    cases: dict[str, Case]  # every case by title, for a merge into its main case
    lead_key: str  # the proposal's lead department
    co_key: str  # its co-operating department, if any


class Driver:
    """Runs the planned steps of every case in time order on the demo's clock."""

    def __init__(self, env: services.Env, people: People, rng: random.Random, base: datetime, span_days: int) -> None:
        self.env, self.p, self.rng, self.base, self.span_days = env, people, rng, base, span_days
        self.cases: list[Case] = []
        self.actions = 0

    def roster(self) -> set[int]:
        """The representatives on the roster of the session's term: the only ones who propose and co-sign."""
        term = congress.get_congress_session(self.env, self.p.session).term
        found = [t.id for t in congress.list_terms(self.env, self.p.union) if t.number == term]
        return {r.user_id for t in found for r in congress.list_roster(self.env, t)}

    def plan(self) -> None:
        demo_states: set[str] = set()
        roster = self.roster()
        others = [r for r in self.p.representatives if r in roster and r not in (self.p.demo_rep, self.p.committee)]
        by_title: dict[str, Case] = {}
        for proposal in data.PROPOSALS:
            state = proposal.plan.split("+")[0]
            proposer = self.rng.choice(others)
            if state in DEMO_REP_STATES and state not in demo_states:
                demo_states.add(state)
                proposer = self.p.demo_rep
            invited = self.rng.sample([r for r in others if r != proposer], self.rng.choice((2, 3, 3, 4)))
            if state == "co_signing":  # the demo representative has invitations still to answer
                invited.append(self.p.demo_rep)
            case = Case(proposal, proposer, invited, steps_to(proposal.plan))
            decliner = None
            if len(invited) >= 3 and len(self.cases) % 4 == 1 and case.steps[2:4] == ["co_sign", "co_sign"]:
                case.steps.insert(2, "decline")  # someone says no before the others co-sign
                decliner = invited[2]
            signers = iter(u for u in invited if u not in (decliner, self.p.demo_rep))
            for i, step in enumerate(case.steps):
                if step in ("co_sign", "decline"):
                    case.answering[i] = decliner if step == "decline" else next(signers)
            self._times(case, not_before=by_title[proposal.into] if proposal.into else None)
            by_title[proposal.title] = case
            self.cases.append(case)

    def _times(self, case: Case, not_before: Case | None) -> None:
        gaps = [self.rng.randint(*GAPS[s.split(":")[0]]) for s in case.steps]
        last = self.span_days - 2  # the last day anything happens: the day before yesterday
        if sum(gaps) > last:
            gaps = [g * last // sum(gaps) for g in gaps]
        early = "overdue" in case.proposal.plan
        day = self.rng.randint(0, 3) if early else self.rng.randint(0, last - sum(gaps))
        moment = self.base
        for step, gap in zip(case.steps, gaps, strict=True):
            day += gap
            if step == "merge" and not_before is not None:  # only into a proposal already accepted
                accepted = not_before.times[not_before.steps.index("accept")]
                day = max(day, (accepted - self.base).days + 1)
            at = self.base + timedelta(days=day, hours=8.5 + self.rng.random() * 8)
            moment = max(at, moment + timedelta(minutes=self.rng.randint(5, 90)))
            case.times.append(moment)

    def run(self, clock: FixedClock, also: Sequence[tuple[datetime, Callable[[], Any]]] = ()) -> None:
        """Every planned step in time order, with ``also`` (other workflows' steps in the same weeks) among them."""
        order = sorted([(t, 0, n, i) for n, c in enumerate(self.cases) for i, t in enumerate(c.times)]
                       + [(t, 1, k, 0) for k, (t, _) in enumerate(also)])
        by_title = {c.proposal.title: c for c in self.cases}
        for at, other, n, i in order:
            clock.set(at)
            if other:
                also[n][1]()
                continue
            case = self.cases[n]
            self._step(case, i, at, by_title)
            self.actions += 1

    def _fire(self, case: Case, who: int, trigger: str, form: dict[str, Any] | None = None) -> None:
        services.fire(self.env, services.Actor(who), case.id, trigger, form)

    def _step(self, case: Case, index: int, at: datetime, cases: dict[str, Case]) -> None:
        """Take the ``index``-th planned step of ``case`` by the method the step's name picks."""
        name, _, variant = case.steps[index].partition(":")
        lead_key, _, co_key = case.proposal.departments.partition("/")
        take = STEPS.get(name)
        if take is None:
            raise AssertionError(f"unknown demo step {case.steps[index]!r}")
        take(self, Step(case, index, name, variant, at.astimezone(TZ).date(), cases, lead_key, co_key))

    def _start(self, s: Step) -> None:
        p, prop = self.p, s.case.proposal
        form = {"session_id": p.session, "category": prop.category, "reasons": prop.reasons,
                "measures": prop.measures, "suggested_department": p.departments[s.lead_key]}
        s.case.id = services.start_case(self.env, services.Actor(s.case.proposer), "proposal", p.union, prop.title,
                                        form).case_id

    def _invite(self, s: Step) -> None:
        self._fire(s.case, s.case.proposer, "invite", {"co_signers_invited": s.case.invited})

    def _answer_invitation(self, s: Step) -> None:
        """``co_sign`` or ``decline``, by the invited representative planned for this step."""
        self._fire(s.case, s.case.answering[s.index], s.name)

    def _return(self, s: Step) -> None:
        reasons = s.case.proposal.reasons
        reason = data.RETURN_REASONS[0] if "两件事" in reasons or "；另外" in reasons else data.RETURN_REASONS[1]
        self._fire(s.case, self.p.committee, "return_for_revision", {"reason": reason})

    def _resubmit(self, s: Step) -> None:
        prop = s.case.proposal
        self._fire(s.case, s.case.proposer, "resubmit", {
            "title": prop.title, "category": prop.category, "reasons": f"{prop.reasons}\n{data.REVISED}",
            "measures": prop.measures, "suggested_department": self.p.departments[s.lead_key]})

    def _withdraw(self, s: Step) -> None:
        self._fire(s.case, s.case.proposer, "withdraw")

    def _accept(self, s: Step) -> None:
        self._fire(s.case, self.p.committee, "accept", {"comment": self.rng.choice(data.REVIEW_COMMENTS)})

    def _reject(self, s: Step) -> None:
        self._fire(s.case, self.p.committee, "reject", {"reason": data.REJECT_REASONS[s.case.proposal.title]})

    def _convert(self, s: Step) -> None:
        self._fire(s.case, self.p.committee, "convert_to_suggestion", {"department": self.p.departments[s.lead_key],
                                                                         "reason": data.SUGGESTION_REASON})

    def _answer_suggestion(self, s: Step) -> None:
        answer = data.SUGGESTION_ANSWER.format(dept=data.DEPARTMENTS[s.lead_key], measures=s.case.proposal.measures)
        self._fire(s.case, self.p.handlers[s.lead_key], "answer_suggestion", {"answer": answer})

    def _rate_suggestion(self, s: Step) -> None:
        self._fire(s.case, s.case.proposer, "rate_suggestion", {"attitude": "satisfied", "result": "satisfied"})

    def _merge(self, s: Step) -> None:
        self._fire(s.case, self.p.committee, "merge", {"main_case": s.cases[s.case.proposal.into].id,
                                                         "comment": data.MERGE_COMMENT})

    def _endorse(self, s: Step) -> None:
        instruction = self.rng.choice(data.INSTRUCTIONS).format(dept=data.DEPARTMENTS[s.lead_key])
        self._fire(s.case, self.p.leader, "endorse", {"instruction": instruction})

    def _assign(self, s: Step) -> None:
        p, case = self.p, s.case
        days = self.rng.randint(6, 9) if "overdue" in case.proposal.plan else 30
        case.due = s.today + timedelta(days=days)
        form = {"lead_department": p.departments[s.lead_key], "due_date": case.due.isoformat()}
        if s.co_key:
            form["co_departments"] = [p.departments[s.co_key]]
        self._fire(case, p.committee, "assign", form)

    def _co_opinion(self, s: Step) -> None:
        self._fire(s.case, self.p.handlers[s.co_key], "co_opinion", {"opinion": self.rng.choice(data.CO_OPINIONS)})

    def _request_extension(self, s: Step) -> None:
        new_due = max(s.case.due or s.today, s.today) + timedelta(days=20)
        self._fire(s.case, self.p.handlers[s.lead_key], "request_extension", {
            "new_due_date": new_due.isoformat(), "reason": data.EXTENSION_REASON})

    def _grant_extension(self, s: Step) -> None:
        self._fire(s.case, self.p.committee, "grant_extension")

    def _answer(self, s: Step) -> None:
        prop = s.case.proposal
        kind = s.variant or ("in_plan" if prop.plan.startswith("answered") and self.rng.random() < 0.4 else "solved")
        form = {"classification": kind, "answer": data.ANSWERS[kind].format(dept=data.DEPARTMENTS[s.lead_key],
                                                                             measures=prop.measures)}
        if kind == "not_now":
            form["reason_not_now"] = data.REASON_NOT_NOW
        else:
            form["measures_taken"] = prop.measures
        self._fire(s.case, self.p.handlers[s.lead_key], "answer", form)

    def _rate(self, s: Step) -> None:
        result = s.variant or self.rng.choice(("satisfied", "satisfied", "basically_satisfied"))
        form = {"attitude": self.rng.choice(("satisfied", "basically_satisfied")), "result": result}
        if result == "unsatisfied":
            form["rating_comment"] = data.UNSATISFIED
        self._fire(s.case, s.case.proposer, "rate", form)

    def _supervise(self, s: Step) -> None:
        self._fire(s.case, self.p.committee, "supervise", {"supervision_note": data.SUPERVISION_NOTE})

    def _close_after_review(self, s: Step) -> None:
        self._fire(s.case, self.p.committee, "close_after_review", {"comment": data.COMMITTEE_CLOSE})


# Each planned step's name (before any ``:variant``) → the driver method that takes it.
STEPS: dict[str, Callable[[Driver, Step], None]] = {
    "start": Driver._start, "invite": Driver._invite, "co_sign": Driver._answer_invitation,
    "decline": Driver._answer_invitation, "return": Driver._return, "resubmit": Driver._resubmit,
    "withdraw": Driver._withdraw, "accept": Driver._accept, "reject": Driver._reject, "convert": Driver._convert,
    "answer_suggestion": Driver._answer_suggestion, "merge": Driver._merge, "endorse": Driver._endorse,
    "assign": Driver._assign, "co_opinion": Driver._co_opinion, "request_extension": Driver._request_extension,
    "grant_extension": Driver._grant_extension, "answer": Driver._answer, "rate": Driver._rate,
    "close_after_review": Driver._close_after_review, "supervise": Driver._supervise,
    "rate_suggestion": Driver._rate_suggestion,
}
