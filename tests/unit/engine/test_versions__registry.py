"""The registry's versions and migrations, and the values a case records for itself, without a database."""

from __future__ import annotations

from dataclasses import replace

import pytest

from engine.core.recorded import field_for, reminders_for, repeat_for
from engine.core.registry import Registry
from engine.core.spec import Field, Migration, Overdue, Period, TimerSpec
from support.flows import L
from support.versions import ERRAND, ERRAND_V2, TO_V2, register_both


def test_every_version_stays_registered_and_migrations_chain():
    registry = register_both(Registry())
    registry.register(replace(ERRAND_V2, version=3))
    registry.add_migration(Migration("errand", 2, 3, {"drafting": "drafting"}))
    assert registry.versions("errand") == [1, 2, 3] and registry.names() == ["errand"]
    assert registry.get("errand", 1).spec is ERRAND and registry.latest("errand").spec.version == 3
    assert registry.migration_path("errand", 1, 3) == [TO_V2, registry.migration_path("errand", 2, 3)[0]]
    assert registry.migration_path("errand", 1, 2) == [TO_V2]
    assert registry.migration_path("errand", 3, 4) is None


def test_a_migration_backwards_or_twice_is_refused():
    registry = register_both(Registry())
    with pytest.raises(ValueError, match="already declared"):
        registry.add_migration(TO_V2)
    with pytest.raises(ValueError, match="to a later version"):
        registry.add_migration(Migration("errand", 2, 1, {}))


@pytest.mark.parametrize("text, period", [("3 workdays", Period(3, "workdays")), ("0 days", Period(0, "days")),
                                          (" 48 hours ", Period(48, "hours"))])
def test_a_period_reads_and_writes_as_text(text, period):
    assert Period.parse(text) == period and Period.parse(str(period)) == period


@pytest.mark.parametrize("text", ["3", "three days", "3 weeks", "-1 days"])
def test_a_bad_period_is_named(text):
    with pytest.raises(ValueError, match="is not a period"):
        Period.parse(text)


def test_a_case_reads_its_recorded_choices_and_reminders_else_the_specs():
    field = Field("kind", L("kind"), "choice", choices=("a", "b"), choices_from="data:rules.kinds")
    timer = TimerSpec(due="data:due", remind_before=(Period(1, "days"),), remind_from="data:rules.reminders",
                      overdue=Overdue(repeat=Period(3, "workdays"), repeat_from="data:rules.repeat"))
    recorded = {"rules": {"kinds": ["a", "c"], "reminders": ["2 workdays", "0 days"], "repeat": None}}
    assert field_for(field, recorded).choices == ("a", "c") and field_for(field, {}).choices == ("a", "b")
    assert reminders_for(timer, recorded) == (Period(2, "workdays"), Period(0, "days"))
    assert reminders_for(timer, {"rules": {}}) == (Period(1, "days"),)
    assert repeat_for(timer.overdue, recorded) is None and repeat_for(timer.overdue, {}) == Period(3, "workdays")
