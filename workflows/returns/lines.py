"""Every figure of the yearly statistical return (统计报表), defined once: its code (the template's marker), its
labels, its section, and how it is computed. The pages, the consolidation and the Excel template read this list."""

from __future__ import annotations

from dataclasses import dataclass

from workflows.returns.terms import L

COUNT, SHARE = "count", "share"


@dataclass(frozen=True, slots=True)
class Line:
    """One line of the return: a count the system computes (and the union may correct), or a share of two counts
    (computed from the final counts, never corrected, and in a consolidation from the summed counts)."""

    code: str
    label: L
    section: str
    how: L
    kind: str = COUNT
    of: tuple[str, str] = ("", "")  # a share: (numerator's code, denominator's code)


SECTIONS = {
    "members": L("会员", "Members"),
    "representatives": L("职工代表", "Representatives"),
    "congress": L("职工代表大会", "Staff and workers' congress"),
    "proposals": L("提案", "Proposals"),
    "bargaining": L("集体合同", "Collective agreements"),
    "disclosures": L("厂务公开", "Disclosure"),
    "requests": L("职工诉求", "Worker requests"),
}

LINES: tuple[Line, ...] = (
    Line("members_total", L("会员人数", "Members"), "members",
         L("年末（本年未完时为填报日）在册会员。", "Members on the register at the year's end (or today).")),
    Line("members_women", L("其中：女会员", "of whom women"), "members",
         L("在册会员中的女会员。", "Women among the members on the register.")),
    Line("members_admitted", L("本年新入会", "Admitted this year"), "members",
         L("本年内入会的人数（不含转入）。", "Members admitted in the year (not by transfer).")),
    Line("members_transferred_in", L("本年转入", "Transferred in this year"), "members",
         L("本年内从其他工会转入的人数。", "Members who transferred in from another union in the year.")),
    Line("members_left", L("本年减少（转出、退会）", "Left this year (transferred out, left)"), "members",
         L("本年内转出或退会的人数。", "Members who transferred out or left in the year.")),
    Line("reps_total", L("职工代表人数", "Representatives"), "representatives",
         L("本届代表名册中在册的代表。", "Active representatives on the newest term's roster.")),
    Line("reps_women", L("其中：女代表", "of whom women"), "representatives",
         L("代表名册中的女代表。", "Women on the roster.")),
    Line("reps_women_share", L("女代表比例", "Women's share"), "representatives",
         L("女代表 ÷ 职工代表人数。", "Women ÷ representatives."), SHARE, ("reps_women", "reps_total")),
    Line("reps_managers", L("其中：中层及以上管理人员", "of whom middle and senior managers"), "representatives",
         L("名册中类别为管理人员的代表。", "Representatives of the manager category on the roster.")),
    Line("reps_managers_share", L("管理人员代表比例", "Managers' share"), "representatives",
         L("管理人员代表 ÷ 职工代表人数（《企业民主管理规定》：不超过 20%）。",
           "Managers ÷ representatives (《企业民主管理规定》: at most 20%)."), SHARE, ("reps_managers", "reps_total")),
    Line("congress_sessions", L("召开职代会（次）", "Congress sessions held"), "congress",
         L("本年开幕的职代会会议。", "Sessions opened in the year.")),
    Line("congress_quorum_met", L("其中：到会代表达法定人数（次）", "of which with the quorum present"), "congress",
         L("签到代表达到全体代表三分之二以上的会议。", "Sessions where two thirds of all representatives checked in.")),
    Line("congress_secret_ballots", L("无记名投票表决事项（项）", "Items decided by secret ballot"), "congress",
         L("本年会议上已结束投票的表决事项。", "Ballot items closed at the year's sessions.")),
    Line("proposals_submitted", L("提案（件）", "Proposals submitted"), "proposals",
         L("本年提交的提案。", "Proposals submitted in the year.")),
    Line("proposals_accepted", L("立案（件）", "Accepted as proposals"), "proposals",
         L("本年提交并经审查立案的提案。", "Of those, accepted by the committee.")),
    Line("proposals_answered", L("已答复（件）", "Answered"), "proposals",
         L("本年提交且已答复的提案。", "Of those, answered.")),
    Line("proposals_on_time", L("其中：按期答复", "of which on time"), "proposals",
         L("在办理期限内答复的提案。", "Answered by the handling deadline.")),
    Line("proposals_satisfied", L("提案人满意（含基本满意）", "Proposer satisfied (or basically)"), "proposals",
         L("提案人评价为满意或基本满意的提案。", "Rated satisfied or basically satisfied by the proposer.")),
    Line("agreements_in_force", L("有效集体合同（份）", "Collective agreements in force"), "bargaining",
         L("填报时已生效且未期满的集体合同和专项合同，含覆盖本企业的区域性、行业性合同。",
           "Agreements in effect and not expired when computed, regional and industry ones covering it included.")),
    Line("agreements_filed", L("本年报送审查（份）", "Filed this year"), "bargaining",
         L("本年报送劳动保障行政部门审查的合同。", "Agreements filed with the labour administration in the year.")),
    Line("disclosures_published", L("厂务公开事项（项）", "Disclosure items published"), "disclosures",
         L("本年公开的厂务公开事项。", "Disclosure items published in the year.")),
    Line("requests_received", L("受理职工诉求（件）", "Worker requests received"), "requests",
         L("本年收到的职工诉求。", "Worker requests sent in the year.")),
    Line("requests_answered", L("其中：已答复", "of which answered"), "requests",
         L("本年收到且已答复的职工诉求。", "Of those, replied to.")),
)
BY_CODE = {line.code: line for line in LINES}
COUNTS = tuple(line.code for line in LINES if line.kind == COUNT)


def share(values: dict[str, int | None], line: Line) -> float | None:
    """A share line's value from the counts: None when the denominator is 0 or unknown."""
    part, whole = values.get(line.of[0]), values.get(line.of[1])
    return part / whole if part is not None and whole else None
