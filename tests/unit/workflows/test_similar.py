"""Similar proposals compare character bigrams: punctuation and a proposal's formulas do not count, and a proposal
about the same matter scores above one that only shares the form."""

from __future__ import annotations

from rapidfuzz import fuzz

from workflows.proposals.similar import MIN_SCORE, bigrams


def test_bigrams_leave_out_punctuation_and_formulas_and_do_not_span_them():
    assert bigrams("关于增设夜班窗口的提案。") == "增设 设夜 夜班 班窗 窗口"
    assert bigrams("食堂，夜班") == "食堂 夜班"  # no bigram across the comma
    assert bigrams("A1") == "a1" and bigrams("的提案") == ""


def test_the_same_matter_scores_above_the_cutoff_and_another_below():
    query = bigrams("关于夜班食堂供餐的提案 夜班职工吃饭难")
    same = bigrams("关于增设夜班食堂供餐窗口的提案 夜班职工下班后食堂已关门。")
    other = bigrams("关于更新装配车间空调的提案 夏季车间温度过高。")
    assert fuzz.token_set_ratio(query, same) >= 70 > MIN_SCORE > fuzz.token_set_ratio(query, other)
