"""What the agenda topic workflow's notifications say, in Chinese and English."""

from __future__ import annotations

from engine.notify.texts import Text, text

YOURS = "您提出（或已并入）的议题"
YOURS_EN = "The topic “{title}” (yours, or one yours was grouped under)"
TEXTS: dict[str, Text] = {
    "agenda_topic_on_agenda": text("您征集的议题已列入会议议程：{title}", "A topic is on the agenda: {title}",
                                   YOURS + "“{title}”已列入职代会议程：{note}",
                                   YOURS_EN + " is on the congress's agenda: {note}"),
    "agenda_topic_grouped": text("您征集的议题已合并：{title}", "Your topic was grouped: {title}",
                                 "您提出的议题“{title}”与同类议题合并为“{note}”一并处理，其结果也将告知您。",
                                 "Your topic “{title}” was grouped with similar ones under “{note}”; you will be "
                                 "told what becomes of it."),
    "agenda_topic_declined": text("您征集的议题未列入议程：{title}", "A topic is not on the agenda: {title}",
                                  YOURS + "“{title}”未列入本次会议议程，理由：{note}",
                                  YOURS_EN + " is not on this session's agenda. The reason: {note}"),
    "agenda_topic_sort_overdue": text("议题待整理已逾期：{title}", "Topic not sorted in time: {title}",
                                      "征集到的议题“{title}”已超过整理期限，请尽快确定是否列入议程。",
                                      "The topic “{title}” is past its deadline for sorting; please decide "
                                      "whether it goes on the agenda."),
}
