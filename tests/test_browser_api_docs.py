"""The API's documentation in a real browser: under the site's Content-Security-Policy (not
bypassed) it shows every operation of the schema with its parameters, loads nothing from
elsewhere and the browser reports no violation of the policy; axe-core finds no WCAG 2.2 AA
violation on a phone or a desktop, and the page never scrolls sideways."""

import pytest
from playwright.sync_api import expect

from .browser import DESKTOP, PHONE, open_page, requires_browser, run_axe, screenshot

pytestmark = [pytest.mark.browser, requires_browser, pytest.mark.django_db(transaction=True)]

# Recorded in the page before any of its scripts run: every violation the browser reports.
RECORD_VIOLATIONS = """
window.violations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.violations.push(event.violatedDirective + " " + event.blockedURI);
});
"""


@pytest.fixture
def site(live_server, demo_live):
    return live_server.url


@pytest.fixture
def docs(browser, site):
    """The documentation page, with what the console said and every request it made."""
    context = browser.new_context(viewport={"width": DESKTOP, "height": 900})
    page = context.new_page()
    page.add_init_script(RECORD_VIOLATIONS)
    console, requests = [], []
    page.on("console", lambda message: console.append(f"{message.type}: {message.text}"))
    page.on("request", lambda request: requests.append(request.url))
    page.goto(site + "/api/docs/")
    page.wait_for_load_state("networkidle")
    yield page, console, requests
    context.close()


def test_the_docs_show_every_operation_and_its_parameters_within_the_policy(docs, site, client):
    page, console, requests = docs
    schema = client.get("/api/schema/?format=json").json()
    operations = page.locator("section[id^='operation-']")
    expect(operations).to_have_count(sum(len(methods) for methods in schema["paths"].values()))
    for path, methods in schema["paths"].items():
        for method, operation in methods.items():
            section = page.locator(f"#operation-{operation['operationId']}")
            expect(section.get_by_role("heading", level=3)).to_have_text(f"{method.upper()} {path}")
            where = f"{method.upper()} {path}"
            parameters = section.get_by_role("table", name=f"The parameters of {where}")
            names = parameters.locator("tbody th[scope=row] code").all_inner_texts()
            assert sorted(names) == sorted(p["name"] for p in operation["parameters"]), path
    # The page is the site's: its title, its one h1, the links to the schema.
    assert page.title() == "Open data API – MIEUX Regional Round-tables"
    expect(page.get_by_role("heading", level=1)).to_have_text("Open data API")
    expect(page.get_by_role("link", name="OpenAPI schema (JSON)")).to_be_visible()
    expect(page.get_by_role("link", name="OpenAPI schema (YAML)")).to_be_visible()
    assert page.evaluate("window.violations") == []
    refused = [line for line in console if "Content Security Policy" in line or "Refused" in line]
    assert refused == []
    assert requests and all(url.startswith(site) for url in requests), "all from the site itself"


def test_the_contents_lead_to_each_operation(docs):
    page, _console, _requests = docs
    contents = page.get_by_role("navigation", name="Contents")
    contents.get_by_role("link", name="/api/countries/{code}/").click()
    assert page.url.endswith("#operation-countries_retrieve")
    heading = page.locator("#operation-countries_retrieve").get_by_role("heading", level=3)
    expect(heading).to_be_in_viewport()
    # From a field to the object it holds.
    page.locator("#operation-countries_retrieve").get_by_role("link", name="CountryFigures").click()
    expect(page.locator("#object-CountryFigures-heading")).to_be_in_viewport()


@pytest.mark.parametrize("width", [PHONE, DESKTOP])
def test_the_docs_have_no_accessibility_violation(browser, site, width):
    page = open_page(browser, width)
    page.goto(site + "/api/docs/")
    screenshot(page, f"api-docs-{width}")
    assert page.evaluate("document.documentElement.scrollWidth") <= width, "no sideways scroll"
    assert run_axe(page) == [], f"api docs at {width}px"
    page.context.close()
