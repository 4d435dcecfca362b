"""The public pages in French and Spanish, in a real browser: the switch between languages,
and accessibility checks (axe-core) on every page."""

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


def test_a_visitor_reads_a_roundtable_in_french_then_spanish(browser, site):
    page = open_page(browser, DESKTOP)
    page.goto(site + "/roundtables/bangkok-2018/")
    page.locator("header a[hreflang='fr']").click()
    page.wait_for_url("**/fr/roundtables/bangkok-2018/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Table ronde régionale pour l'Asie")
    expect(page.get_by_role("heading", name="Résultats par pays")).to_be_visible()
    page.locator("header a[hreflang='es']").click()
    page.wait_for_url("**/es/roundtables/bangkok-2018/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Mesa redonda regional para Asia")
    assert page.locator("html").get_attribute("lang") == "es"
    screenshot(page, "roundtable-es-1280")


@pytest.mark.parametrize("language", ["fr", "es"])
@pytest.mark.parametrize("name", PUBLIC_PAGES)
def test_every_page_in_french_and_spanish_passes_axe(browser, site, name, language):
    # At phone width, where longer words have the least room; English is checked at both.
    check_axe(browser, site, name, language, widths=[PHONE])
