"""Due dates by the rules for counting periods (《民法典》 arts. 201–203), in Asia/Shanghai.

A period in days starts the day after the event; when its last day is a statutory holiday or a rest day it
ends on the next working day; it ends at 24:00 of its last day. Working-day periods skip weekends and
statutory holidays and count make-up working days. Holidays come from an override table (the State
Council's yearly notice, loaded by the union office), then the ``chinese-calendar`` package; for a year
neither knows, the statutory holidays that 《全国年节及纪念日放假办法》 fixes (as in force from 2025, the lunar
ones computed with ``lunar-python``) plus weekends, and the due date is marked provisional until the notice
is loaded.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import chinese_calendar
from lunar_python import Lunar, Solar

from engine.core.i18n import Label
from engine.core.spec import Period

TZ = ZoneInfo("Asia/Shanghai")
REMINDER_HOUR = time(9, 0)

NEW_YEAR = Label("元旦", "New Year's Day")
SPRING_EVE = Label("春节（除夕）", "Spring Festival (Eve)")
SPRING = Label("春节", "Spring Festival")
QINGMING = Label("清明节", "Qingming Festival")
LABOUR = Label("劳动节", "Labour Day")
DRAGON_BOAT = Label("端午节", "Dragon Boat Festival")
MID_AUTUMN = Label("中秋节", "Mid-Autumn Festival")
NATIONAL = Label("国庆节", "National Day")
REST_DAY = Label("休息日", "rest day")
MAKE_UP = Label("调休上班日", "make-up working day")
NOTICE_HOLIDAY = Label("放假日（已载入的通知）", "holiday (loaded notice)")
# chinese-calendar's English names, in our words.
_PACKAGE_NAMES = {"New Year's Day": NEW_YEAR, "Spring Festival": SPRING, "Tomb-sweeping Day": QINGMING,
                  "Labour Day": LABOUR, "Dragon Boat Festival": DRAGON_BOAT, "National Day": NATIONAL,
                  "Mid-autumn Festival": MID_AUTUMN}
_WEEKDAYS = (("一", "Mon"), ("二", "Tue"), ("三", "Wed"), ("四", "Thu"), ("五", "Fri"), ("六", "Sat"), ("日", "Sun"))


def _day(solar: Solar) -> date:
    return date(solar.getYear(), solar.getMonth(), solar.getDay())


@functools.lru_cache(maxsize=64)
def statutory_holidays(year: int) -> Mapping[date, Label]:
    """The holidays 《全国年节及纪念日放假办法》 (as amended, in force from 1 January 2025) gives everyone in
    ``year``: New Year's Day; Spring Festival Eve and the 1st–3rd days of the first lunar month; Qingming (the
    solar term); 1–2 May; the 5th of the 5th lunar month; the 15th of the 8th lunar month; 1–3 October.

    Days the yearly notice adds by moving weekends (调休) and the working days made up for them are not
    fixed by law, so they are not here: only the State Council's notice says them.
    """
    found: dict[date, Label] = {date(year, 1, 1): NEW_YEAR}
    first = _day(Lunar.fromYmd(year, 1, 1).getSolar())
    found[first - timedelta(days=1)] = SPRING_EVE
    for offset in range(3):
        found[first + timedelta(days=offset)] = SPRING
    found[_day(Solar.fromYmd(year, 4, 1).getLunar().getJieQiTable()["清明"])] = QINGMING
    found[date(year, 5, 1)] = found[date(year, 5, 2)] = LABOUR
    found[_day(Lunar.fromYmd(year, 5, 5).getSolar())] = DRAGON_BOAT
    found.setdefault(_day(Lunar.fromYmd(year, 8, 15).getSolar()), MID_AUTUMN)  # 2028: on 3 October
    for d in (1, 2, 3):
        found.setdefault(date(year, 10, d), NATIONAL)
    return dict(sorted(found.items()))


@dataclass(frozen=True, slots=True)
class Due:
    """A computed due moment (UTC) and whether it rests on a guessed calendar."""

    at: datetime
    provisional: bool = False

    @property
    def last_day(self) -> date:
        """The period's last day in Shanghai (``at`` is 24:00 of it)."""
        return (self.at.astimezone(TZ) - timedelta(microseconds=1)).date()


@dataclass(frozen=True, slots=True)
class DayInfo:
    """One day as the calendar sees it: working or not, guessed or not, and why (None: an ordinary day)."""

    day: date
    working: bool
    provisional: bool
    why: Label | None = None


