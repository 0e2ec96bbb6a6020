"""What a notification says, per kind, in Chinese and English: a subject line, a sentence, and the facts."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta
from typing import Any

from engine.core.i18n import Label
from engine.time.calendar import TZ


@dataclass(frozen=True, slots=True)
class Text:
    """A kind's subject and sentence; ``{title}`` is the case's title, ``{due}`` a deadline, and a sentence
    may name a plain value of the notification's payload (``{item}``)."""

    subject: Label
    body: Label


def text(zh_subject: str, en_subject: str, zh_body: str, en_body: str) -> Text:
    return Text(Label(zh_subject, en_subject), Label(zh_body, en_body))


# The engine's own kinds (the deadline sweep's); workflows register theirs beside them (``Registry.texts``);
# any other kind gets GENERIC.
TEXTS: dict[str, Text] = {
    "submitted": text("新申请待审查：{title}", "A request awaits review: {title}",
                    "“{title}”已提交，请审查。", "“{title}” has been submitted for your review."),
    "approved": text("申请已批准：{title}", "Approved: {title}",
                   "您的申请“{title}”已获批准。", "Your request “{title}” has been approved."),
    "reminder": text("期限提醒：{title}", "Reminder: {title}",
                   "“{title}”的期限为 {due}，请及时办理。", "“{title}” is due {due}; please act in time."),
    "overdue": text("逾期提醒：{title}", "Overdue: {title}",
                  "“{title}”已逾期，请尽快办理。", "“{title}” is overdue; please act on it now."),
    "audit_checkpoint": text(
        "历史记录锚点：{title}", "History checkpoint: {title}",
        "unionflow 于 {at} 对 {size} 个案件的历史记录计算了默克尔根 {root}，签名 {signature}（公钥 {key}）。"
        "请保存本邮件：日后用 `unionflow audit verify` 核对，可发现此前的历史记录是否被改写。",
        "At {at} unionflow anchored the history of {size} cases in the Merkle root {root}, signed {signature} "
        "(public key {key}). Keep this e-mail: checked later with `unionflow audit verify`, it shows whether "
        "any history written before it was rewritten."),
    "comment": text("新评论：{title}", "New comment: {title}",
                    "{author}在“{title}”中评论：{excerpt}", "{author} commented on “{title}”: {excerpt}"),
    "export_ready": text("您的导出文件已生成", "Your export is ready",
                         "“{title}”已生成，请在 7 天内下载。", "“{title}” is ready; download it within 7 days."),
}
GENERIC = text("通知：{title}", "Notification: {title}", "“{title}”有新动态。", "There is news about “{title}”.")
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


def subject(kind: str, lang: str, title: str | None, catalog: Mapping[str, Text] = TEXTS) -> str:
    return catalog.get(kind, GENERIC).subject(lang).format(title=one_line(title) or NO_TITLE(lang))


def summary(kind: str, title: str | None, catalog: Mapping[str, Text] = TEXTS) -> Label:
    """The subject line in both languages, for the in-app list."""
    return Label(subject(kind, "zh", title, catalog), subject(kind, "en", title, catalog))


class _Facts(dict[str, str]):
    """A text's placeholders: the title and deadline, then the payload's plain values (``{item}``: an
    item's title); one missing from the payload reads as a dash rather than failing the delivery."""

    def __init__(self, payload: dict[str, Any], **fixed: str) -> None:
        super().__init__({k: one_line(str(v)) for k, v in payload.items()
                          if isinstance(v, str | int) and not isinstance(v, bool)})
        self.update(fixed)

    def __missing__(self, key: str) -> str:
        return "—"


def render(kind: str, lang: str, *, title: str | None, payload: dict[str, Any], step: Label | None = None,
           link: str | None = None, catalog: Mapping[str, Text] = TEXTS) -> Rendered:
    text = catalog.get(kind, GENERIC)
    name = one_line(title) or NO_TITLE(lang)
    due = format_due(payload.get("due_at"))
    paragraphs = [text.body(lang).format_map(_Facts(payload, title=name, due=due or "—"))]
    if step is not None:
        paragraphs.append(STEP(lang).format(step=step(lang)))
    # An overdue notice's own time is when it was repeated, not a deadline: it names none.
    if due and "{due}" not in text.body(lang) and not kind.endswith("overdue"):
        paragraphs.append(DUE(lang).format(due=due))
    return Rendered(subject(kind, lang, title, catalog), tuple(paragraphs), link, OPEN(lang))


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
