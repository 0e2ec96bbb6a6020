"""What collective bargaining's notifications say, in Chinese and English."""

from __future__ import annotations

from engine.notify.texts import Text, text

TEXTS: dict[str, Text] = {
    # Collective bargaining: the steps people must act on, and the agreement's publication to the staff.
    "bargaining_dispute": text("协商争议待协调：{title}", "Bargaining dispute: {title}",
                             "“{title}”的协商要约被拒绝或逾期未获书面回应，请提请上级工会和劳动保障行政部门协调处理。",
                             "The request in “{title}” was refused or not answered in writing in time; please ask "
                             "the higher-level union and the labour administration to coordinate."),
    "bargaining_vote_passed": text("职代会通过合同草案：{title}", "Draft passed by the congress: {title}",
                                 "职代会已表决通过“{title}”的合同草案，请双方首席代表签字。",
                                 "The congress passed the draft agreement of “{title}”; the two chief negotiators "
                                 "can now sign it."),
    "bargaining_vote_failed": text("合同草案未获通过：{title}", "Draft not passed: {title}",
                                 "职代会未通过“{title}”的合同草案，协商回到协商会议环节。",
                                 "The congress did not pass the draft agreement of “{title}”; the talks return to "
                                 "the negotiation rounds."),
    "bargaining_filing_overdue": text("报送审查逾期：{title}", "Filing overdue: {title}",
                                    "“{title}”已超过报送劳动保障行政部门审查的期限，请尽快报送。",
                                    "“{title}” is past its deadline for filing with the labour administration; "
                                    "please file it now."),
    "bargaining_effective": text("集体合同已生效：{title}", "Agreement in effect: {title}",
                               "“{title}”审查期满未收到审查意见，合同已生效，请及时向全体职工公布。",
                               "The review period of “{title}” ended without objection and the agreement is in "
                               "effect; please publish it to all staff promptly."),
    "bargaining_published": text("集体合同已公布：{title}", "Agreement published: {title}",
                               "“{title}”已向全体职工公布，请查阅合同文本。",
                               "“{title}” has been published to all staff; you can read the agreement."),
    "bargaining_renewal_window": text("集体合同进入续订期：{title}", "Renewal window open: {title}",
                                    "“{title}”将于 {expires_on} 期满，双方均可在期满前提出续订要求。",
                                    "“{title}” expires on {expires_on}; either side may now request its renewal."),
    "bargaining_publication_overdue": text("公布逾期：{title}", "Publication overdue: {title}",
                                         "“{title}”已生效，已超过向全体职工公布的期限，请尽快公布。",
                                         "“{title}” is in effect and past its deadline for publication to all "
                                         "staff; please publish it now."),
    # Disputes (《集体合同规定》 arts. 49–55): the employer told of the union's refusal or silence, the other side told
    # of an application for coordination, and the office of a coordination past its period.
    "bargaining_dispute_employer": text("协商要约被拒绝或未获回应：{title}", "Request refused or not answered: {title}",
                                      "工会拒绝了“{title}”的协商要约或逾期未书面回应，贵方可书面申请劳动保障行政部门"
                                      "协调处理（《集体合同规定》第四十九条）。",
                                      "The union refused the request in “{title}” or did not answer it in writing in "
                                      "time; you may ask the labour administration in writing to coordinate "
                                      "(Collective Contract Provisions art. 49)."),
    "bargaining_coordination_requested": text("对方已申请协调处理：{title}", "Coordination requested: {title}",
                                            "{side}已于 {requested_on} 就“{title}”的协商争议书面申请劳动保障行政部门"
                                            "协调处理（《集体合同规定》第四十九条），请准备情况说明并配合协调。",
                                            "The other side asked the labour administration on {requested_on} to "
                                            "coordinate the dispute in “{title}” (Collective Contract Provisions "
                                            "art. 49); please prepare your account and take part."),
    "bargaining_coordination_overdue": text("协调处理逾期：{title}", "Coordination overdue: {title}",
                                          "“{title}”的争议协调处理已超过《集体合同规定》第五十三条规定的期限，请督促劳动"
                                          "保障行政部门结束协调，并登记协调结果。",
                                          "The coordination of the dispute in “{title}” is past the period of "
                                          "Collective Contract Provisions art. 53; please follow it up with the labour "
                                          "administration and record the outcome."),
    # A change or termination took effect (《集体合同规定》 arts. 39–41).
    "bargaining_changed": text("集体合同已变更：{title}", "Agreement changed: {title}",
                             "“{title}”的变更协议已生效，合同按变更后的文本履行。",
                             "The change to “{title}” has taken effect; the agreement is performed as changed."),
    "bargaining_terminated": text("集体合同已解除：{title}", "Agreement terminated: {title}",
                                "“{title}”的解除协议已生效，合同自生效之日起解除。",
                                "The termination of “{title}” has taken effect; the agreement ends."),
}
# Version 1 queued the same notice under its old kind; rows already queued keep their text.
TEXTS["bargaining_in_effect"] = TEXTS["bargaining_effective"]
