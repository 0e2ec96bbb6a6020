"""The State Council's yearly holiday notices: reading them from text, keeping them, and building the calendar.

A notice is stored as ``calendar_days`` rows (its holidays and make-up working days). The calendar of a
process is built from those rows plus the config table ``[calendar]`` (``holidays = ["2027-01-01", …]``,
``workdays = […]``; a year the database has a notice for is taken from the database alone). Loading a notice
moves the deadlines it changes (``engine.time.deadline_moves``) in the transaction that stores it.
"""

from __future__ import annotations

import re
import time as _time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

import sqlalchemy as sa

from config import Settings
from engine.core.env import Env
from engine.core.errors import SchemaOutdated, ValidationFailed
from engine.core.i18n import REQUIRED, TOO_LONG, Label
from engine.store.database import Database
from engine.store.models import CalendarDay
from engine.time.calendar import Calendar
from engine.time.settings import CalendarTable

days_table = CalendarDay.__table__
MIN_YEAR, MAX_YEAR = 2000, 2100
MAX_RANGE_DAYS = 31  # the longest holiday is 9 days; a longer range is a typing error
NOTE_MAX = 100
REFRESH_SECONDS = 60.0
_CONFIG, _STAMP = "_calendar_config", "_calendar_stamp"

NOT_A_DAY = Label("“{text}”不是日期或日期范围（例如 2027-01-01 或 2027-02-05..2027-02-13）。",
                  "'{text}' is not a date or a range of dates (like 2027-01-01 or 2027-02-05..2027-02-13).")
BACKWARDS = Label("“{text}”的结束日期早于开始日期。", "'{text}' ends before it starts.")
TOO_WIDE = Label("“{text}”超过 {n} 天，请检查。", "'{text}' is longer than {n} days: check it.")
OUTSIDE = Label("{day} 不在 {year} 年内。", "{day} is not in {year}.")
NOT_YEAR = Label(f"请输入 {MIN_YEAR} 至 {MAX_YEAR} 之间的年份。", f"Enter a year from {MIN_YEAR} to {MAX_YEAR}.")
NO_HOLIDAY = Label("请至少填写一个放假日。", "List at least one holiday.")
BOTH = Label("{day} 同时列为放假日和调休上班日。", "{day} is listed both as a holiday and as a make-up working day.")
NOT_WEEKEND = Label("{day} 不是周六或周日：调休上班日是原本休息而改为上班的周末。",
                    "{day} is not a Saturday or Sunday: a make-up working day is a weekend day worked.")
_RANGE = re.compile(r"^(\d{4}-\d{2}-\d{2})\s*(?:\.\.|~|～|至)\s*(\d{4}-\d{2}-\d{2})$")


# -- reading a notice typed as text --------------------------------------------------------------------------
def _items(value: str | Iterable[str | date]) -> list[str | date]:
    if isinstance(value, str):
        value = value.splitlines()
    found: list[str | date] = []
    for item in value:
        if isinstance(item, date):
            found.append(item)
            continue
        for line in str(item).splitlines():
            line = line.split("#", 1)[0].strip()
            # "2027-02-05 .. 2027-02-13" stays one item; commas and 、 separate items on a line.
            found += [p.strip() for p in re.split(r"[,，、;；]", line) if p.strip()]
    return found


def parse_days(value: str | Iterable[str | date]) -> tuple[list[date], list[Label]]:
    """Days from text, one date or range per line (``2027-01-01``, ``2027-02-05..2027-02-13``; also ``~`` or
    ``至``; commas separate several on a line; ``#`` starts a comment). Returns the sorted days and the
    problems found, every one of them."""
    days: set[date] = set()
    problems: list[Label] = []
    for item in _items(value):
        if isinstance(item, date):
            days.add(item)
            continue
        text = " ".join(item.split())
        found = _RANGE.match(text)
        try:
            first, last = ((date.fromisoformat(found[1]), date.fromisoformat(found[2])) if found
                           else (date.fromisoformat(text),) * 2)
        except ValueError:
            problems.append(NOT_A_DAY.format(text=text))
            continue
        if last < first:
            problems.append(BACKWARDS.format(text=text))
        elif (last - first).days >= MAX_RANGE_DAYS:
            problems.append(TOO_WIDE.format(text=text, n=MAX_RANGE_DAYS))
        else:
            days.update(first + timedelta(days=k) for k in range((last - first).days + 1))
    return sorted(days), problems


