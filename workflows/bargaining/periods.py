"""The periods of an agreement after signing: filing (the employer's act), the review and the day of effect,
publication, the term and the renewal window, and the implementation checks every six calendar months.

A term in years or months ends the day before the corresponding day of the month it runs to, and on that
month's last day where it has no corresponding day (《民法典》 art. 202): a one-year term taking effect on
29 February 2024 ends on 28 February 2025."""

from __future__ import annotations

import calendar
from datetime import date, datetime, time, timedelta

from engine.core.context import ActionContext
from engine.core.i18n import Label
from engine.time.calendar import TZ
from workflows.bargaining.terms import L

WAGE = "wage_agreement"

RULE_FILING = {
    "collective_contract": L("《集体合同规定》第四十二条：集体合同自双方首席代表签字之日起由用人单位一方报送，"
                             "报送日期不能早于签字日期（{signed}）。",
                             "Collective Contract Provisions art. 42: the employer files the contract after both "
                             "chief negotiators signed; it cannot be filed before the signature ({signed})."),
    WAGE: L("《工资集体协商试行办法》第二十一条：工资协议签订后由企业报送，报送日期不能早于签字日期（{signed}）。",
            "Trial Measures on Collective Wage Bargaining art. 21: the enterprise files the wage agreement after it "
            "was signed; it cannot be filed before the signature ({signed})."),
}
RULE_TERM = {
    "collective_contract": L("《集体合同规定》第三十八条第一款：期限为 1 至 {most} 年。",
                             "Collective Contract Provisions art. 38 para. 1: the term is 1 to {most} years."),
    WAGE: L("《工资集体协商试行办法》第二十四条：工资集体协商一年进行一次，工资协议的期限为 1 年。",
            "Trial Measures on Collective Wage Bargaining art. 24: wages are bargained once a year; a wage "
            "agreement runs one year."),
}


def _day(value: str) -> date:
    return date.fromisoformat(value)


def _fmt(label: Label, **values: object) -> Label:
    return L(label.zh.format(**values), label.en.format(**values))


def add_months(day: date, months: int) -> date:
    """The corresponding day ``months`` later (or earlier), the month's last day where there is none
    (《民法典》 art. 202): 2024-02-29 + 12 → 2025-02-28; 2026-01-31 + 1 → 2026-02-28."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    return date(year, month + 1, min(day.day, calendar.monthrange(year, month + 1)[1]))


def term_end(effective: date, months: int) -> date:
    """The last day of a term of ``months`` that takes effect on ``effective``: the day before the corresponding
    day of the month it runs to, or that month's last day where it has none (《民法典》 art. 202), so that the
    next term can take effect the day after: 2024-02-29 + 12 → 2025-02-28; 2027-03-01 + 12 → 2028-02-29."""
    index = effective.year * 12 + effective.month - 1 + months
    year, month = divmod(index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    if effective.day > last:
        return date(year, month + 1, last)
    return date(year, month + 1, effective.day) - timedelta(days=1)


def count_days(ctx: ActionContext, key: str, start: date, days: int, follow: dict[str, int] | None = None) -> date:
    """Set ``data[key]`` to the last day of a period of ``days`` counted from the day after ``start`` (moved past
    a holiday), kept so that a holiday notice moves it."""
    return ctx.count_deadline(key, datetime.combine(start, time(12), TZ), days, "days", follow)


def _policy(ctx: ActionContext) -> dict:
    return ctx.data["policy"]


# -- guards -------------------------------------------------------------------------------------------------------
def term_in_range(ctx: ActionContext) -> dict[str, Label] | None:
    """1 to 3 years for a collective contract (art. 38), one year for a wage agreement (wage rules art. 24)."""
    most = 1 if ctx.data.get("kind") == WAGE else _policy(ctx)["max_term_years"]
    if not 1 <= ctx.form["term_years"] <= most:
        return {"term_years": _fmt(RULE_TERM.get(ctx.data.get("kind"), RULE_TERM["collective_contract"]),
                                   most=most)}
    return None


def filed_after_signing(ctx: ActionContext) -> dict[str, Label] | None:
    """Filing follows the signature; the administration receives what was submitted, not before."""
    signed = ctx.data.get("signed_on")
    if signed and _day(ctx.form["submitted_on"]) < _day(signed):
        rule = RULE_FILING.get(ctx.data.get("kind"), RULE_FILING["collective_contract"])
        return {"submitted_on": _fmt(rule, signed=signed)}
    if _day(ctx.form["received_on"]) < _day(ctx.form["submitted_on"]):
        return {"received_on": L("行政部门收到日期不能早于报送日期。",
                                 "The administration cannot receive it before it was submitted.")}
    return None


# -- effects ------------------------------------------------------------------------------------------------------
def filed(ctx: ActionContext) -> None:
    """The review period: a wage agreement takes effect 15 days after it was submitted (报送, wage rules
    art. 22), a collective contract 15 days after the administration received it (art. 47)."""
    policy = _policy(ctx)
    start = ctx.form["submitted_on"] if policy.get("effect_from") == "submitted" else ctx.form["received_on"]
    count_days(ctx, "review_ends", _day(start), policy["effect_days"], follow={"effective_on": 1})
    ctx.data["filing"] = {"by": ctx.actor_id, "submitted_on": ctx.form["submitted_on"],
                          "on_behalf": not ctx.db.holds(ctx.actor_id, "employer", ctx.organisation_id)
                          if ctx.actor_id is not None else False}


def took_effect(ctx: ActionContext) -> None:
    """The term, the renewal window, the publication deadline and the first implementation check."""
    policy, effective = _policy(ctx), _day(ctx.data["effective_on"])
    expires = term_end(effective, 12 * ctx.data["term_years"])
    ctx.data["expires_on"] = expires.isoformat()
    if policy.get("renewal_days"):
        opens = expires - timedelta(days=policy["renewal_days"])
    else:
        opens = add_months(expires, -policy["renewal_months"])
    ctx.data["renewal_opens"] = opens.isoformat()
    if policy.get("publication_days"):
        count_days(ctx, "publish_due", effective, policy["publication_days"])
    ctx.data["checks_due"] = 1
    ctx.data["next_check"] = _check_day(ctx, 1)


def _check_day(ctx: ActionContext, n: int) -> str:
    months = _policy(ctx).get("check_every_months", 6)
    return term_end(_day(ctx.data["effective_on"]), months * n).isoformat()


def check_due(ctx: ActionContext) -> None:
    """A check fell due: the next one is six calendar months after this one, however late it is recorded."""
    n = ctx.data.get("checks_due", 1) + 1
    ctx.data["checks_due"] = n
    ctx.data["next_check"] = _check_day(ctx, n)
