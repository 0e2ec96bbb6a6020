"""What a person does in the browser: open a task from the inbox, fill an action's form on a case page; and
what every page of a journey must be: accessible to axe-core at a phone's width and a desktop's."""

from __future__ import annotations

from collections.abc import Iterable

from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Locator, Page, Response, expect

PHONE, DESKTOP = {"width": 375, "height": 740}, {"width": 1366, "height": 900}
WCAG = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]  # the axe-core tags of WCAG 2.1 A and AA
BLOCKING = ("serious", "critical")
AXE = Axe()


def axe_clean(page: Page) -> None:
    """No serious or critical WCAG 2.1 A/AA violation at 375 px and on a desktop, and at 375 px nothing wider than
    the screen; the page is left at the viewport it had."""
    before = page.viewport_size
    found: list[str] = []
    for size in (PHONE, DESKTOP):
        page.set_viewport_size(size)
        result = AXE.run(page, options={"runOnly": {"type": "tag", "values": WCAG}, "resultTypes": ["violations"]})
        found += [f"{size['width']} px: {v['impact']} {v['id']}: {v['help']}" for v in result.response["violations"]
                  if v.get("impact") in BLOCKING]
        if size is PHONE and (width := page.evaluate("document.documentElement.scrollWidth")) > PHONE["width"]:
            found.append(f"{size['width']} px: the page is {width} px wide")
    if before:
        page.set_viewport_size(before)
    assert found == [], (page.url, found)


def sign_in(page: Page, base_url: str, username: str, password: str) -> None:
    """Sign in on the sign-in page as one types it, and wait to leave it."""
    page.goto(f"{base_url}/login")
    page.fill("#username", username)
    page.fill("#password", password)
    page.click("button[type=submit]")
    page.wait_for_url(lambda url: "/login" not in url)


def inbox_entries(page: Page, base_url: str) -> Locator:
    """The entries of the signed-in person's inbox (opened afresh)."""
    page.goto(f"{base_url}/inbox")
    expect(page.locator("#inbox-count")).to_be_visible()
    return page.locator("#inbox-list a")


def open_from_inbox(page: Page, base_url: str, title: str) -> None:
    """Open the case titled ``title`` from the inbox, as one clicks the entry waiting there."""
    entry = inbox_entries(page, base_url).filter(has_text=title)
    expect(entry).to_have_count(1)
    entry.click()
    page.wait_for_url("**/cases/*")


def open_action(page: Page, trigger: str) -> Locator:
    """The ``<details>`` of an action, unfolded."""
    action = page.locator(f"#action-{trigger}")
    expect(action).to_have_count(1)
    if not action.evaluate("details => details.open"):
        action.locator("summary").click()
    expect(action.locator("form")).to_be_visible()
    return action


def fill_action(page: Page, trigger: str, values: dict[str, str | Iterable[str]]) -> Locator:
    """Fill an action's fields by engine name: selects by option value or label, checkboxes by their
    labels (a list), dates and texts by typing."""
    action = open_action(page, trigger)
    for name, value in values.items():
        box = action.locator(f'[data-field="{name}"]')
        if isinstance(value, str):
            control = box.locator("select, textarea, input").first
            if control.evaluate("e => e.tagName") == "SELECT":
                control.select_option(value)
            else:
                control.fill(value)
        else:
            for label in value:
                box.get_by_label(label, exact=True).check()
    return action


def act(page: Page, trigger: str, values: dict[str, str | Iterable[str]] | None = None) -> Response:
    """Fill and send an action's form, confirming it on the confirmation step of an irreversible one; the
    response of the page shown afterwards (after any redirect)."""
    action = fill_action(page, trigger, values or {})
    tick = action.locator('input[name="confirmed"]')  # an action taking files confirms beside its button
    if tick.count():
        tick.check()
    with page.expect_navigation() as navigation:
        action.locator("button[name=do]").click()
    response = navigation.value
    if page.locator("#confirm-step").count():
        with page.expect_navigation() as navigation:
            page.click("#confirm-yes")
        response = navigation.value
    assert response is not None
    return response