def days_text(days: Iterable[date]) -> str:
    """Days as the form takes them: one per line, consecutive days as ``first..last``."""
    lines: list[str] = []
    run: list[date] = []
    for day in sorted(set(days)) + [None]:  # type: ignore[list-item]
        if run and (day is None or day != run[-1] + timedelta(days=1)):
            lines.append(run[0].isoformat() if len(run) == 1 else f"{run[0].isoformat()}..{run[-1].isoformat()}")
            run = []
        if day is not None:
            run.append(day)
    return "\n".join(lines)


@dataclass(frozen=True)
class Notice:
    """A checked notice, ready to store."""

    year: int
    holidays: tuple[date, ...]
    workdays: tuple[date, ...]
    note: str = ""


def check_notice(year: int | str, holidays: str | Iterable[str | date], workdays: str | Iterable[str | date],
                 note: str | None = "") -> Notice:
    """Check a notice as typed; raise ``ValidationFailed`` naming every problem beside its field."""
    errors: dict[str, list[Label]] = {}
    try:
        number = int(str(year).strip())
    except ValueError:
        number = 0
    if not MIN_YEAR <= number <= MAX_YEAR:
        errors["year"] = [NOT_YEAR if str(year).strip() else REQUIRED]
    off, off_problems = parse_days(holidays)
    on, on_problems = parse_days(workdays)
    if off_problems:
        errors["holidays"] = off_problems
    elif not off:
        errors["holidays"] = [NO_HOLIDAY]
    if on_problems:
        errors["workdays"] = on_problems
    if "year" not in errors:
        for name, days in (("holidays", off), ("workdays", on)):
            outside = [OUTSIDE.format(day=d.isoformat(), year=number) for d in days if d.year != number]
            if outside:
                errors.setdefault(name, []).extend(outside)
    both = sorted(set(off) & set(on))
    if both:
        errors.setdefault("workdays", []).extend(BOTH.format(day=d.isoformat()) for d in both)
    weekdays = [d for d in on if d.weekday() < 5]
    if weekdays:
        errors.setdefault("workdays", []).extend(NOT_WEEKEND.format(day=d.isoformat()) for d in weekdays)
    note = (note or "").strip()
    if len(note) > NOTE_MAX:
        errors["note"] = [TOO_LONG.format(max=NOTE_MAX, n=len(note))]
    if errors:
        raise ValidationFailed(errors)
    return Notice(number, tuple(off), tuple(on), note)


# -- the calendar of a process -------------------------------------------------------------------------------
@dataclass(frozen=True)
class ConfigDays:
    """The config table ``[calendar]``: holidays and make-up working days an installation sets itself."""

    holidays: tuple[date, ...] = ()
    workdays: tuple[date, ...] = ()

    @classmethod
    def from_settings(cls, settings: Settings | None) -> ConfigDays:
        if settings is None:
            return cls()
        table: CalendarTable = settings.section("calendar")
        return cls(table.holidays, table.workdays)


@dataclass(frozen=True)
class NoticeView:
    """A loaded year, for the office's list."""

    year: int
    holidays: tuple[date, ...]
    workdays: tuple[date, ...]
    note: str
    loaded_at: datetime | None
    source: str = "database"  # or "config"
    days: int = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "days", len(self.holidays) + len(self.workdays))


def build_calendar(rows: Sequence[Any], configured: ConfigDays) -> Calendar:
    """The calendar from stored rows (day, kind, note) and the config's days, a stored year winning."""
    stored = {r[0].year for r in rows}
    holidays = [r[0] for r in rows if r[1] == "holiday"] + [d for d in configured.holidays if d.year not in stored]
    workdays = [r[0] for r in rows if r[1] == "workday"] + [d for d in configured.workdays if d.year not in stored]
    notes = {d.year: "[calendar]" for d in (*configured.holidays, *configured.workdays) if d.year not in stored}
    notes |= {r[0].year: r[2] or "" for r in rows}
    return Calendar(holidays, workdays, notes)


def _rows(conn: sa.Connection) -> list[Any]:
    t = days_table.c
    return conn.execute(sa.select(t.day, t.kind, t.note, t.loaded_at).order_by(t.day)).all()


def _stamp(rows: Sequence[Any]) -> tuple[int, Any]:
    return len(rows), max((r[3] for r in rows), default=None)


def configured_days(env: Env | None, settings: Settings | None = None) -> ConfigDays:
    """The config's days: from ``settings`` (remembered on the env), else what the env remembers."""
    if settings is not None:
        found = ConfigDays.from_settings(settings)
        if env is not None:
            env.__dict__[_CONFIG] = found
        return found
    return env.__dict__.get(_CONFIG, ConfigDays()) if env is not None else ConfigDays()


