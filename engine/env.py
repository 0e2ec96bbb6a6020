"""What every service needs: the database, the registered workflows, the clock and the calendar."""

from __future__ import annotations

from dataclasses import dataclass, field

from engine.calendar import Calendar
from engine.clock import Clock, SystemClock
from engine.congress_rules import CongressRules
from engine.db import Database
from engine.registry import Registry
from engine.store import Statements


@dataclass
class Env:
    db: Database
    registry: Registry
    clock: Clock = field(default_factory=SystemClock)
    calendar: Calendar = field(default_factory=Calendar)
    max_attachment_bytes: int = 10 * 1024 * 1024
    max_attachments: int = 5
    congress: CongressRules = field(default_factory=CongressRules)

    @property
    def sql(self) -> Statements:
        return Statements.of(self.db)
