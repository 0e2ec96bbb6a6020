"""``unionflow calendar``: count a deadline as the engine does, and load a year's holiday notice."""

from __future__ import annotations

import tomllib
from datetime import date, datetime, time
from pathlib import Path
from typing import Any

import click
import sqlalchemy as sa

from config import Settings
from engine.core.errors import EngineError, SchemaOutdated, ValidationFailed
from engine.core.spec import Period
from engine.store.database import Database
from engine.time.calendar import TZ, Calendar
from engine.time.holiday_notices import ConfigDays, build_calendar, load_calendar

NOTICE_KEYS = {"year", "holidays", "workdays", "note"}


class Moment(click.ParamType):
    """A date (the event's day) or an ISO date and time; Beijing time when it has no offset."""

    name = "DATE|DATETIME"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> datetime:
        if isinstance(value, datetime):
            return value if value.tzinfo else value.replace(tzinfo=TZ)
        text = str(value).strip()
        try:
            return datetime.combine(date.fromisoformat(text), time(0), TZ)
        except ValueError:
            pass
        try:
            found = datetime.fromisoformat(text)
        except ValueError:
            self.fail(f"{value!r} is not a date (2026-09-28) or an ISO date and time (2026-09-28T15:00, "
                      "Beijing time unless an offset like +08:00 is given)", param, ctx)
        return found if found.tzinfo else found.replace(tzinfo=TZ)


def _warn(message: str) -> None:
    click.echo(f"unionflow: {message}", err=True)


def _calendar(settings: Settings) -> Calendar:
    """The calendar the engine would use: the database's notices and the config's [calendar] table; without a
    usable database, the config and the chinese-calendar package alone (said on stderr)."""
    try:
        configured = ConfigDays.from_settings(settings)
    except ValueError as err:
        raise click.ClickException(str(err)) from None
    url = settings.effective_database_url
    if url.startswith("sqlite"):
        path = sa.engine.make_url(url).database
        if not path or not Path(path).exists():
            _warn(f"no database at {path}: loaded holiday notices are not used")
            return build_calendar([], configured)
    db = Database(url)
    try:
        return load_calendar(db, settings)
    except (SchemaOutdated, sa.exc.OperationalError) as err:
        _warn(f"the database cannot be read ({str(err).splitlines()[0]}): loaded holiday notices are not used")
        return build_calendar([], configured)
    finally:
        db.dispose()


@click.group("calendar")
def calendar_group() -> None:
    """Count deadlines and load the State Council's yearly holiday notices."""


@calendar_group.command("due")
@click.option("--from", "start", type=Moment(), required=True,
              help="The event: a date or an ISO date and time (Beijing time unless it has an offset).")
@click.option("--days", type=click.IntRange(min=1), help="A period of calendar days.")
@click.option("--workdays", type=click.IntRange(min=1), help="A period of working days.")
@click.option("--hours", type=click.IntRange(min=1), help="A period of hours.")
@click.option("--explain", is_flag=True, help="Print the steps of the count.")
@click.option("--lang", type=click.Choice(["zh", "en"]), default="zh", show_default=True,
              help="Language of the explanation and the provisional mark.")
@click.pass_obj
def due(settings: Settings, start: datetime, days: int | None, workdays: int | None, hours: int | None,
        explain: bool, lang: str) -> None:
    """Print when a period starting with an event runs out, as ISO 8601 in Beijing time.

    A due date in a year whose holiday notice is not known is marked provisional.
    """
    given = [(n, u) for n, u in ((days, "days"), (workdays, "workdays"), (hours, "hours")) if n is not None]
    if len(given) != 1:
        raise click.UsageError("give exactly one of --days, --workdays or --hours")
    period = Period(given[0][0], given[0][1])  # type: ignore[arg-type]
    calendar = _calendar(settings)
    result = calendar.due(start, period)
    line = result.at.astimezone(TZ).isoformat()
    if result.provisional:
        line += " (暂定)" if lang == "zh" else " (provisional)"
    click.echo(line)
    if explain:
        for number, step in enumerate(calendar.explain(start, period), 1):
            click.echo(f"{number}. {step(lang)}")


@calendar_group.command("load")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.pass_obj
def load(settings: Settings, file: Path) -> None:
    """Load a year's holiday notice from a TOML file and move the deadlines it changes.

    The file: year = 2027, holidays = ["2027-01-01", "2027-02-05..2027-02-13", …], workdays = ["2027-02-20", …],
    note = "国务院办公厅关于2027年部分节假日安排的通知". It replaces what was loaded for that year.
    """
    from engine import services
    from engine.cli import load_workflows

    try:
        data = tomllib.loads(file.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as err:
        raise click.ClickException(f"{file} is not valid TOML: {err}") from None
    unknown = sorted(set(data) - NOTICE_KEYS)
    if unknown or "year" not in data:
        raise click.ClickException(f"{file}: a notice has year, holidays, workdays and note"
                                   + (f"; unknown: {', '.join(unknown)}" if unknown else "; year is missing"))
    lists = {k: data.get(k, []) for k in ("holidays", "workdays")}
    if not all(isinstance(v, list) for v in lists.values()):
        raise click.ClickException(f"{file}: holidays and workdays are lists of dates like \"2027-01-01\"")
    env = services.open_env(settings)
    try:
        load_workflows(env.registry, settings)
        done = services.load_notice(env, data["year"], [_text(v) for v in lists["holidays"]],
                                    [_text(v) for v in lists["workdays"]], str(data.get("note", "")))
    except ValidationFailed as err:
        for name, messages in err.errors.items():
            for message in messages:
                click.echo(f"{name}: {message.en} / {message.zh}", err=True)
        raise click.ClickException(f"{file}: the notice was not loaded") from None
    except (EngineError, ValueError) as err:
        raise click.ClickException(str(err)) from None
    finally:
        env.db.dispose()
    click.echo(f"The {done.year} notice is loaded: {done.holidays} holidays, {done.workdays} make-up working days; "
               f"{done.moved} deadline(s) moved, {done.settled} provisional deadline(s) now final.")


def _text(value: Any) -> str | date:
    """TOML gives bare dates as dates; anything else (a date and time) is refused as text."""
    return value if isinstance(value, date) and not isinstance(value, datetime) else str(value)
