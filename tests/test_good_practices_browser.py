"""The good-practices page in a real browser: filtering, paging, and axe on what that shows."""

import pytest
from playwright.sync_api import expect

from findings.models import Finding
from roundtables.models import RoundTable

from .browser import DESKTOP, PHONE, open_page, requires_browser, run_axe, screenshot
from .factories import FindingFactory

pytestmark = [pytest.mark.browser, requires_browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def site(live_server, demo_live):
    """The demo tour, with enough recommendations from Bangkok for two pages."""
    bangkok = RoundTable.objects.get(slug="bangkok-2018")
    for number in range(22):
        FindingFactory(
            roundtable=bangkok,
            kind=Finding.Kind.RECOMMENDATION,
            title=f"Recommendation {number:02}",
            countries=["TH"],
        )
    return live_server.url


def test_a_visitor_filters_the_findings_and_turns_the_page(browser, site):
    page = open_page(browser, DESKTOP)
    page.goto(site + "/good-practices/")
    page.get_by_label("Kind").select_option(label="Recommendation")
    page.get_by_role("button", name="Apply").click()
    page.wait_for_url("**/good-practices/?*kind=recommendation*")
    expect(page.get_by_role("status")).to_have_text("22 findings")
    expect(page.get_by_role("heading", name="Recommendation 19")).to_be_visible()
    expect(page.get_by_role("heading", name="Recommendation 20")).to_have_count(0)
    page.get_by_role("link", name="Next").click()
    expect(page.get_by_role("heading", name="Recommendation 21")).to_be_visible()
    expect(page).to_have_title(
        "Good practices and lessons learnt, page 2 – MIEUX Regional Round-tables"
    )
    expect(page.get_by_label("Kind")).to_have_value("recommendation")


@pytest.mark.parametrize(
    "address",
    [
        "/good-practices/?kind=recommendation&page=2",
        "/fr/good-practices/?region=asia&country=TH",
        "/es/good-practices/?region=atlantis",  # the message for a filter it cannot apply
    ],
)
def test_filtered_and_paged_findings_pass_axe(browser, site, address):
    for width in (PHONE, DESKTOP):
        page = open_page(browser, width)
        page.goto(site + address)
        name = "good-practices-" + address.strip("/").replace("/", "-").replace("?", "-")
        screenshot(page, f"{name}-{width}")
        assert run_axe(page) == [], f"{address} at {width}px"
        page.context.close()
