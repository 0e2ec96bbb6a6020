"""The member register's names and words: its workflows (入会 admission, 会员关系接转 transfer), the register's
statuses, and who keeps the register."""

from __future__ import annotations

from engine.core.i18n import Label

ADMISSION = "member_admission"
TRANSFER = "member_transfer"
VERSION = 1
# Who keeps a union's register and reads its members' personal data; a federation reads the figures only.
KEEPERS = ("union_office",)
# Who reads a union's figures (member_counts): its office, and a federation's staff for the unions below it.
FIGURE_READERS = ("union_office", "federation_office")
STATUSES = {
    "member": Label("在册", "On the register"),
    "left": Label("已退会", "Left"),
    "transferred_out": Label("已转出", "Transferred out"),
}
GENDERS = {"female": Label("女", "Female"), "male": Label("男", "Male")}
JOINED_HOW = {
    "admission": Label("入会", "Admitted"),
    "transfer_in": Label("转入", "Transferred in"),
    "import": Label("导入", "Imported"),
}
# 《中国工会章程》 ch. 1 (会员): art. 1 (who may join) and art. 2 (joining by one's own application, approved by the
# base committee, a membership card issued); art. 3 lists a member's rights and art. 4 the duties; art. 5 moves the
# membership with the member's employment (会员组织关系随劳动（工作）关系变动，凭会员证接转); art. 6 the freedom to
# leave, and a member who stops paying dues without reason for six months and will not be persuaded is deemed to
# have left (退会).
CHARTER_JOIN = "《中国工会章程》第一条、第二条"
CHARTER_LEAVE = "《中国工会章程》第六条"


def L(zh: str, en: str) -> Label:  # noqa: N802 - reads like a constructor
    return Label(zh, en)
