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
    nairobi = re.compile(r"^Stop 3: .*, Nairobi,")
    marker = page.locator(".tour-map").get_by_role("link", name=nairobi)
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


@pytest.mark.parametrize("name", PUBLIC_PAGES)
def test_no_public_page_is_wider_than_a_phone(browser, site, name):
    for width in (320, PHONE):
        page = open_page(browser, width)
        page.goto(site + PUBLIC_PAGES[name])
        overflow = page.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        assert overflow <= 0, f"{name} is {overflow}px wider than the screen at {width}px"
        page.context.close()


def test_map_markers_are_targets_a_finger_can_tap_with_numbers_one_can_read(browser, site):
    page = open_page(browser, 320)
    page.goto(site + "/")
    markers = page.locator(".tour-map a.marker")
    assert markers.count() == 4
    for index in range(markers.count()):
        box = markers.nth(index).locator("circle").bounding_box()
        assert box["width"] >= 24 and box["height"] >= 24, box
        size = markers.nth(index).locator("text").evaluate("e => getComputedStyle(e).fontSize")
        assert float(size.removesuffix("px")) >= 12
    # Each marker's number is the stop that the table under the map names.
    first = page.locator(".tour-map a[href='/roundtables/bangkok-2018/'] text").text_content()
    row = page.get_by_role("row").filter(has_text="Bangkok")
    assert first == "1" and row.get_by_role("cell").first.inner_text().strip() == "1"


def test_a_roundtable_on_a_phone_shows_its_dates_and_countries_before_its_results(browser, site):
    page = open_page(browser, PHONE)
    page.goto(site + "/roundtables/bangkok-2018/")
    facts = page.get_by_role("heading", name="Key facts").bounding_box()
    countries = page.get_by_role("heading", name="Participating countries").bounding_box()
    results = page.get_by_role("heading", name="Results by country").bounding_box()
    assert facts["y"] < countries["y"] < results["y"]
    screenshot(page, "roundtable-order-390")
    page.context.close()
    # On a wide screen the facts head the side column, beside the results.
    page = open_page(browser, DESKTOP)
    page.goto(site + "/roundtables/bangkok-2018/")
    facts = page.get_by_role("heading", name="Key facts").bounding_box()
    results = page.get_by_role("heading", name="Results by country").bounding_box()
    assert results["x"] < facts["x"] and abs(results["y"] - facts["y"]) < 120


def test_the_eu_emblem_and_funding_statement_are_printed(browser, site):
    page = open_page(browser, DESKTOP)
    page.goto(site + "/good-practices/")
    page.emulate_media(media="print")
    emblem = page.get_by_role("img", name="Emblem of the European Union")
    expect(emblem).to_be_visible()
    assert emblem.evaluate("img => img.complete && img.naturalWidth > 0")
    funding = page.locator(".funding")
    expect(funding).to_be_visible()
    expect(funding).to_contain_text("Funded by the European Union")
    expect(funding).to_contain_text("Implemented by ICMPD")
    # The rest of the footer (links, feeds) stays off paper.
    expect(page.get_by_role("link", name="Sitemap")).to_be_hidden()
    page.pdf(path=str(screenshot(page, "good-practices-print").with_suffix(".pdf")))


def test_flags_load_as_sharp_images_on_a_dense_screen(browser, site):
    context = browser.new_context(viewport={"width": PHONE, "height": 900}, device_scale_factor=3)
    page = context.new_page()
    page.goto(site + "/roundtables/bangkok-2018/")
    flags = page.locator("img.flag")
    assert flags.count() >= 7
    for index in range(flags.count()):
        flag = flags.nth(index)
        assert flag.get_attribute("src").endswith(".svg")
        assert flag.evaluate("img => img.complete && img.naturalWidth > 0")
    context.close()
