"""In a real browser: the JSON-LD blocks break no Content-Security-Policy, and the downloads
page passes the accessibility checks."""

import json

import pytest
from playwright.sync_api import expect

from .browser import DESKTOP, PHONE, open_page, requires_browser, run_axe, screenshot

pytestmark = [pytest.mark.browser, requires_browser, pytest.mark.django_db(transaction=True)]

# Records every report of a blocked script, style or other resource, from the first moment.
WATCH_CSP = """
window.cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.cspViolations.push(event.violatedDirective + " " + event.blockedURI);
});
"""

INLINE_SCRIPT = """
const script = document.createElement("script");
script.textContent = "window.ranInline = true;";
document.head.append(script);
"""


@pytest.fixture
def site(live_server, demo_live):
    return live_server.url


def visit_with_csp(browser, url):
    """The page at ``url``, its Content-Security-Policy enforced, with what it reported."""
    context = browser.new_context(viewport={"width": DESKTOP, "height": 900})
    page = context.new_page()
    messages = []
    page.on("console", lambda message: messages.append(message.text))
    page.add_init_script(WATCH_CSP)
    response = page.goto(url)
    page.wait_for_load_state("load")
    assert "script-src 'self'" in response.headers["content-security-policy"]
    return page, messages


@pytest.mark.parametrize("path", ["/roundtables/bangkok-2018/", "/fr/data/"])
def test_the_json_ld_breaks_no_content_security_policy(browser, site, path):
    page, messages = visit_with_csp(browser, site + path)
    blocks = page.locator('script[type="application/ld+json"]')
    expect(blocks).to_have_count(1)
    assert json.loads(blocks.text_content())["@context"] == "https://schema.org"
    assert page.evaluate("window.cspViolations") == []
    assert [text for text in messages if "Content Security Policy" in text] == []
    # The watch works: an inline script that would run is reported.
    page.evaluate(INLINE_SCRIPT)
    page.wait_for_function("window.cspViolations.length > 0")
    assert page.evaluate("window.ranInline") is None
    page.context.close()


@pytest.mark.parametrize("width", [PHONE, DESKTOP])
def test_the_downloads_page_passes_the_accessibility_checks(browser, site, width):
    page = open_page(browser, width)
    page.goto(site + "/data/")
    screenshot(page, f"downloads-en-{width}")
    assert run_axe(page) == []
    page.context.close()


def test_a_visitor_finds_the_calendar_from_the_tour(browser, site):
    page = open_page(browser, DESKTOP)
    page.goto(site + "/roundtables/")
    link = page.get_by_role("link", name="Subscribe to the calendar")
    expect(link).to_be_visible()
    assert link.get_attribute("href") == "/roundtables/calendar.ics"
    response = page.request.get(site + "/roundtables/calendar.ics")
    assert response.headers["content-type"] == "text/calendar; charset=utf-8"
    assert response.text().startswith("BEGIN:VCALENDAR")
    page.context.close()
