"""What the suggestion workflow's notifications say, in Chinese and English."""

from __future__ import annotations

from engine.notify.texts import Text, text

TEXTS: dict[str, Text] = {
    "suggestion_sent": text("新的合理化建议：{title}", "A new rationalisation suggestion: {title}",
                          "职工提出了合理化建议“{title}”，请分送承办部门评估。",
                          "A member of staff sent the suggestion “{title}”; route it to the department concerned."),
    "suggestion_received": text("合理化建议已分送：{title}", "Your suggestion was routed: {title}",
                              "您的合理化建议“{title}”已分送承办部门评估。",
                              "Your suggestion “{title}” was sent to the department concerned for assessment."),
    "suggestion_routed": text("合理化建议待评估：{title}", "A suggestion to assess: {title}",
                            "合理化建议“{title}”已分送本部门，请在期限内评估并说明理由。",
                            "The suggestion “{title}” was routed to your department: assess it by the deadline, "
                            "with a reason."),
    "suggestion_adopted": text("合理化建议已采纳：{title}", "Suggestion adopted: {title}",
                             "合理化建议“{title}”已被承办部门采纳，转入实施。",
                             "The suggestion “{title}” was adopted by the department and is being implemented."),
    "suggestion_not_adopted": text("合理化建议未被采纳：{title}", "Suggestion not adopted: {title}",
                                 "您的合理化建议“{title}”未被采纳，理由见建议页面。",
                                 "Your suggestion “{title}” was not adopted; the reason is on its page."),
    "suggestion_implemented": text("合理化建议已实施：{title}", "Suggestion implemented: {title}",
                                 "合理化建议“{title}”已实施，效益已记录。",
                                 "The suggestion “{title}” has been implemented and its benefit recorded."),
    "suggestion_awarded": text("合理化建议获奖：{title}", "Suggestion awarded: {title}",
                             "您的合理化建议“{title}”已评奖，详见年度奖励名单。",
                             "Your suggestion “{title}” received an award; see the year's award list."),
    "suggestion_assessment_overdue": text("合理化建议评估逾期：{title}", "Suggestion assessment overdue: {title}",
                                        "合理化建议“{title}”已超过评估期限，请尽快评估。",
                                        "The suggestion “{title}” is past its assessment deadline; assess it now."),
    "suggestion_implementation_overdue": text(
        "合理化建议实施逾期：{title}", "Suggestion implementation overdue: {title}",
        "合理化建议“{title}”已超过实施期限，请报告实施情况。",
        "The suggestion “{title}” is past its implementation deadline; report on its implementation."),
}
