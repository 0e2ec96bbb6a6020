"""The written request (要约书) of a bargaining case as it is served, and the facts it and the pages share: the
names of the two sides, what the case's actions recorded, the topics one by one."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from engine import services
from engine.core.env import Env
from engine.time.calendar import TZ
from workflows.bargaining.kinds import KINDS, kind_of
from workflows.bargaining.terms import EMPLOYER

TITLES = {code: kind.letter_title for code, kind in KINDS.items()}
SENT = ("send_request", "send_request_to_union")  # the actions that record the request's delivery
NUMBERING = re.compile(r"^\s*(?:[（(]?[一二三四五六七八九十\d]+[）)、.．]\s*)")


@dataclass(frozen=True)
class Parties:
    """The names of the two sides."""

    union: str
    employer: str


@dataclass
class Letter:
    """The written request as it is served: in Chinese, whatever the page's language, as the other side reads it."""

    title: str
    addressee: str
    opening: str
    sections: list[tuple[str, list[str]]]
    sender: str
    dated: str
    receipt: list[str] = field(default_factory=list)


def chinese_date(day: date | str | None) -> str:
    if day is None or day == "":
        return ""
    if isinstance(day, str):
        day = date.fromisoformat(day)
    return f"{day.year}年{day.month}月{day.day}日"


def enterprise_name(union_name: str) -> str:
    """The enterprise a union belongs to, as its name says (华东机械厂工会 → 华东机械厂)."""
    name = union_name.strip()
    return name.removesuffix("工会") if name.endswith("工会") and len(name) > 2 else name


def parties(env: Env, view: services.CaseView) -> Parties:
    """The names of the two sides: the union is the case's organisation; the other side's name was typed in."""
    union = services.get_organisation(env, view.summary.organisation_id).name
    data = view.data
    if data.get("initiator") == EMPLOYER:
        return Parties(data.get("counterpart") or union, enterprise_name(union))
    return Parties(union, data.get("counterpart") or enterprise_name(union))


def event_form(view: services.CaseView, *triggers: str) -> dict[str, Any]:
    """The form of the latest history entry of one of these actions ({} if none)."""
    for e in reversed(view.history):
        if e.trigger in triggers:
            return dict(e.payload.get("form", {}))
    return {}


def event_day(view: services.CaseView, *triggers: str) -> date | None:
    for e in reversed(view.history):
        if e.trigger in triggers:
            return e.created_at.astimezone(TZ).date()
    return None


def topic_items(text: str) -> list[str]:
    """The topics of a request one by one: a line each, or the parts of one line split at ；."""
    lines = [line.strip() for line in (text or "").splitlines() if line.strip()]
    if len(lines) == 1:
        lines = [part.strip() for part in lines[0].replace(";", "；").split("；") if part.strip()]
    return [line.rstrip("。；;") for line in lines]


def topics(view: services.CaseView) -> str:
    """The topics the request proposed, as written."""
    return str(view.data.get("topics") or "")


def topic_suggestions(view: services.CaseView) -> list[str]:
    """The request's topics without their numbering, offered as the topic of a staff opinion."""
    return [NUMBERING.sub("", t).strip() for t in topic_items(topics(view)) if NUMBERING.sub("", t).strip()]


def request_letter(env: Env, view: services.CaseView, today: date) -> Letter:
    """The written request: its legal grounds, the topics, the negotiators, the reply period and its receipt."""
    data = view.data
    kind = kind_of(data.get("kind"))
    names = parties(env, view)
    sender, addressee = (names.union, names.employer) if data.get("initiator") != EMPLOYER else (
        names.employer, names.union)
    policy = data.get("policy", {})
    laws = kind.laws
    reply = (f"根据《集体合同规定》第三十二条，请贵方自收到本要约书之日起 {policy.get('reply_days', 20)} 日内以书面"
             "形式给予回应；无正当理由不得拒绝进行集体协商。")
    received = event_form(view, *SENT).get("received_on")
    if received and data.get("reply_due"):
        reply += f"本要约书于{chinese_date(received)}送达贵方，回应期限至{chinese_date(data['reply_due'])}。"
    negotiators = (f"双方协商代表人数对等，每方不少于 {policy.get('min_negotiators', 3)} 人，并各确定一名首席代表"
                   "（《集体合同规定》第十九条、第二十条）。本方协商代表名单另行书面告知。")
    sections = [
        ("一、协商议题", topic_items(topics(view))),
        ("二、协商代表", [negotiators]),
        ("三、书面回应", [reply]),
        ("四、联系方式", ["联系人：＿＿＿＿＿＿　联系电话：＿＿＿＿＿＿＿"]),
    ]
    dated = event_day(view, *SENT) or today
    title, kind_words = kind.letter_title, kind.label.zh
    return Letter(
        title=title, addressee=f"{addressee}：",
        opening=(f"根据{laws}等有关规定，为维护职工和企业双方的合法权益，促进劳动关系和谐稳定，{sender}提议与"
                 f"贵方就签订{kind_words}开展集体协商。现将有关事项函告如下："),
        sections=sections, sender=sender, dated=chinese_date(dated),
        receipt=[f"{sender}：", f"贵方《{title}》已于＿＿＿＿年＿＿月＿＿日收到。",
                 "收件方（盖章）：＿＿＿＿＿＿　签收人：＿＿＿＿＿＿"])

