"""``[bargaining]`` may shorten a union's own duties, never take what the law gives: a value beyond its bound
is refused at start-up, naming the key and the article."""

from __future__ import annotations

import pytest

import workflows  # noqa: F401 - declares [bargaining]
from config import SettingsError, load_settings


@pytest.mark.parametrize("text, message", [
    ("[bargaining]\nmax_term_years = 5\n", "bargaining.max_term_years: at most 3 (《集体合同规定》 art. 38 para. 1)"),
    ("[bargaining]\nrenewal_months = 6\n", "bargaining.renewal_months: must be 3 (《集体合同规定》 art. 38 para. 2)"),
    ("[bargaining]\nwage_renewal_days = 30\n",
     "bargaining.wage_renewal_days: must be 60 (《工资集体协商试行办法》 art. 24)"),
    ("[bargaining]\nreply_days = 10\n", "bargaining.reply_days: at least 20 (《集体合同规定》 art. 32)"),
    ("[bargaining]\nmin_negotiators = 2\n", "bargaining.min_negotiators: at least 3 (《集体合同规定》 art. 19)"),
    ("[bargaining.filing_days]\nwage_agreement = 10\n",
     "bargaining.filing_days.wage_agreement: at most 7 (《工资集体协商试行办法》 art. 21)"),
    ("[bargaining.publication_days]\nwage_agreement = 7\n",
     "bargaining.publication_days.wage_agreement: at most 5 (《工资集体协商试行办法》 art. 23)"),
])
def test_bargaining_config_beyond_the_law_is_refused_naming_the_article(tmp_path, text, message):
    path = tmp_path / "unionflow.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(SettingsError) as refused:
        load_settings(path, environ={})
    assert message in str(refused.value)


def test_stricter_bargaining_config_is_taken(tmp_path):
    path = tmp_path / "unionflow.toml"
    path.write_text("[bargaining]\nreply_days = 30\nmin_negotiators = 5\n[bargaining.publication_days]\n"
                    "collective_contract = 30\n", encoding="utf-8")
    table = load_settings(path, environ={}).section("bargaining")
    assert (table.reply_days, table.min_negotiators, table.publication_days.collective_contract) == (30, 5, 30)


@pytest.mark.parametrize("text, message", [
    ("[bargaining.filing_days]\nwomen_protection = 12\n",
     "bargaining.filing_days.women_protection: at most 10 (《集体合同规定》 art. 42)"),
    ("[bargaining.filing_days]\nlabour_safety = 11\n",
     "bargaining.filing_days.labour_safety: at most 10 (《集体合同规定》 art. 42)"),
    ("[bargaining]\ncoordination_days = 20\n", "bargaining.coordination_days: must be 30 (《集体合同规定》 art. 53)"),
    ("[bargaining]\ncoordination_extension_days = 30\n",
     "bargaining.coordination_extension_days: at most 15 (《集体合同规定》 art. 53)"),
])
def test_each_kinds_periods_and_the_coordination_are_bounded_by_the_law(tmp_path, text, message):
    path = tmp_path / "unionflow.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(SettingsError) as refused:
        load_settings(path, environ={})
    assert message in str(refused.value)


def test_a_special_contracts_publication_is_local_practice_and_unbounded(tmp_path):
    path = tmp_path / "unionflow.toml"
    path.write_text("[bargaining.publication_days]\nwomen_protection = 20\n[bargaining.filing_days]\n"
                    "labour_safety = 5\n", encoding="utf-8")
    table = load_settings(path, environ={}).section("bargaining")
    assert (table.publication_days.women_protection, table.filing_days.labour_safety) == (20, 5)
