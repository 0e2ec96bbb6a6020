"""Draft versions compared clause by clause."""

from workflows.bargaining.clauses import compare, split

V1 = "第一条 本合同适用于全体职工。\n第二条 平均工资增长6%。\n第三条 加班工资以基本工资为基数。"
V2 = "第一条 本合同适用于全体职工。\n第二条 平均工资增长5.5%，\n一线职工不低于6%。\n第四条 夜班津贴每班30元。"


def test_clauses_are_split_on_their_headings_and_keep_continuation_lines():
    assert split(V2) == ["第一条 本合同适用于全体职工。", "第二条 平均工资增长5.5%，\n一线职工不低于6%。",
                         "第四条 夜班津贴每班30元。"]


def test_a_comparison_says_which_clause_stayed_changed_was_removed_or_added():
    rows = [(r.change, r.heading) for r in compare(V1, V2)]
    assert rows == [("same", "第一条"), ("changed", "第二条"), ("removed", "第三条"), ("added", "第四条")]
    same = [("same", "第一条"), ("same", "第二条"), ("same", "第三条")]
    assert [(r.change, r.heading) for r in compare(V1, V1)] == same


def test_texts_without_headings_compare_by_paragraph():
    rows = compare("甲\n\n乙\n\n丙", "甲\n\n丙\n\n丁")
    assert [(r.change, r.old, r.new) for r in rows] == [("same", "甲", "甲"), ("removed", "乙", ""),
                                                        ("same", "丙", "丙"), ("added", "", "丁")]
    assert [(r.change, r.old, r.new) for r in compare("甲\n\n乙", "甲\n\n乙改")] == [
        ("same", "甲", "甲"), ("changed", "乙", "乙改")]
