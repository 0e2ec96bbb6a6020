"""What the federation's notifications say, in Chinese and English: an invitation to join, and its answer."""

from __future__ import annotations

from engine.notify.texts import Text, text

INVITED, ACCEPTED, DECLINED = "federation_invitation", "federation_invitation_accepted", \
    "federation_invitation_declined"
# The pages a notification links to: the union office's page for its higher union, the federation's invitations.
JOINING_PAGE, SENT_PAGE = "/federation/joining?union={id}", "/federation/invitations?federation={id}"
TEXTS: dict[str, Text] = {
    INVITED: text("入会邀请：{title}", "An invitation to join: {title}",
                  "{title}邀请本工会加入，请在“上级工会”页面接受或谢绝。",
                  "{title} invites your union to join it; accept or decline on the “Higher union” page."),
    ACCEPTED: text("已接受入会邀请：{title}", "Invitation accepted: {title}",
                   "{title}接受了入会邀请，已隶属本上级工会。", "{title} accepted the invitation and is now a member."),
    DECLINED: text("入会邀请被谢绝：{title}", "Invitation declined: {title}",
                   "{title}谢绝了入会邀请。", "{title} declined the invitation."),
}
