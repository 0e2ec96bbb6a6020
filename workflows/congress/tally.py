"""Counting ballots: what a valid choice is for each item kind, the counters a vote adds to, paper tallies,
and the result under the item's pass rule. Pure functions, so the count can be checked against a direct one."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable, Mapping
from typing import Any

from engine.core.errors import ValidationFailed
from engine.core.i18n import Label
from workflows.congress.rules import PassRule

KINDS = ("motion", "election", "evaluation")
MOTION_CHOICES = ("agree", "disagree", "abstain")
MOTION_LABELS = {"agree": Label("赞成", "For"), "disagree": Label("反对", "Against"),
                 "abstain": Label("弃权", "Abstain")}
KIND_LABELS = {"motion": Label("议案", "Motion"), "election": Label("选举", "Election"),
               "evaluation": Label("民主评议", "Democratic evaluation")}
BAD_CHOICE = Label("选票内容无效，请重新选择。", "This vote is not valid; choose again.")
TOO_MANY = Label("最多可选 {k} 人。", "Choose at most {k}.")


def check_choice(kind: str, options: Mapping[str, Any], raw: Any) -> str:
    """The canonical form of a voter's choice, or ``ValidationFailed``: a motion is one of agree/disagree/
    abstain; an election a list of candidate positions, at most ``max_choices``; an evaluation one rating
    (or none) per manager."""
    if kind == "motion":
        if raw in MOTION_CHOICES:
            return json.dumps(raw)
    elif kind == "election":
        n, k = len(options["candidates"]), int(options["max_choices"])
        if isinstance(raw, list) and all(isinstance(i, int) and not isinstance(i, bool) and 0 <= i < n for i in raw):
            if len(set(raw)) != len(raw):
                raise ValidationFailed({"choice": [BAD_CHOICE]})
            if len(raw) > k:
                raise ValidationFailed({"choice": [TOO_MANY.format(k=k)]})
            return json.dumps(sorted(raw))
    elif kind == "evaluation":
        scale = [s[0] for s in options["scale"]]
        if isinstance(raw, list) and len(raw) == len(options["managers"]) and all(
                r is None or r in scale for r in raw):
            return json.dumps(raw, ensure_ascii=False)
    raise ValidationFailed({"choice": [BAD_CHOICE]})


def counter_keys(kind: str, options: Mapping[str, Any]) -> list[str]:
    """Every counter an item's result has, in display order."""
    if kind == "motion":
        return list(MOTION_CHOICES)
    if kind == "election":
        return [f"c{i}" for i in range(len(options["candidates"]))]
    return [f"m{i}:{s[0]}" for i in range(len(options["managers"])) for s in options["scale"]]


def counters(kind: str, choice: Any) -> list[str]:
    """The counters one (canonical, decoded) vote adds one to."""
    if kind == "motion":
        return [choice]
    if kind == "election":
        return [f"c{i}" for i in choice]
    return [f"m{i}:{r}" for i, r in enumerate(choice) if r is not None]


def count_votes(kind: str, options: Mapping[str, Any], choices: Iterable[str]) -> tuple[dict[str, int], int]:
    """Counters over stored (JSON) choices, and the number of ballots."""
    found: Counter[str] = Counter()
    ballots = 0
    for stored in choices:
        ballots += 1
        found.update(counters(kind, json.loads(stored)))
    return {k: found.get(k, 0) for k in counter_keys(kind, options)}, ballots


# -- paper -----------------------------------------------------------------------------------------------------
PAPER_BAD = Label("计票数字有误：{why}", "The tally does not add up: {why}")


