"""The documents of a bargaining case: the written request (要约书) to print or download as Word, the case file
to print, and the agreement as every staff member reads it once published."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from io import BytesIO

from flask import abort, render_template, send_file
from flask_login import login_required
from werkzeug.wrappers import Response

from engine import services
from web.bargaining import word
from web.bargaining.common import bp, case_of, event_day, event_form, parties, topic_items
from web.context import actor, env
from web.unions import today
from workflows.bargaining import services as bargaining

KIND_WORDS = {"collective_contract": "集体合同", "wage_agreement": "工资专项集体合同"}
TITLES = {"collective_contract": "集体协商要约书", "wage_agreement": "工资集体协商要约书"}


def chinese_date(day: date | str | None) -> str:
    if day is None or day == "":
        return ""
    if isinstance(day, str):
        day = date.fromisoformat(day)
    return f"{day.year}年{day.month}月{day.day}日"


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


def request_letter(view: services.CaseView) -> Letter:
    data = view.data
    kind = data.get("kind", "collective_contract")
    names = parties(view)
    own, other = ("union", "employer") if data.get("initiator") != "employer" else ("employer", "union")
    sender, addressee = names[own], names[other]
    policy = data.get("policy", {})
    laws = "《中华人民共和国劳动法》《中华人民共和国工会法》《集体合同规定》" + (
        "《工资集体协商试行办法》" if kind == "wage_agreement" else "")
    reply = (f"根据《集体合同规定》第三十二条，请贵方自收到本要约书之日起 {policy.get('reply_days', 20)} 日内以书面"
             "形式给予回应；无正当理由不得拒绝进行集体协商。")
    received = event_form(view, "send_request", "send_request_to_union").get("received_on")
    if received and data.get("reply_due"):
        reply += f"本要约书于{chinese_date(received)}送达贵方，回应期限至{chinese_date(data['reply_due'])}。"
    negotiators = (f"双方协商代表人数对等，每方不少于 {policy.get('min_negotiators', 3)} 人，并各确定一名首席代表"
                   "（《集体合同规定》第十九条、第二十条）。本方协商代表名单另行书面告知。")
    sections = [
        ("一、协商议题", topic_items(data.get("topics", ""))),
        ("二、协商代表", [negotiators]),
        ("三、书面回应", [reply]),
        ("四、联系方式", ["联系人：＿＿＿＿＿＿　联系电话：＿＿＿＿＿＿＿"]),
    ]
    dated = event_day(view, "send_request", "send_request_to_union") or today()
    title = TITLES.get(kind, TITLES["collective_contract"])
    return Letter(
        title=title, addressee=f"{addressee}：",
        opening=(f"根据{laws}等有关规定，为维护职工和企业双方的合法权益，促进劳动关系和谐稳定，{sender}提议与"
                 f"贵方就签订{KIND_WORDS.get(kind, '集体合同')}开展集体协商。现将有关事项函告如下："),
        sections=sections, sender=sender, dated=chinese_date(dated),
        receipt=[f"{sender}：", f"贵方《{title}》已于＿＿＿＿年＿＿月＿＿日收到。",
                 "收件方（盖章）：＿＿＿＿＿＿　签收人：＿＿＿＿＿＿"])


@bp.route("/<int:case_id>/request")
@login_required
def request_page(case_id: int) -> str:
    view = case_of(case_id)
    return render_template("bargaining/request.html", view=view, letter=request_letter(view))


@bp.route("/<int:case_id>/request.docx")
@login_required
def request_docx(case_id: int) -> Response:
    view = case_of(case_id)
    content = word.letter_document(request_letter(view))
    return send_file(BytesIO(content), as_attachment=True, download_name=f"要约书-{case_id}.docx",
                     mimetype="application/vnd.openxmlformats-officedocument.wordprocessingml.document")


@bp.route("/<int:case_id>/file")
@login_required
def case_file(case_id: int) -> str:
    view = case_of(case_id)
    info = services.describe(env(), view.summary.workflow, view.summary.spec_version)
    return render_template("bargaining/file.html", view=view, info=info, letter=request_letter(view),
                           printed_on=chinese_date(today()))


@bp.route("/<int:case_id>/agreement")
@login_required
def agreement(case_id: int) -> str:
    """The agreement for every staff member of the organisation, once published."""
    try:
        found = bargaining.agreement(env(), actor(), case_id)
    except services.NotFound:
        abort(404)
    except services.PermissionDenied:
        abort(403)
    view = found.view
    info = services.describe(env(), view.summary.workflow, view.summary.spec_version)
    return render_template("bargaining/agreement.html", view=view, info=info, names=parties(view), text=found.text,
                           expired=found.expired)
