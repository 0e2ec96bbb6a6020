"""The case page and the dashboard give the filing deadline's hour: the labour administration's closing time on
its last day, with 《民法典》 art. 203(2) cited."""

from __future__ import annotations

import pytest

from support.bargaining import Bargaining
from support.web import PASSWORD, sign_in


@pytest.fixture
def union(web_env) -> Bargaining:
    return Bargaining(web_env, size=6, password=PASSWORD)


def test_the_filing_deadline_shows_the_offices_closing_time_and_the_article(client, union):
    b = union
    case_id = b.start(b.office)
    b.negotiate(case_id)
    b.fire(b.office, case_id, "put_to_congress", {"session_id": b.session, "term_years": 2,
                                                  "agreement_title": "2027年度集体合同"})
    b.vote(case_id, agree=len(b.roster))
    b.fire(b.rep1, case_id, "sign", {"signed_on": "2026-11-23"})
    b.fire(b.boss, case_id, "sign", {"signed_on": "2026-11-23"})
    sign_in(client, "boss")
    page = client.get(f"/cases/{case_id}").get_data(as_text=True)
    note = page[page.index('id="date-filing_due-note"'):]
    note = note[:note.index("</span>")]
    assert "当日 17:00 前" in note and "《民法典》第二百零三条第二款" in note
    dashboard = client.get("/bargaining").get_data(as_text=True)
    assert "当日 17:00 前" in dashboard[dashboard.index(f'id="case-{case_id}-filing_due"'):]
