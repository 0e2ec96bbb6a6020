"""``[election]``: a plan's default term is three or five years, anything else refused at start-up naming the
article; the election texts render in both languages without a gap."""

from __future__ import annotations

import pytest

import workflows  # noqa: F401 - declares [election]
from config import Settings, SettingsError, load_settings
from engine.core.registry import Registry
from engine.notify import texts
from workflows import register_all
from workflows.elections import services as elections


def test_a_default_term_other_than_three_or_five_years_is_refused(tmp_path):
    path = tmp_path / "unionflow.toml"
    path.write_text("[election]\ndefault_term_years = 4\n", encoding="utf-8")
    with pytest.raises(SettingsError) as refused:
        load_settings(path, environ={})
    assert "election.default_term_years" in str(refused.value) and "art. 16" in str(refused.value)
    path.write_text("[election]\ndefault_term_years = 3\ncontested = false\n", encoding="utf-8")
    table = load_settings(path, environ={}).section("election")
    assert (table.default_term_years, table.contested) == (3, False)


def test_every_election_text_renders_in_both_languages():
    catalog = register_all(Registry(), Settings()).texts
    for kind in ("election_plan_submitted", "election_plan_approved", "election_plan_returned",
                 "election_result_reported", "election_result_approved", "election_result_returned",
                 "term_six_months", "term_three_months", "term_expired"):
        for lang in ("zh", "en"):
            rendered = texts.render(kind, lang, catalog=catalog, title="第四届工会委员会换届选举",
                                    payload={"reason": "请附候选人简历。", "expires_on": "2027-06-30"})
            assert "{" not in rendered.subject + rendered.paragraphs[0] and "—" not in rendered.paragraphs[0]


def test_the_standing_of_a_term_counts_the_months_back_from_its_end():
    from datetime import date

    from workflows.elections.views import standing

    ends = date(2027, 6, 30)
    assert [standing(ends, day) for day in (date(2026, 12, 29), date(2026, 12, 30), date(2027, 3, 30),
                                            date(2027, 6, 30), date(2028, 1, 1))] == ["ok", "six", "three", "past",
                                                                                      "past"]
    assert standing(None, date(2027, 1, 1)) == "none" and elections.STANDINGS["past"].en == "Past its term"
