"""The page that shows how a workflow runs: its diagram, its steps and its versions, for anyone signed in."""

from __future__ import annotations

from engine import services
from support.web import sign_in, start_proposal


def test_a_signed_in_user_sees_the_diagram_with_the_steps(client, web_env, union):
    sign_in(client, "rep1")
    response = client.get("/workflows/proposal")
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "办理流程" in page and '<figure class="workflow-diagram' in page and "<svg" in page
    info = services.describe(web_env, "proposal")
    for label in info.states.values():
        assert label.zh in page
    assert f"<strong aria-current=\"page\">v{info.version}</strong>" in page
    assert client.get(f"/workflows/proposal/{info.version}").status_code == 200


def test_the_page_follows_the_users_language(client, web_env, union):
    services.set_language(web_env, union.rep1, "en")
    sign_in(client, "rep1")
    page = client.get("/workflows/proposal").get_data(as_text=True)
    assert "How this workflow runs" in page
    assert services.describe(web_env, "proposal").states["draft"].en in page


def test_an_unknown_workflow_or_version_is_not_found(client, union):
    sign_in(client, "rep1")
    assert client.get("/workflows/no_such_flow").status_code == 404
    assert client.get("/workflows/proposal/999").status_code == 404


def test_signed_out_people_are_sent_to_sign_in(client, union):
    response = client.get("/workflows/proposal")
    assert response.status_code == 302 and response.headers["Location"].startswith("/login")


def test_the_case_page_links_to_its_versions_diagram(client, web_env, union):
    case_id = start_proposal(web_env, union)
    sign_in(client, "rep1")
    page = client.get(f"/cases/{case_id}").get_data(as_text=True)
    version = services.case_view(web_env, services.SYSTEM_ACTOR, case_id).summary.spec_version
    assert f'href="/workflows/proposal/{version}">流程图</a>' in page


def test_the_drawing_alone_opens_at_full_size(client, web_env, union):
    sign_in(client, "rep1")
    version = services.describe(web_env, "proposal").version
    page = client.get("/workflows/proposal").get_data(as_text=True)
    assert f'href="/workflows/proposal/{version}/zh.svg"' in page
    response = client.get(f"/workflows/proposal/{version}/en.svg")
    assert response.status_code == 200 and response.mimetype == "image/svg+xml"
    assert response.get_data(as_text=True).startswith("<svg")
    assert client.get("/workflows/proposal/999/zh.svg").status_code == 404


def test_without_graphviz_the_page_still_lists_the_steps(client, web_env, union, monkeypatch):
    def unavailable(*_args: object) -> str:
        raise services.DiagramUnavailable()

    monkeypatch.setattr(services, "workflow_diagram", unavailable)
    sign_in(client, "rep1")
    response = client.get("/workflows/proposal")
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and "<svg" not in page.split('id="steps"')[0].split("<main")[1]
    assert "无法绘制流程图" in page and services.describe(web_env, "proposal").states["draft"].zh in page
