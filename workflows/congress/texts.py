"""What the congress's notifications say, in Chinese and English: who took part is not secret, what
they chose is, so no text ever carries a choice."""

from __future__ import annotations

from engine.notify.texts import Text, text

TEXTS: dict[str, Text] = {
    # The congress: who took part is not secret, what they chose is; no text ever carries a choice.
    "congress_documents": text("会议文件已送达：{title}", "Session documents delivered: {title}",
                             "“{title}”的议程和会议文件已送达，请查阅并确认收到。",
                             "The agenda and documents of “{title}” have been delivered; please read them and "
                             "confirm that you received them."),
    "congress_documents_reminder": text("请确认收到会议文件：{title}", "Please confirm the documents: {title}",
                                      "您还没有确认收到“{title}”的会议文件，请查阅并确认收到。",
                                      "You have not yet confirmed receiving the documents of “{title}”; please "
                                      "read them and confirm."),
    "congress_opened": text("会议开幕，请签到：{title}", "The session has opened: {title}",
                          "“{title}”已开幕，请签到。", "“{title}” has opened; please check in."),
    "congress_check_in_reminder": text("请签到：{title}", "Please check in: {title}",
                                     "“{title}”正在进行，您还没有签到，请签到。",
                                     "“{title}” is in session and you have not checked in; please check in."),
    "congress_results": text("表决结果已公布：{title}", "Results published: {title}",
                           "“{title}”的表决结果已公布，请查看。",
                           "The results of the ballots of “{title}” have been published."),
    "ballot_vote_reminder": text("请投票：{title}", "Please vote: {title}",
                               "“{title}”有事项正在表决，您还没有投票，请到投票页面投票。",
                               "An item of “{title}” is open for voting and you have not voted yet; please vote "
                               "in the booth."),
    "ballot_result": text("表决事项结果：{title}", "Result of an item: {title}",
                        "“{title}”表决事项“{item}”已结束表决，结果已公布，请查看。",
                        "Voting on “{item}” at “{title}” has closed and its result is published."),
    "resolution_overdue": text("决议落实逾期：{title}", "Resolution overdue: {title}",
                             "决议“{title}”已超过落实期限，请尽快落实并报告。",
                             "The resolution “{title}” is past its deadline; please implement it and report now."),
    "resolution_reported": text("决议落实情况已报告：{title}", "Resolution reported on: {title}",
                              "各落实部门已报告决议“{title}”的落实情况，请审核办结。",
                              "Every department has reported on the resolution “{title}”; please review and "
                              "close it."),
}
