"""What every service needs: the database, the registered workflows, the clock and the calendar."""

from __future__ import annotations

from dataclasses import dataclass, field

from engine.core.registry import Registry
from engine.store.database import Database
from engine.store.statements import Statements
from engine.time.calendar import Calendar
from engine.time.clock import Clock, SystemClock


@dataclass
class Env:
    db: Database
    registry: Registry
    clock: Clock = field(default_factory=SystemClock)
    calendar: Calendar = field(default_factory=Calendar)
    max_attachment_bytes: int = 10 * 1024 * 1024
    max_attachments: int = 5

    @property
    def sql(self) -> Statements:
        return Statements.of(self.db)
