"""The demo's statistical returns: last year's return of the demo union (its congress session held before the system
added by a correction with its note), submitted and accepted by the district federation's staff (顾明远); this
year's in draft with the union office."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Any

from engine import services
from engine.time.calendar import TZ
from engine.time.clock import FixedClock
from workflows.returns.services import start_return

# The one correction of last year's return: the congress session held before the system was in use.
CORRECTION = {"line": "congress_sessions", "value": 1,
              "note": "第四届职代会第五次会议于 2025 年 3 月召开，在系统启用之前，会议记录存档备查。"}


def load(env: services.Env, clock: FixedClock, people: Any, today: date) -> tuple[int, int]:
    """Last year's return accepted, this year's in draft; their case ids."""
    office, staff = services.Actor(people.office), services.Actor(people.federation.staff)

    def at(days_ago: int, hour: int) -> None:
        clock.set(datetime.combine(today - timedelta(days=days_ago), time(hour), TZ))

    def fire(actor: services.Actor, case_id: int, trigger: str, form: dict[str, Any] | None = None) -> None:
        version = services.case_view(env, actor, case_id).version
        services.fire(env, actor, case_id, trigger, form, expected_version=version)

    at(20, 9)
    last = start_return(env, office, people.union, today.year - 1)
    fire(office, last, "correct", dict(CORRECTION))
    at(19, 10)
    fire(office, last, "submit")
    at(15, 14)
    fire(staff, last, "accept")
    at(1, 16)
    current = start_return(env, office, people.union, today.year)
    return last, current
