"""What a notification says, per kind, in Chinese and English: a subject line, a sentence, and the facts."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta
from typing import Any

from engine.calendar import TZ
from engine.i18n import Label


@dataclass(frozen=True, slots=True)
class Text:
    """A kind's subject and sentence; ``{title}`` is the case's title, ``{due}`` a deadline, and a sentence
    may name a plain value of the notification's payload (``{item}``)."""

    subject: Label
    body: Label


def _t(zh_subject: str, en_subject: str, zh_body: str, en_body: str) -> Text:
    return Text(Label(zh_subject, en_subject), Label(zh_body, en_body))


# The kinds workflows and the deadline sweep queue; any other kind gets GENERIC.
TEXTS: dict[str, Text] = {
    "submitted": _t("新申请待审查：{title}", "A request awaits review: {title}",
                    "“{title}”已提交，请审查。", "“{title}” has been submitted for your review."),
    "approved": _t("申请已批准：{title}", "Approved: {title}",
                   "您的申请“{title}”已获批准。", "Your request “{title}” has been approved."),
    "proposal_submitted": _t("新提案待审查：{title}", "A proposal awaits review: {title}",
                             "提案“{title}”已提交，请提案工作委员会审查。",
                             "The proposal “{title}” has been submitted for the proposal committee's review."),
    "proposal_resubmitted": _t("提案修改后重新提交：{title}", "A proposal was resubmitted: {title}",
                               "提案“{title}”已修改后重新提交，请审查。",
                               "The proposal “{title}” was revised and submitted again for review."),
    "co_sign_invitation": _t("附议邀请：{title}", "Invitation to co-sign: {title}",
                             "您被邀请附议提案“{title}”，请在征集期内作出选择。",
                             "You are invited to co-sign the proposal “{title}”; please answer within the "
                             "collection period."),
    "invitations_lapsed": _t("附议邀请已失效：{title}", "Co-sign invitations lapsed: {title}",
                             "征集期已结束，提案“{title}”的附议人数不足，已退回草稿。",
                             "The collection period ended before “{title}” had enough co-signers; it is a "
                             "draft again."),
    "proposal_accepted": _t("提案已立案：{title}", "Proposal accepted: {title}",
                            "您的提案“{title}”已立案。", "Your proposal “{title}” has been accepted."),
    "proposal_merged": _t("提案已并案：{title}", "Proposal merged: {title}",
                          "您的提案“{title}”已与内容相同的提案并案办理。",
                          "Your proposal “{title}” was merged with a proposal on the same matter."),
    "proposal_converted": _t("提案转为意见建议：{title}", "Proposal converted to a suggestion: {title}",
                             "您的提案“{title}”已转为意见建议，交有关部门办理。",
                             "Your proposal “{title}” was converted to a suggestion and sent to a department."),
    "suggestion_assigned": _t("意见建议交办：{title}", "Suggestion assigned: {title}",
                              "意见建议“{title}”已交贵部门办理。",
                              "The suggestion “{title}” has been assigned to your department."),
    "proposal_rejected": _t("提案不予立案：{title}", "Proposal not accepted: {title}",
                            "您的提案“{title}”不予立案，理由见提案页面。",
                            "Your proposal “{title}” was not accepted; the reason is on its page."),
    "proposal_returned": _t("提案退回修改：{title}", "Proposal returned for revision: {title}",
                            "您的提案“{title}”被退回修改，请修改后重新提交。",
                            "Your proposal “{title}” was returned for revision; please revise and resubmit it."),
    "proposal_assigned": _t("提案交办：{title}", "Proposal assigned: {title}",
                            "提案“{title}”已交贵部门主办，请在办理期限内答复。",
                            "The proposal “{title}” has been assigned to your department to handle and answer "
                            "by its deadline."),
    "proposal_co_assigned": _t("提案协办：{title}", "Proposal to co-handle: {title}",
                               "贵部门为提案“{title}”的协办部门，请提交协办意见。",
                               "Your department co-handles the proposal “{title}”; please send your opinion."),
    "proposal_answered": _t("提案已答复：{title}", "Proposal answered: {title}",
                            "您的提案“{title}”已答复，请对办理情况进行评价。",
                            "Your proposal “{title}” has been answered; please rate the answer."),
    "extension_requested": _t("延期申请：{title}", "Extension requested: {title}",
                              "承办部门申请延长提案“{title}”的办理期限，请决定。",
                              "The handling department asks for more time for “{title}”; please decide."),
    "extension_granted": _t("同意延期：{title}", "Extension granted: {title}",
                            "提案“{title}”的延期申请已获同意。", "The extension for “{title}” was granted."),
    "extension_refused": _t("不同意延期：{title}", "Extension refused: {title}",
                            "提案“{title}”的延期申请未获同意，请按原期限办理。",
                            "The extension for “{title}” was refused; the deadline stays as it was."),
    "proposal_rehandle": _t("提案重新办理：{title}", "Proposal to handle again: {title}",
                            "提案人对“{title}”的办理结果不满意，请重新办理。",
                            "The proposer was not satisfied with the answer to “{title}”; please handle it again."),
    "suggestion_answered": _t("意见建议已答复：{title}", "Suggestion answered: {title}",
                              "您的意见建议“{title}”已答复。", "Your suggestion “{title}” has been answered."),
    "proposal_overdue": _t("提案办理逾期：{title}", "Proposal overdue: {title}",
                           "提案“{title}”已超过办理期限，请督办。",
                           "The proposal “{title}” is past its handling deadline; please follow it up."),
    "reminder": _t("期限提醒：{title}", "Reminder: {title}",
                   "“{title}”的期限为 {due}，请及时办理。", "“{title}” is due {due}; please act in time."),
    "overdue": _t("逾期提醒：{title}", "Overdue: {title}",
                  "“{title}”已逾期，请尽快办理。", "“{title}” is overdue; please act on it now."),
    # The congress: who took part is not secret, what they chose is; no text ever carries a choice.
    "congress_documents": _t("会议文件已送达：{title}", "Session documents delivered: {title}",
                             "“{title}”的议程和会议文件已送达，请查阅并确认收到。",
                             "The agenda and documents of “{title}” have been delivered; please read them and "
                             "confirm that you received them."),
    "congress_documents_reminder": _t("请确认收到会议文件：{title}", "Please confirm the documents: {title}",
                                      "您还没有确认收到“{title}”的会议文件，请查阅并确认收到。",
                                      "You have not yet confirmed receiving the documents of “{title}”; please "
                                      "read them and confirm."),
    "congress_opened": _t("会议开幕，请签到：{title}", "The session has opened: {title}",
                          "“{title}”已开幕，请签到。", "“{title}” has opened; please check in."),
    "congress_check_in_reminder": _t("请签到：{title}", "Please check in: {title}",
                                     "“{title}”正在进行，您还没有签到，请签到。",
                                     "“{title}” is in session and you have not checked in; please check in."),
    "congress_results": _t("表决结果已公布：{title}", "Results published: {title}",
                           "“{title}”的表决结果已公布，请查看。",
                           "The results of the ballots of “{title}” have been published."),
    "ballot_vote_reminder": _t("请投票：{title}", "Please vote: {title}",
                               "“{title}”有事项正在表决，您还没有投票，请到投票页面投票。",
                               "An item of “{title}” is open for voting and you have not voted yet; please vote "
                               "in the booth."),
    "ballot_result": _t("表决事项结果：{title}", "Result of an item: {title}",
                        "“{title}”表决事项“{item}”已结束表决，结果已公布，请查看。",
                        "Voting on “{item}” at “{title}” has closed and its result is published."),
    "resolution_overdue": _t("决议落实逾期：{title}", "Resolution overdue: {title}",
                             "决议“{title}”已超过落实期限，请尽快落实并报告。",
                             "The resolution “{title}” is past its deadline; please implement it and report now."),
    "resolution_reported": _t("决议落实情况已报告：{title}", "Resolution reported on: {title}",
                              "各落实部门已报告决议“{title}”的落实情况，请审核办结。",
                              "Every department has reported on the resolution “{title}”; please review and "
                              "close it."),
}
GENERIC = _t("通知：{title}", "Notification: {title}", "“{title}”有新动态。", "There is news about “{title}”.")
NO_TITLE = Label("（无标题）", "(untitled)")
STEP = Label("环节：{step}", "Step: {step}")
DUE = Label("截止时间：{due}", "Due: {due}")
OPEN = Label("查看详情", "Open it")
GREETING = Label("{name}，您好：", "Dear {name},")
FOOTER = Label("此邮件由 unionflow 自动发送，请勿直接回复。在“通知设置”中可以关闭邮件通知：{link}",
               "unionflow sent this e-mail automatically; please do not reply. You can turn e-mail off in "
               "the notification settings: {link}")
