"""Every page of the demo, as each kind of account sees it, checked by axe-core (WCAG 2.1 A and AA) on a wide screen
and on a 375 px phone: no serious or critical violation, no Content-Security-Policy violation in the console, no
server error. The crawl follows the links each account is shown, so a new page is checked once a menu or a page
links to it; pages of the same shape (``/cases/N``) are checked once by axe and visited by every account."""

from __future__ import annotations

import json
import re
from collections import Counter
from typing import Any
from urllib.parse import urldefrag, urlsplit

import pytest
from playwright.sync_api import Browser, BrowserContext, Page

from support.browser import AXE, BLOCKING, DESKTOP, PHONE, WCAG, sign_in
from support.demo import PASSWORD

# Who the crawl signs in as: a representative who negotiates too, the proposal committee, the union office (the
# administration), the chair, two department handlers (one an employer-side negotiator), the leader, a teller,
# the employer's chief negotiator, a staff member who sends worker requests; and a reader who is not signed in.
ACCOUNTS = ("wangjianguo", "liwenhua", "chenxiaomei", "shenguohua", "wuhaifeng", "zhengyaqin", "zhangzhiqiang",
            "jianghuilin", "helijun", "maxiaodong", None)
WIDTHS = {"desktop": DESKTOP, "phone": PHONE}
PER_ACCOUNT = 60  # pages visited per account at most
PER_SHAPE = 6  # addresses of one shape (``/cases/N``) visited per account at most
# Links the crawl does not follow: downloads, files, the API, printing forms that are pages of their own kind.
SKIP = re.compile(r"^/(api/|files/|static/|bootstrap/)|\.(docx|xlsx|csv|pdf|ico)$|[?&]format=|/download|/export")


def shape(path: str) -> str:
    """``/cases/12?page=2`` → ``/cases/N``: the pages axe checks once."""
    return re.sub(r"\d+", "N", urlsplit(path).path)


@pytest.fixture(scope="module")
def demo_options() -> dict[str, Any]:
    """The register open to anyone, so that the reader who is not signed in reads it (and the sign-in page)."""
    return {"web": {"public_register": "anyone"}}


class Crawl:
    """What the crawl found: pages visited, axe's violations by impact, and the failures that fail the test."""

    def __init__(self, base: str) -> None:
        self.base = base
        self.checked: dict[str, str] = {}  # shape and status → the first address axe checked it at
        self.visited = 0
        self.impacts: Counter[str] = Counter()
        self.failures: list[str] = []
        self.rules: Counter[str] = Counter()
        self.paths: dict[str, list[str]] = {}  # account → the addresses it visited

    def console(self, page: Page, who: str) -> None:
        def seen(message) -> None:  # noqa: ANN001 - a Playwright console message
            if "Content Security Policy" in message.text or "Content-Security-Policy" in message.text:
                self.failures.append(f"{who} {page.url}: CSP: {message.text[:200]}")
        page.on("console", seen)

    def axe(self, page: Page, path: str, width: str) -> None:
        results = AXE.run(page, options={"runOnly": {"type": "tag", "values": WCAG},
                                         "resultTypes": ["violations"]})
        for violation in results.response["violations"]:
            impact = violation.get("impact") or "minor"
            self.impacts[impact] += 1
            self.rules[f"{impact}:{violation['id']}"] += 1
            if impact in BLOCKING:
                targets = [(n["target"], n["html"][:120], n.get("failureSummary", "")[-160:])
                           for n in violation["nodes"][:3]]
                self.failures.append(f"{path} ({width}): {impact} {violation['id']}: {violation['help']} {targets}")

    def links(self, page: Page) -> list[str]:
        hrefs = page.eval_on_selector_all("a[href]", "els => els.map(e => e.getAttribute('href'))")
        found = []
        for href in hrefs:
            url = urldefrag(href)[0]
            if url.startswith(self.base):
                url = url[len(self.base):]
            if url.startswith("/") and not url.startswith("//") and not SKIP.search(url):
                found.append(url)
        return found


