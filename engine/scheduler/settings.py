"""The ``[scheduler]`` config table: how often the scheduler sweeps and delivers, and when it sends digests."""

from __future__ import annotations

from datetime import time
from typing import TYPE_CHECKING, Any

from pydantic import PositiveFloat, PositiveInt

from config import Section, declare_section

if TYPE_CHECKING:
    from config import Settings


class SchedulerOptions(Section):
    """The scheduler's timing; a ``[scheduler]`` table sets any of them, the command line some."""

    standby_retry: PositiveFloat = 5.0  # seconds between a standby's attempts, and between the active one's checks
    sweep_seconds: PositiveFloat = 30.0
    outbox_seconds: PositiveFloat = 10.0
    exports_seconds: PositiveFloat = 3.0  # how soon a queued export starts
    digest_at: time = time(8, 30)  # Asia/Shanghai, working days only
    audit_at: time = time(2, 0)
    checkpoint_at: time = time(2, 30)  # when [audit] signing_key is set
    batch: PositiveInt = 200

    @classmethod
    def from_settings(cls, settings: Settings, **overrides: Any) -> SchedulerOptions:
        """The ``[scheduler]`` table with the command line's options (those not ``None``) over it."""
        table: SchedulerOptions = settings.section("scheduler")
        given = {name: value for name, value in overrides.items() if value is not None}
        return cls.model_validate({**table.model_dump(), **given}) if given else table


declare_section("scheduler", SchedulerOptions)
