"""What the disclosure register's notifications say, in Chinese and English."""

from __future__ import annotations

from engine.notify.texts import Text, text

TEXTS: dict[str, Text] = {
    "disclosure_due": text("厂务公开待公开：{title}", "Disclosure to publish: {title}",
                           "“{title}”本期公开已生成，请在期限内公开。",
                           "This period's item “{title}” is made; please publish it in time."),
    "disclosure_overdue": text("厂务公开逾期：{title}", "Disclosure overdue: {title}",
                               "“{title}”已超过公开期限仍未公开，请尽快公开；工会办公室已收到督办任务。",
                               "“{title}” is past its deadline and not published; please publish it now. The union "
                               "office has a task to follow it up."),
    "disclosure_published": text("厂务公开已公开：{title}", "Disclosure published: {title}",
                                 "“{title}”已公开，职工可查阅并提问。",
                                 "“{title}” is published; staff may read it and ask questions."),
    "disclosure_question": text("职工对厂务公开提问：{title}", "A question on a disclosure: {title}",
                                "职工对“{title}”提出了问题，请在期限内答复。",
                                "A member of staff asked a question on “{title}”; please answer it in time."),
    "disclosure_question_overdue": text("提问答复逾期：{title}", "Question not answered in time: {title}",
                                        "对厂务公开的提问“{title}”已超过答复期限，请尽快答复；工会办公室已收到督办任务。",
                                        "The question “{title}” on a disclosure is past its deadline; please answer "
                                        "it now. The union office has a task to follow it up."),
    "disclosure_answered": text("您的提问已答复：{title}", "Your question was answered: {title}",
                                "您对厂务公开的提问“{title}”已答复，答复显示在公开事项下。",
                                "Your question “{title}” on a disclosure was answered; the answer is shown under "
                                "the item."),
}