def walk(browser: Browser, crawl: Crawl, username: str | None) -> None:
    """Follow the links ``username`` is shown, breadth first; axe checks each new shape at both widths."""
    who = username or "anonymous"
    context: BrowserContext = browser.new_context(locale="zh-CN", timezone_id="Asia/Shanghai",
                                                  viewport=WIDTHS["desktop"])
    page = context.new_page()
    crawl.console(page, who)
    try:
        if username:
            sign_in(page, crawl.base, username, PASSWORD)
        queue = ["/", "/proposals/register", "/cases/999999", "/requests/procedure", "/inspections"]
        seen: set[str] = set()
        per_shape: Counter[str] = Counter()
        while queue and len(seen) < PER_ACCOUNT:
            # A shape not seen yet first; then a few more of each (a case page differs by its workflow).
            path = queue.pop(next((i for i, p in enumerate(queue) if not per_shape[shape(p)]), 0))
            if path in seen or per_shape[shape(path)] >= PER_SHAPE:
                continue
            seen.add(path)
            per_shape[shape(path)] += 1
            response = page.goto(crawl.base + path)
            crawl.visited += 1
            crawl.paths.setdefault(who, []).append(path)
            if response is None or response.status >= 500:
                crawl.failures.append(f"{who} {path}: {response.status if response else 'no response'}")
                continue
            if "html" not in (response.headers.get("content-type") or ""):
                continue
            here = urlsplit(page.url).path
            # A case page is a page of its workflow (it links that workflow's diagram); an error page is its own.
            diagram = page.locator("a[href^='/workflows/']").first
            kind = f"{shape(here)} {response.status} " + (diagram.get_attribute("href") or "" if diagram.count()
                                                             and here.startswith("/cases/") else "")
            if kind not in crawl.checked:
                crawl.checked[kind] = here
                for width, size in WIDTHS.items():
                    page.set_viewport_size(size)
                    crawl.axe(page, here, width)
                page.set_viewport_size(WIDTHS["desktop"])
            queue += [link for link in crawl.links(page) if link not in seen]
    finally:
        context.close()


def test_every_page_of_the_demo_passes_axe_without_csp_violations_or_server_errors(browser, demo_site, artifacts):
    crawl = Crawl(demo_site)
    for username in ACCOUNTS:
        walk(browser, crawl, username)
    report = {"pages_checked": sorted(crawl.checked.values()), "shapes": len(crawl.checked),
              "pages_visited": crawl.visited, "violations_by_impact": dict(crawl.impacts),
              "rules": dict(crawl.rules), "failures": crawl.failures, "visits": crawl.paths}
    (artifacts / "axe-report.json").write_text(json.dumps(report, ensure_ascii=False, indent=2), encoding="utf-8")
    print(json.dumps({k: v for k, v in report.items() if k != "pages_checked"}, ensure_ascii=False))
    assert len(crawl.checked) > 30, "the crawl reached too few pages: are the menus linked?"
    reached = {p for paths in crawl.paths.values() for p in paths}
    for page in (r"/inspections/new", r"/inspections/report", r"/inspections/\d+/findings/new"):
        assert any(re.fullmatch(page, p) for p in reached), f"the crawl did not reach {page}"
    assert crawl.failures == []


def test_what_a_phone_shows_the_register_as_cards_and_the_error_page_with_a_way_back(browser, demo_site, artifacts):
    """The register's columns are all on a 375 px screen, as cards; the case page and a 404 in the site's layout;
    screenshots of each at 375 and 1366 px go to test-artifacts/."""
    for width, size in WIDTHS.items():
        context = browser.new_context(locale="zh-CN", timezone_id="Asia/Shanghai", viewport=size)
        page = context.new_page()
        sign_in(page, demo_site, "wangjianguo", PASSWORD)
        page.goto(f"{demo_site}/proposals/register")
        first = page.locator("#register-table tbody tr").first
        department = first.locator('td[data-label="主办部门"]')
        if width == "phone":
            box = first.bounding_box()
            assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= 375  # nothing off to the right
            assert page.evaluate("document.documentElement.scrollWidth") <= 375
            label = department.evaluate("td => getComputedStyle(td, '::before').content")
            assert "主办部门" in label or department.inner_text() == ""
        page.screenshot(path=str(artifacts / f"register-{width}.png"), full_page=False)

        link = page.locator("#register-table tbody a[href^='/cases/']").first
        link.click()
        page.wait_for_url("**/cases/*")
        page.screenshot(path=str(artifacts / f"case-{width}.png"), full_page=False)

        response = page.goto(f"{demo_site}/cases/99999")
        assert response is not None and response.status == 404
        assert page.locator("h1").inner_text() == "页面不存在"
        home = page.locator("#error-home")
        assert home.is_visible() and home.bounding_box()["height"] >= 44
        assert page.locator("#whoami").count() == 1  # the menu is there
        page.screenshot(path=str(artifacts / f"error-404-{width}.png"), full_page=False)
        context.close()


def test_tap_targets_on_a_phone_are_at_least_44_px(browser, demo_site):
    context = browser.new_context(locale="zh-CN", timezone_id="Asia/Shanghai", viewport=WIDTHS["phone"])
    page = context.new_page()
    sign_in(page, demo_site, "liwenhua", PASSWORD)
    small = []
    for path in ("/inbox", "/committee/register", "/preferences"):
        page.goto(demo_site + path)
        for selector in ("#bell", ".tap-target", ".form-check", "a.small", ".btn-sm"):
            for element in page.locator(selector).all():
                if not element.is_visible():
                    continue
                box = element.bounding_box()
                if box and (box["height"] < 44 or box["width"] < 44):
                    small.append((path, selector, round(box["width"]), round(box["height"])))
    context.close()
    assert small == []