class Calendar:
    """Working days of mainland China.

    ``holidays`` and ``workdays`` are loaded notices (holidays and make-up working days): a year with any
    date in them is taken from them alone, weekends otherwise being rest days. ``notes`` names each loaded
    year's notice, for explanations.
    """

    def __init__(self, holidays: Iterable[date] = (), workdays: Iterable[date] = (),
                 notes: Mapping[int, str] | None = None) -> None:
        self.holidays = frozenset(holidays)
        self.workdays = frozenset(workdays)
        self.notice_years = frozenset(d.year for d in self.holidays | self.workdays)
        self.notes = dict(notes or {})
        self._package_years: dict[int, bool] = {}

    def known_to_package(self, year: int) -> bool:
        """Whether ``chinese-calendar`` knows the year (it raises for any date of a year it does not)."""
        known = self._package_years.get(year)
        if known is None:
            try:
                chinese_calendar.is_workday(date(year, 1, 1))
                known = True
            except NotImplementedError:
                known = False
            self._package_years[year] = known
        return known

    def is_workday(self, day: date) -> tuple[bool, bool]:
        """Return (is a working day, provisional)."""
        if day.year in self.notice_years:
            if day in self.holidays:
                return False, False
            return day in self.workdays or day.weekday() < 5, False
        if self.known_to_package(day.year):
            return chinese_calendar.is_workday(day), False
        if day in statutory_holidays(day.year):
            return False, True
        return day.weekday() < 5, True

    def info(self, day: date) -> DayInfo:
        """The day with the reason it is a rest day, a holiday or a make-up working day (for explanations)."""
        working, provisional = self.is_workday(day)
        weekend = day.weekday() >= 5
        why: Label | None = None
        if working:
            why = MAKE_UP if weekend else None
        elif day.year in self.notice_years:
            why = statutory_holidays(day.year).get(day, NOTICE_HOLIDAY) if day in self.holidays else REST_DAY
        elif self.known_to_package(day.year):
            name = chinese_calendar.get_holiday_detail(day)[1]
            why = _PACKAGE_NAMES.get(name, Label(name, name)) if name else REST_DAY
        else:
            why = statutory_holidays(day.year).get(day, REST_DAY)
        return DayInfo(day, working, provisional, why)

    def _next_workday(self, day: date) -> tuple[date, bool]:
        provisional = False
        while True:
            working, guessed = self.is_workday(day)
            provisional |= guessed
            if working:
                return day, provisional
            day += timedelta(days=1)

    @staticmethod
    def _end_of(day: date) -> datetime:
        return datetime.combine(day + timedelta(days=1), time(0), TZ).astimezone(UTC)

    def due(self, start: datetime, period: Period) -> Due:
        """When a period that starts with an event at ``start`` runs out."""
        if period.unit == "hours":
            return Due((start + timedelta(hours=period.amount)).astimezone(UTC))
        first = start.astimezone(TZ).date()
        if period.unit == "days":
            last, provisional = self._next_workday(first + timedelta(days=period.amount))
            return Due(self._end_of(last), provisional)
        day, provisional, counted = first, False, 0
        while counted < period.amount:
            day, guessed = self._next_workday(day + timedelta(days=1))
            provisional |= guessed
            counted += 1
        return Due(self._end_of(day), provisional)

    def before(self, due: datetime, period: Period) -> datetime:
        """When a reminder ``period`` before ``due`` goes out: at 09:00 for days and working days."""
        if period.unit == "hours":
            return due - timedelta(hours=period.amount)
        last = (due.astimezone(TZ) - timedelta(microseconds=1)).date()
        if period.unit == "days":
            day = last - timedelta(days=period.amount)
        else:
            day, counted = last, 0
            while counted < period.amount:
                day -= timedelta(days=1)
                if self.is_workday(day)[0]:
                    counted += 1
        return datetime.combine(day, REMINDER_HOUR, TZ).astimezone(UTC)

    def explain(self, start: datetime, period: Period) -> list[Label]:
        """The steps of ``due`` for a person, each a Chinese and English ``Label``: the event, the day
        counting starts, the holidays and rest days inside the period or skipped, the last day (moved off a
        holiday), the due moment, and why it is provisional when it is."""
        return _Explanation(self, start, period).steps()


def day_label(day: date) -> Label:
    """``2026年10月18日（星期日）`` / ``Sun 2026-10-18``."""
    zh, en = _WEEKDAYS[day.weekday()]
    return Label(f"{day.year}年{day.month}月{day.day}日（星期{zh}）", f"{en} {day.isoformat()}")


def moment_label(at: datetime) -> Label:
    """A moment in Beijing time; midnight is told as 24:00 of the day before, the way periods end."""
    local = at.astimezone(TZ)
    if local.time() == time(0):
        day = day_label(local.date() - timedelta(days=1))
        return Label(f"{day.zh}24:00", f"{day.en} 24:00")
    day = day_label(local.date())
    return Label(f"{day.zh}{local:%H:%M}", f"{day.en} {local:%H:%M}")


def _runs(days: list[DayInfo]) -> Label:
    """Days joined into runs of consecutive days with the same reason: ``10月1日至10月7日（国庆节）``."""
    runs: list[list[DayInfo]] = []
    for info in days:
        if runs and runs[-1][-1].day + timedelta(days=1) == info.day and runs[-1][-1].why == info.why:
            runs[-1].append(info)
        else:
            runs.append([info])
    zh, en = [], []
    for run in runs:
        why = run[0].why or REST_DAY
        a, b = run[0].day, run[-1].day
        first, last = day_label(a), day_label(b)
        if len(run) == 1:
            zh.append(f"{first.zh[:-1]}，{why.zh}）")
        else:
            end = f"{b.month}月{b.day}日" if a.year == b.year else f"{b.year}年{b.month}月{b.day}日"
            zh.append(f"{a.year}年{a.month}月{a.day}日至{end}（{why.zh}）")
        en.append(f"{first.en} ({why.en})" if len(run) == 1 else f"{first.en} to {last.en} ({why.en})")
    return Label("、".join(zh), "; ".join(en))