def load_calendar(env_or_db: Env | Database, settings: Settings | None = None, *,
                  missing_ok: bool = False) -> Calendar:
    """The calendar from the loaded notices and the config's ``[calendar]`` table (``settings``; with an
    env and no settings, the table the env was opened with).

    ``missing_ok``: a database not migrated yet or not reachable gives the config's days alone, and the
    env's next ``refresh_calendar`` reads the notices.
    """
    env = env_or_db if isinstance(env_or_db, Env) else None
    db = env.db if env is not None else env_or_db
    configured = configured_days(env, settings)
    try:
        with db.read() as conn:
            rows = _rows(conn)
    except (SchemaOutdated, sa.exc.OperationalError):
        if not missing_ok:
            raise
        if env is not None:
            env.__dict__[_STAMP] = (None, None)  # read the notices at the next refresh
        return build_calendar([], configured)
    if env is not None:
        env.__dict__[_STAMP] = (_stamp(rows), _time.monotonic())
    return build_calendar(rows, configured)


def refresh_calendar(env: Env, max_age: float = REFRESH_SECONDS) -> bool:
    """Rebuild ``env.calendar`` when another process loaded a notice; looks at most every ``max_age``
    seconds. True when the calendar was rebuilt. The scheduler and the web call it; a database not yet
    migrated is left for the service calls to report. An env whose calendar was handed to it (tests) and
    never loaded is left alone."""
    if _STAMP not in env.__dict__:
        return False
    stamp, checked = env.__dict__[_STAMP]
    if checked is not None and _time.monotonic() - checked < max_age:
        return False
    t = days_table.c
    try:
        with env.db.read() as conn:
            now = tuple(conn.execute(sa.select(sa.func.count(), sa.func.max(t.loaded_at))).one())
    except SchemaOutdated:
        return False
    if stamp is not None and now == stamp:
        env.__dict__[_STAMP] = (stamp, _time.monotonic())
        return False
    env.calendar = load_calendar(env)
    return True


def list_notices(env: Env) -> list[NoticeView]:
    """The years with a notice, newest first: those loaded into the database, then those set in config."""
    with env.db.read() as conn:
        rows = _rows(conn)
    years: dict[int, list[Any]] = {}
    for r in rows:
        years.setdefault(r[0].year, []).append(r)
    found = [NoticeView(y, tuple(r[0] for r in rs if r[1] == "holiday"), tuple(r[0] for r in rs if r[1] == "workday"),
                        next((r[2] for r in rs if r[2]), ""), max(r[3] for r in rs)) for y, rs in years.items()]
    configured = configured_days(env)
    for year in sorted({d.year for d in (*configured.holidays, *configured.workdays)} - set(years)):
        found.append(NoticeView(year, tuple(d for d in configured.holidays if d.year == year),
                                tuple(d for d in configured.workdays if d.year == year), "[calendar]", None, "config"))
    return sorted(found, key=lambda n: -n.year)


def store_notice(conn: sa.Connection, env: Env, notice: Notice, now: datetime) -> tuple[Calendar, Any]:
    """Replace the year's rows inside the caller's transaction; returns the calendar they make and the
    stamp ``remember`` keeps once the transaction committed."""
    if not env.db.sqlite:  # two offices loading at once: one after the other (SQLite's BEGIN IMMEDIATE does it)
        conn.exec_driver_sql(f"LOCK TABLE {days_table.name} IN SHARE ROW EXCLUSIVE MODE")
    t = days_table.c
    conn.execute(days_table.delete().where(t.day >= date(notice.year, 1, 1), t.day <= date(notice.year, 12, 31)))
    rows = [{"day": d, "kind": "holiday", "note": notice.note or None, "loaded_at": now} for d in notice.holidays]
    rows += [{"day": d, "kind": "workday", "note": notice.note or None, "loaded_at": now} for d in notice.workdays]
    conn.execute(days_table.insert(), rows)
    stored = _rows(conn)
    return build_calendar(stored, configured_days(env)), _stamp(stored)


def remember(env: Env, calendar: Calendar, stamp: Any) -> None:
    """After the notice's transaction committed: this process counts with the new calendar at once."""
    env.calendar = calendar
    env.__dict__[_STAMP] = (stamp, _time.monotonic())


def calendar_sources(env: Env, years: Iterable[int]) -> dict[int, str]:
    """Where each year's working days come from: ``notice`` (loaded or configured), ``package``
    (``chinese-calendar``) or ``statutory`` (the holidays the law fixes plus weekends: provisional)."""
    cal = env.calendar
    return {y: "notice" if y in cal.notice_years else "package" if cal.known_to_package(y) else "statutory"
            for y in years}