DIGEST_SUBJECT = Label("每日汇总：{n} 项待办，{overdue} 项逾期", "Daily digest: {n} open tasks, {overdue} overdue")
DIGEST_INTRO = Label("截至 {date}，您共有 {n} 项待办事项。", "On {date} you have {n} open tasks in your inbox.")
DIGEST_GROUPS = {
    "overdue": Label("已逾期", "Overdue"),
    "soon": Label("3 天内到期", "Due within 3 days"),
    "open": Label("其他待办", "Other open tasks"),
}
DIGEST_MORE = Label("……另有 {n} 项，请到待办事项查看。", "… and {n} more; see your inbox.")
DIGEST_FOOTER = Label("每个工作日早上发送。在“通知设置”中可以关闭每日汇总：{link}",
                      "Sent every working morning. You can turn the daily digest off in the notification "
                      "settings: {link}")


@dataclass(frozen=True, slots=True)
class Entry:
    text: str
    link: str | None = None


@dataclass(frozen=True, slots=True)
class Section:
    heading: str
    entries: tuple[Entry, ...]


@dataclass(frozen=True, slots=True)
class Rendered:
    """A notification in one language, ready for a channel to format: plain text, never markup."""

    subject: str
    paragraphs: tuple[str, ...]
    link: str | None = None
    link_text: str = ""
    sections: tuple[Section, ...] = ()


