"""What the member workflows' notifications say, in Chinese and English (no personal data beyond the title)."""

from __future__ import annotations

from engine.notify.texts import Text, text

TEXTS: dict[str, Text] = {
    "member_applied": text("新的入会申请：{title}", "A new application to join: {title}",
                           "收到入会申请“{title}”，请在期限内审核。",
                           "The application “{title}” has arrived; please review it in time."),
    "member_application_overdue": text("入会申请逾期未审核：{title}", "Application not reviewed in time: {title}",
                                       "入会申请“{title}”已超过审核期限，请尽快审核；工会主席已收到提醒。",
                                       "The application “{title}” is past its review deadline; please review it now. "
                                       "The union chair has been told."),
    "member_transfer_sent": text("会员关系转入待接收：{title}", "A membership transfer to accept: {title}",
                                 "有会员关系转入贵会“{title}”，请在期限内接收或说明不接收的理由。",
                                 "A member is being transferred to your union (“{title}”); please accept or decline "
                                 "by the deadline."),
    "member_transfer_overdue": text("会员关系转接逾期：{title}", "Transfer not accepted in time: {title}",
                                    "会员关系转接“{title}”已超过接收期限，接收方工会仍未办理；转出方工会已收到督办任务。",
                                    "The transfer “{title}” is past its deadline and the receiving union has not "
                                    "acted; the sending union has a task to follow it up."),
    "member_transfer_accepted": text("会员关系已转入：{title}", "Transfer accepted: {title}",
                                     "会员关系转接“{title}”已被接收方工会接收，会员已转入新的会员名册。",
                                     "The receiving union accepted the transfer “{title}”; the member is on its "
                                     "register now."),
    "member_transfer_declined": text("会员关系转接未被接收：{title}", "Transfer declined: {title}",
                                     "接收方工会未接收会员关系转接“{title}”，会员仍在本会名册，理由见转接记录。",
                                     "The receiving union declined the transfer “{title}”; the member stays on your "
                                     "register. The reason is on the transfer's page."),
    "member_transfer_requested": text("会员申请转出会员关系：{title}", "A member asks to transfer: {title}",
                                      "会员申请转接会员关系“{title}”，请核实身份后转出或说明理由。",
                                      "A member asks to transfer their membership (“{title}”); please check who they "
                                      "are and send it on, or say why not."),
}