def check_paper(kind: str, options: Mapping[str, Any], raw: Mapping[str, Any]) -> dict[str, int]:
    """A teller's count of one box: valid ballots, invalid ballots and every counter, as whole numbers that
    add up (a motion's three counts make the valid ballots; nobody has more votes than ballots)."""
    keys = ["ballots", "invalid", *counter_keys(kind, options)]
    counts: dict[str, int] = {}
    errors: dict[str, list[Label]] = {}
    for key in keys:
        value = raw.get(key, 0)
        try:
            number = int(value) if value not in ("", None) else 0
        except (TypeError, ValueError):
            errors[key] = [Label("请输入整数。", "Enter a whole number.")]
            continue
        if number < 0:
            errors[key] = [Label("不能为负数。", "Cannot be negative.")]
        counts[key] = number
    if errors:
        raise ValidationFailed(errors)
    ballots = counts["ballots"]
    if kind == "motion" and sum(counts[k] for k in MOTION_CHOICES) != ballots:
        raise ValidationFailed({"ballots": [PAPER_BAD.format(why="赞成+反对+弃权 ≠ 有效票 / for+against+abstain ≠ "
                                                                 "valid ballots")]})
    if kind == "election":
        k = int(options["max_choices"])
        if any(counts[c] > ballots for c in counter_keys(kind, options)) or \
                sum(counts[c] for c in counter_keys(kind, options)) > ballots * k:
            raise ValidationFailed({"ballots": [PAPER_BAD.format(why="得票多于有效票 / more votes than ballots")]})
    if kind == "evaluation":
        for i in range(len(options["managers"])):
            if sum(counts[f"m{i}:{s[0]}"] for s in options["scale"]) > ballots:
                raise ValidationFailed({"ballots": [PAPER_BAD.format(
                    why="评议票多于有效票 / more ratings than ballots")]})
    return counts


def confirmed_boxes(entries: Iterable[tuple[str, int, Mapping[str, int]]]) -> tuple[dict[str, dict[str, int]],
                                                                                       list[str]]:
    """Boxes whose count two different tellers entered identically, and boxes where tellers disagree or only
    one has entered (``entries``: box, teller, counts)."""
    by_box: dict[str, list[tuple[int, Mapping[str, int]]]] = {}
    for box, teller, counts in entries:
        by_box.setdefault(box, []).append((teller, counts))
    confirmed: dict[str, dict[str, int]] = {}
    open_boxes: list[str] = []
    for box, found in sorted(by_box.items()):
        agreed = next((dict(a) for i, (ta, a) in enumerate(found) for tb, b in found[i + 1:]
                       if ta != tb and dict(a) == dict(b)), None)
        if agreed is None:
            open_boxes.append(box)
        else:
            confirmed[box] = agreed
    return confirmed, open_boxes


# -- the result ------------------------------------------------------------------------------------------------
def result(kind: str, options: Mapping[str, Any], rule: PassRule | None, *, eligible: int, present: int,
           participants: int, online: Mapping[str, int], online_ballots: int,
           paper: Iterable[Mapping[str, int]]) -> dict[str, Any]:
    """Counts, turnout and the outcome: a motion passes and a candidate is elected when the rule is met
    against all representatives of the term (or those present, if the rule says so)."""
    counts = dict(online)
    ballots, invalid = online_ballots, 0
    for box in paper:
        ballots += box["ballots"]
        invalid += box["invalid"]
        for key in counts:
            counts[key] += box.get(key, 0)
    out: dict[str, Any] = {"eligible": eligible, "present": present, "participants": participants,
                           "ballots": ballots, "invalid": invalid, "counts": counts}
    if rule is not None:
        base = eligible if rule.basis == "all" else present
        out.update(rule=rule.name, base=base, needed=rule.fraction.needed(base))
        if kind == "motion":
            out["passed"] = rule.fraction.met(counts["agree"], base)
        elif kind == "election":
            k = int(options["max_choices"])
            ranked = sorted((i for i in range(len(options["candidates"])) if rule.fraction.met(counts[f"c{i}"], base)),
                            key=lambda i: -counts[f"c{i}"])
            tie = len(ranked) > k and counts[f"c{ranked[k - 1]}"] == counts[f"c{ranked[k]}"]
            elected = [i for i in ranked[:k] if not tie or counts[f"c{i}"] > counts[f"c{ranked[k]}"]]
            out.update(elected=sorted(elected), tie=tie, passed=bool(elected))
    if kind == "evaluation":
        shares = {}
        for i in range(len(options["managers"])):
            rated = sum(counts[f"m{i}:{s[0]}"] for s in options["scale"])
            shares[str(i)] = {s[0]: (counts[f"m{i}:{s[0]}"] / rated if rated else 0.0) for s in options["scale"]}
        out["shares"] = shares
    return out
