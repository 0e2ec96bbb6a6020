"""The ``[request]`` config table: a union's reply deadlines and its published procedure for worker requests.

None of these periods is set by national law: "件件有回音" (every request answered) is union practice, and a union
fixes its own days in its rules on letters and visits."""

from __future__ import annotations

from pydantic import Field

from config import Section, declare_section


class RequestTable(Section):
    """What ``Policy`` is built from; each request records the periods it started under."""

    register_workdays: int = Field(1, ge=1, le=5)  # the office registers a request sent
    reply_workdays: int = Field(5, ge=1, le=30)  # the reply, counted from registration
    urgent_workdays: int = Field(1, ge=1, le=5)  # the reply to an item marked urgent (急办)
    review_workdays: int = Field(1, ge=1, le=10)  # the office sends on a department's answer
    rating_days: int = Field(15, ge=1, le=60)  # the sender rates the reply, else 未评价
    # The published procedure's contacts (办理程序、联系方式), shown as written.
    contacts: str = "工会办公室：行政楼 201 室，电话 0519-8888 6201，工作日 8:30—17:00。"
    contacts_en: str = "Union office: room 201, administration building; phone 0519-8888 6201; workdays 8:30–17:00."


declare_section("request", RequestTable)
