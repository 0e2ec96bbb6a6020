"""What the inspection workflows' notifications say, in Chinese and English."""

from __future__ import annotations

from engine.notify.texts import Text, text

TEXTS: dict[str, Text] = {
    "inspection_organised": text("请参加职工代表巡视检查：{title}", "You are on an inspection: {title}",
                                 "工会办公室组织了职工代表巡视检查“{title}”，您是参加的代表，请按时参加并记录发现的问题。",
                                 "The union office organised the representatives' inspection “{title}” with you "
                                 "taking part; please join it and record what you find."),
    "finding_assigned": text("巡视检查发现问题，请整改：{title}", "A finding to rectify: {title}",
                             "职工代表巡视检查发现的问题“{title}”交由本部门整改，请在期限内整改并报告。",
                             "The representatives' inspection found “{title}”, for your department to rectify; "
                             "please rectify it and report by the deadline."),
    "finding_reported": text("整改情况已报告，请验收：{title}", "Rectification reported, please check: {title}",
                             "责任部门已报告问题“{title}”的整改情况，请参加巡视的代表验收。",
                             "The department has reported the rectification of “{title}”; please check it."),
    "finding_refused": text("整改未通过验收：{title}", "Rectification not accepted: {title}",
                            "职工代表对问题“{title}”的整改验收不通过，请在新的期限内重新整改并报告。",
                            "The representatives did not accept the rectification of “{title}”; please "
                            "rectify it again and report by the new deadline."),
    "finding_escalated": text("整改两次未通过验收，请决定：{title}", "Refused twice, please decide: {title}",
                              "问题“{title}”的整改两次未通过职工代表验收，请工会主席决定。",
                              "The rectification of “{title}” was refused twice by the representatives; "
                              "please decide."),
    "finding_accepted": text("整改已通过验收：{title}", "Rectification accepted: {title}",
                             "问题“{title}”的整改已通过职工代表验收，销号。",
                             "The rectification of “{title}” was accepted by the representatives."),
    "finding_overdue": text("巡视问题整改逾期：{title}", "Finding overdue: {title}",
                            "巡视检查发现的问题“{title}”已超过整改期限，请督办。",
                            "The finding “{title}” is past its rectification deadline; please follow it up."),
    "finding_supervised": text("巡视问题督办：{title}", "Supervision of a finding: {title}",
                               "工会办公室对问题“{title}”督办：{note}",
                               "The union office supervises “{title}”: {note}"),
}