def one_line(text: str | None) -> str:
    return " ".join((text or "").split())


def format_due(value: Any) -> str:
    """A deadline as people count it: one ending at 24:00 is its last day; else the Beijing time."""
    if value in (None, ""):
        return ""
    if isinstance(value, datetime):
        at = value
    else:
        try:
            at = datetime.fromisoformat(str(value))
        except ValueError:
            return str(value)
    local = (at if at.tzinfo else at.replace(tzinfo=UTC)).astimezone(TZ)
    if local.time() == time(0):
        return (local - timedelta(days=1)).date().isoformat()
    return local.strftime("%Y-%m-%d %H:%M")


def subject(kind: str, lang: str, title: str | None) -> str:
    return TEXTS.get(kind, GENERIC).subject(lang).format(title=one_line(title) or NO_TITLE(lang))


def summary(kind: str, title: str | None) -> Label:
    """The subject line in both languages, for the in-app list."""
    return Label(subject(kind, "zh", title), subject(kind, "en", title))


class _Facts(dict[str, str]):
    """A text's placeholders: the title and deadline, then the payload's plain values (``{item}``: a ballot
    item's title); one missing from the payload reads as a dash rather than failing the delivery."""

    def __init__(self, payload: dict[str, Any], **fixed: str) -> None:
        super().__init__({k: one_line(str(v)) for k, v in payload.items()
                          if isinstance(v, str | int) and not isinstance(v, bool)})
        self.update(fixed)

    def __missing__(self, key: str) -> str:
        return "—"


def render(kind: str, lang: str, *, title: str | None, payload: dict[str, Any], step: Label | None = None,
           link: str | None = None) -> Rendered:
    text = TEXTS.get(kind, GENERIC)
    name = one_line(title) or NO_TITLE(lang)
    due = format_due(payload.get("due_at"))
    paragraphs = [text.body(lang).format_map(_Facts(payload, title=name, due=due or "—"))]
    if step is not None:
        paragraphs.append(STEP(lang).format(step=step(lang)))
    # An overdue notice's own time is when it was repeated, not a deadline: it names none.
    if due and "{due}" not in text.body(lang) and not kind.endswith("overdue"):
        paragraphs.append(DUE(lang).format(due=due))
    return Rendered(subject(kind, lang, title), tuple(paragraphs), link, OPEN(lang))


def render_digest(lang: str, payload: dict[str, Any], case_link: Any, inbox_link: str) -> Rendered:
    """The daily digest: the user's open tasks grouped as overdue, due within 3 days, and the rest."""
    tasks = payload.get("tasks", [])
    total = int(payload.get("total", len(tasks)))
    overdue = int(payload.get("overdue", sum(1 for t in tasks if t.get("group") == "overdue")))
    sections = []
    for group, heading in DIGEST_GROUPS.items():
        entries = []
        for t in tasks:
            if t.get("group") != group:
                continue
            label = t.get("step") or ["", ""]
            step = Label(label[0], label[1] if len(label) > 1 else label[0])(lang)
            due = format_due(t.get("due_at"))
            words = [one_line(t.get("title")) or NO_TITLE(lang), step] + ([DUE(lang).format(due=due)] if due else [])
            entries.append(Entry(" · ".join(w for w in words if w), case_link(t.get("case_id"))))
        if entries:
            sections.append(Section(heading(lang), tuple(entries)))
    paragraphs = [DIGEST_INTRO(lang).format(date=payload.get("date", ""), n=total)]
    if total > len(tasks):
        paragraphs.append(DIGEST_MORE(lang).format(n=total - len(tasks)))
    return Rendered(DIGEST_SUBJECT(lang).format(n=total, overdue=overdue), tuple(paragraphs), inbox_link,
                    OPEN(lang), tuple(sections))
