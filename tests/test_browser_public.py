"""A visitor in a real browser: through the tour, filters and search; axe on every page."""

import re

import pytest
from playwright.sync_api import expect

from .browser import (
    DESKTOP,
    PHONE,
    PUBLIC_PAGES,
    check_axe,
    open_page,
    requires_browser,
    screenshot,
)

pytestmark = [pytest.mark.browser, requires_browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def site(live_server, demo_live):
    return live_server.url


def test_a_visitor_goes_from_home_to_a_roundtable_a_country_and_an_action(browser, site):
    page = open_page(browser, DESKTOP)
    page.goto(site + "/")
    page.get_by_role("link", name="Regional Round-table for Asia").first.click()
    page.wait_for_url("**/roundtables/bangkok-2018/")
    expect(page.get_by_role("heading", name="Results by country")).to_be_visible()
    results = page.locator("section[aria-labelledby='results-heading']")
    expect(results.get_by_text("National Migration Data Working Group").first).to_be_visible()
    results.get_by_role("link", name="Philippines", exact=True).click()
    page.wait_for_url("**/countries/ph/")
    assert page.get_by_role("heading", level=1).inner_text().strip() == "Philippines"
    page.locator("#actions-heading + div").get_by_role("link", name="The Philippines I").click()
    page.wait_for_url("**/actions/the-philippines-i/")
    expect(page.get_by_text("Department of Labor and Employment (DOLE)")).to_be_visible()
    screenshot(page, "journey-action-1280")


def test_a_visitor_follows_a_map_marker_with_the_keyboard(browser, site):
    page = open_page(browser, DESKTOP)
    page.goto(site + "/")
    marker = page.locator("svg.tour-map a[href='/roundtables/nairobi-2018/']")
    marker.focus()
    page.keyboard.press("Enter")
    page.wait_for_url("**/roundtables/nairobi-2018/")
    assert "Nairobi" in page.get_by_role("heading", level=1).inner_text() or page.title()


def test_a_visitor_filters_the_actions(browser, site):
    page = open_page(browser, DESKTOP)
    page.goto(site + "/actions/")
    expect(page.get_by_text("5 Actions")).to_be_visible()
    page.get_by_label("Region").select_option(label="Latin America & the Caribbean")
    page.get_by_label("Sort by").select_option(label="Title A–Z")
    page.get_by_role("button", name="Apply").click()
    page.wait_for_url(re.compile(r".*region=latin-america-caribbean.*"))
    titles = page.locator("h3.card-title").all_inner_texts()
    assert titles == ["Mexico II", "Mexico III"]
    assert page.get_by_label("Region").input_value() == "latin-america-caribbean"


def test_a_visitor_searches_and_sees_the_words_highlighted(browser, site):
    page = open_page(browser, PHONE)
    page.goto(site + "/")
    page.get_by_role("button", name="Show the menu").click()
    page.get_by_role("link", name="Search").click()
    page.get_by_label("Search the round-tables").fill("working group")
    page.get_by_label("Search the round-tables").press("Enter")
    page.wait_for_url("**/search/?q=working+group*")
    first = page.locator("ol li article").first
    assert "National Migration Data Working Group" in first.inner_text()
    assert first.locator("mark").count() >= 2
    screenshot(page, "search-390")


@pytest.mark.parametrize("name", PUBLIC_PAGES)
def test_every_public_page_passes_axe_at_phone_and_desktop_widths(browser, site, name):
    check_axe(browser, site, name, "en")