class _Explanation:
    """The steps of one due date, for ``Calendar.explain``."""

    def __init__(self, calendar: Calendar, start: datetime, period: Period) -> None:
        self.calendar, self.start, self.period = calendar, start, period
        self.due = calendar.due(start, period)

    def steps(self) -> list[Label]:
        local = self.start.astimezone(TZ)
        if local.time() == time(0):  # given as a day
            shown = day_label(local.date())
            steps = [Label(f"事件发生：{shown.zh}。", f"Event: {shown.en}.")]
        else:
            shown = moment_label(self.start)
            steps = [Label(f"事件发生：{shown.zh}（北京时间）。", f"Event: {shown.en} (Beijing time).")]
        if self.period.unit == "hours":
            n = self.period.amount
            steps.append(Label(f"按小时计算：{n} 小时自事件时刻起连续计算，节假日和休息日不中断。",
                               f"Counted in hours: {n} hours run on from the event, through holidays and rest days."))
        elif self.period.unit == "days":
            steps += self._days(local.date())
        else:
            steps += self._workdays(local.date())
        end = moment_label(self.due.at)
        iso = self.due.at.astimezone(TZ).isoformat()
        steps.append(Label(f"期间于{end.zh}届满（{iso}）。", f"The period ends at {end.en} ({iso})."))
        if self.due.provisional:
            steps.append(self._provisional(local.date()))
        return steps

    def _days(self, event: date) -> list[Label]:
        n, cal = self.period.amount, self.calendar
        first, nth = event + timedelta(days=1), event + timedelta(days=n)
        steps = [Label(f"期间自次日起算：第 1 日为{day_label(first).zh}。",
                       f"Counting starts the next day: day 1 is {day_label(first).en}.")]
        inside = [i for i in (cal.info(first + timedelta(days=k)) for k in range(n - 1)) if not i.working]
        if inside:
            runs = _runs(inside)
            steps.append(Label(f"期间内的法定节假日和休息日照常计入：{runs.zh}。",
                               f"Holidays and rest days inside the period count as days: {runs.en}."))
        steps.append(Label(f"第 {n} 日为{day_label(nth).zh}。", f"Day {n} is {day_label(nth).en}."))
        skipped, day = [], nth
        while not (info := cal.info(day)).working:
            skipped.append(info)
            day += timedelta(days=1)
        if skipped:
            runs, last = _runs(skipped), day_label(day)
            steps.append(Label(
                f"最后一日是法定节假日或休息日，顺延至其后的第一个工作日：跳过{runs.zh}，最后一日为{last.zh}。",
                f"The last day is a holiday or rest day, so the period ends on the next working day: skipping "
                f"{runs.en}, the last day is {last.en}."))
        else:
            steps.append(Label(f"第 {n} 日是工作日，即期间的最后一日。",
                               f"Day {n} is a working day: it is the last day of the period."))
        return steps

    def _workdays(self, event: date) -> list[Label]:
        n, cal = self.period.amount, self.calendar
        first = event + timedelta(days=1)
        steps = [Label(f"按工作日计算：自次日{day_label(first).zh}起逐日计数，休息日和法定节假日不计，调休上班日计入。",
                       f"Counted in working days from the next day, {day_label(first).en}: rest days and holidays "
                       "do not count, make-up working days do.")]
        skipped, made_up, day, counted = [], [], event, 0
        while counted < n:
            day += timedelta(days=1)
            info = cal.info(day)
            if info.working:
                counted += 1
                if info.why is not None:
                    made_up.append(info)
            else:
                skipped.append(info)
        if skipped:
            runs = _runs(skipped)
            steps.append(Label(f"不计的日子：{runs.zh}。", f"Days not counted: {runs.en}."))
        if made_up:
            runs = _runs(made_up)
            steps.append(Label(f"计入的调休上班日：{runs.zh}。", f"Make-up working days counted: {runs.en}."))
        steps.append(Label(f"第 {n} 个工作日为{day_label(day).zh}，即期间的最后一日。",
                           f"Working day {n} is {day_label(day).en}: the last day of the period."))
        return steps

    def _provisional(self, event: date) -> Label:
        last = self.due.last_day
        years = [y for y in range(event.year, last.year + 1)
                 if y not in self.calendar.notice_years and not self.calendar.known_to_package(y)]
        zh, en = "、".join(f"{y} 年" for y in years), ", ".join(str(y) for y in years)
        return Label(f"暂定：{zh}的放假安排尚未载入，按《全国年节及纪念日放假办法》规定的节日和周末推算；"
                     "国务院办公厅的放假通知载入后，期限可能变动。",
                     f"Provisional: the holiday notice for {en} is not loaded, so the statutory holidays and "
                     "weekends were used; the deadline may move when the State Council's notice is loaded.")
