"""Opening a session on its case page: earlier than the documents rule allows (local practice), a reason."""

from __future__ import annotations

import pytest

from engine import services
from support.congress import Congress
from support.web import PASSWORD, csrf, sign_in


@pytest.fixture
def union(web_env) -> Congress:
    """Six representatives; the session's documents went out today (Monday 23 November)."""
    return Congress(web_env, size=6, password=PASSWORD, phase="documents")


def test_opening_early_asks_for_the_reason_beside_its_field_in_the_users_language(client, web_env, union):
    sign_in(client, "chair")
    page = client.get(f"/cases/{union.case}").get_data(as_text=True)
    assert 'name="early_reason"' in page and "提前开会的理由" in page
    version = str(services.case_view(web_env, services.SYSTEM_ACTOR, union.case).version)
    token = csrf(client, f"/cases/{union.case}")
    form = {"csrf_token": token, "expected_version": version}
    first = client.post(f"/cases/{union.case}/act/open_session", data=form)
    assert first.status_code == 200 and 'name="confirmed"' in first.get_data(as_text=True)  # the confirmation step
    response = client.post(f"/cases/{union.case}/act/open_session", data={**form, "confirmed": "1"})
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "按地方惯例" in page and "2026-11-30 起方可开会" in page
    assert services.case_view(web_env, services.SYSTEM_ACTOR, union.case).state == "documents_delivered"
    response = client.post(f"/cases/{union.case}/act/open_session", data={
        **form, "confirmed": "1", "early_reason": "改制方案须提前听取意见"})
    assert response.status_code == 302
    assert services.case_view(web_env, services.SYSTEM_ACTOR, union.case).state == "in_session"
