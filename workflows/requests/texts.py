"""What the worker requests workflow's notifications say, in Chinese and English (never the sender's name)."""

from __future__ import annotations

from engine.notify.texts import Text, text

TEXTS: dict[str, Text] = {
    "request_sent": text("新的职工诉求待登记：{title}", "A worker request awaits registration: {title}",
                         "职工诉求“{title}”已提交，请登记办理。",
                         "The worker request “{title}” has been sent; please register it."),
    "request_registered": text("诉求已登记：{title}", "Request registered: {title}",
                               "您的诉求“{title}”已由工会办公室登记办理，将在期限内答复。",
                               "The union office registered your request “{title}”; you will have a reply by its "
                               "deadline."),
    "request_routed": text("职工诉求交办：{title}", "A worker request for your department: {title}",
                           "职工诉求“{title}”已交贵部门办理，请在期限内答复。",
                           "The worker request “{title}” was routed to your department; please answer by its "
                           "deadline."),
    "request_department_answered": text("部门已答复诉求：{title}", "A department answered a request: {title}",
                                        "承办部门已答复职工诉求“{title}”，请审核后答复来信人。",
                                        "The department answered the request “{title}”; please check it and reply "
                                        "to the sender."),
    "request_replied": text("诉求已答复：{title}", "Your request has a reply: {title}",
                            "您的诉求“{title}”已答复，请对答复进行评价。",
                            "Your request “{title}” has been answered; please rate the reply."),
    "request_main_replied": text("并件办理的诉求已答复：{title}", "The request yours joined has a reply: {title}",
                                 "与您的诉求并件办理的诉求“{title}”已答复，答复见您的诉求页面。",
                                 "The request “{title}”, which yours was merged into, has been answered; the reply "
                                 "is on your request's page."),
    "request_merged": text("诉求已并件办理：{title}", "Request merged: {title}",
                           "您的诉求“{title}”与内容相同的诉求并件办理，答复将显示在您的诉求页面。",
                           "Your request “{title}” was merged with one on the same matter; its reply will show on "
                           "your request's page."),
    "request_conversion": text("建议将诉求转为提案：{title}", "Turn your request into a proposal? {title}",
                               "工会办公室建议将您的诉求“{title}”转为职代会提案，请决定是否同意。",
                               "The union office suggests turning your request “{title}” into a congress "
                               "proposal; please say whether you agree."),
    "request_converted": text("诉求已转为提案：{title}", "Request turned into a proposal: {title}",
                              "来信人同意将诉求“{title}”转为提案，提案草稿已生成。",
                              "The sender agreed; a draft proposal was started from “{title}”."),
    "request_conversion_declined": text("来信人不同意转为提案：{title}", "The sender declined a proposal: {title}",
                                        "来信人不同意将诉求“{title}”转为提案，请直接办理答复。",
                                        "The sender would rather have “{title}” answered as a request; please "
                                        "handle it."),
    "request_reopened": text("诉求重新办理：{title}", "Request to handle again: {title}",
                             "诉求“{title}”需重新办理，请在期限内答复。",
                             "The request “{title}” is to be handled again; please reply by its deadline."),
    "request_to_chair": text("诉求两次评价不满意：{title}", "A request rated unsatisfied twice: {title}",
                             "职工诉求“{title}”重新办理后仍评价为不满意，请工会主席督办。",
                             "The request “{title}” was rated unsatisfied again after being handled again; "
                             "please supervise it."),
    "request_overdue": text("诉求答复已逾期：{title}", "A request's reply is overdue: {title}",
                            "职工诉求“{title}”已超过答复期限，请尽快答复。",
                            "The reply to the request “{title}” is overdue; please reply."),
    "request_register_overdue": text("诉求未按时登记：{title}", "A request awaits registration: {title}",
                                     "职工诉求“{title}”已超过登记期限，请尽快登记。",
                                     "The request “{title}” is past its registration deadline; please register "
                                     "it."),
    "request_department_overdue": text("部门答复诉求已逾期：{title}", "A department's answer is overdue: {title}",
                                       "承办部门答复职工诉求“{title}”已超过期限。",
                                       "The department's answer to the request “{title}” is overdue."),
}
