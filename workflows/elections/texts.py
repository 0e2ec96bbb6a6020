"""What the election workflows' notifications say, in Chinese and English."""

from __future__ import annotations

from engine.notify.texts import Text, text

TEXTS: dict[str, Text] = {
    "election_plan_submitted": text("换届选举方案待批复：{title}", "An election plan awaits your approval: {title}",
                                    "所属工会报送了换届选举工作方案“{title}”，请审查并批复。",
                                    "A member union sent its committee election plan “{title}”; please review and "
                                    "approve or return it."),
    "election_plan_approved": text("换届选举方案已批复同意：{title}", "Election plan approved: {title}",
                                   "上级工会已批复同意换届选举工作方案“{title}”，可以按方案组织选举。",
                                   "The higher union approved the election plan “{title}”; the election may be "
                                   "held as planned."),
    "election_plan_returned": text("换届选举方案被退回：{title}", "Election plan returned: {title}",
                                   "上级工会退回了换届选举工作方案“{title}”：{reason}",
                                   "The higher union returned the election plan “{title}”: {reason}"),
    "election_result_reported": text("换届选举结果待批复：{title}", "An election result awaits approval: {title}",
                                     "所属工会报送了换届选举结果“{title}”，请审查并批复。",
                                     "A member union reported the result of its committee election “{title}”; "
                                     "please review and approve it."),
    "election_result_approved": text("换届选举结果已批复：{title}", "Election result approved: {title}",
                                     "上级工会已批复同意换届选举结果“{title}”，新一届委员会任期开始。",
                                     "The higher union approved the result of “{title}”; the new committee's term "
                                     "has begun."),
    "election_result_returned": text("换届选举结果被退回：{title}", "Election result returned: {title}",
                                     "上级工会退回了换届选举结果报告“{title}”：{reason}",
                                     "The higher union returned the result report of “{title}”: {reason}"),
    "term_six_months": text("工会委员会任期将于 6 个月内届满", "The committee's term ends within six months",
                            "本届工会委员会任期将于 {expires_on} 届满，请着手筹备换届选举，"
                            "制定选举工作方案报上级工会审批。",
                            "The union committee's term ends on {expires_on}; please prepare the election and send "
                            "the election plan to the higher union for approval."),
    "term_three_months": text("工会委员会任期将于 3 个月内届满", "The committee's term ends within three months",
                              "本届工会委员会任期将于 {expires_on} 届满，尚未完成换届选举，请抓紧筹备。",
                              "The union committee's term ends on {expires_on} and the election is not done yet; "
                              "please hurry its preparation."),
    "term_expired": text("任期已届满未换届：{title}", "Term over, no election: {title}",
                         "“{title}”已于 {expires_on} 届满，尚未完成换届选举，请督促按期换届。",
                         "“{title}” ended on {expires_on} without an election; please see that the union holds "
                         "one."),
}
