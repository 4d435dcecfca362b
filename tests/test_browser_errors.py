"""A refused form in a real browser: the error summary takes the focus and the title says
"Error:"; its links lead to the fields; a long answer counts its characters down, aloud only
near the limit, and is never cut."""

from datetime import timedelta

import pytest
from django.core.cache import cache
from django.utils import timezone
from playwright.sync_api import expect

from reflections.models import ANSWER_MAX_LENGTH, Invitation
from reflections.services import hash_token
from roundtables.models import Participant

from .browser import DESKTOP, PHONE, open_page, requires_browser, run_axe, screenshot

pytestmark = [pytest.mark.browser, requires_browser, pytest.mark.django_db(transaction=True)]

TOKEN = "a-browser-test-link-0123456789abcdefghijkl"


@pytest.fixture
def site(live_server, demo_live, settings):
    settings.REFLECTION_MIN_FILL_SECONDS = 1
    cache.clear()
    return live_server.url


@pytest.fixture
def link(site):
    """A personal link of the Lao delegate to Bangkok."""
    Invitation.objects.create(
        participant=Participant.objects.get(email="bangkok-2018.delegate.la@example.org"),
        token_hash=hash_token(TOKEN),
        expires_at=timezone.now() + timedelta(days=30),
    )
    return f"{site}/reflect/{TOKEN}/"


def focused(page) -> str:
    """What has the focus: its id, or the data attribute that names it."""
    return page.evaluate(
        "document.activeElement.id || "
        "(document.activeElement.hasAttribute('data-error-summary') ? 'error-summary' : "
        "document.activeElement.tagName)"
    )


def test_after_a_refused_submit_the_summary_has_the_focus_and_leads_to_the_fields(browser, link):
    page = open_page(browser, PHONE)
    page.goto(link)
    assert not page.title().startswith("Error:")
    page.wait_for_timeout(1100)
    page.get_by_role("button", name="Submit").click()
    page.wait_for_load_state()
    summary = page.locator("[data-error-summary]")
    expect(summary).to_be_focused()
    assert page.title().startswith("Error: Your reflection – Bangkok")
    screenshot(page, "reflection-refused-390")
    assert run_axe(page) == []

    summary.get_by_role("link", name="To submit, tick the box").click()
    assert focused(page) == "id_consent"
    expect(page.get_by_label("I agree that this reflection may be published")).to_be_in_viewport()
    summary.get_by_role("link", name="Answer at least one of the four questions").click()
    assert focused(page) == "id_meaning"


def test_a_refused_link_request_focuses_its_summary(browser, site):
    page = open_page(browser, DESKTOP)
    page.goto(site + "/reflect/")
    page.get_by_label("Your e-mail address").fill("not an address")
    page.wait_for_timeout(2100)  # the lost-link form's own minimum time
    page.get_by_role("button", name="Send me a new link").click()
    page.wait_for_load_state()
    expect(page.locator("[data-error-summary]")).to_be_focused()
    assert page.title().startswith("Error: Ask for a new link")
    expect(page.get_by_label("Your e-mail address")).to_have_value("not an address")
    assert run_axe(page) == []


def test_a_long_answer_counts_down_aloud_only_near_the_limit_and_is_never_cut(browser, link):
    page = open_page(browser, DESKTOP)
    page.goto(link)
    answer = page.get_by_label("What the programme means to you")
    count = page.locator("#id_meaning_count")
    announced = page.locator("#id_meaning_count_status")
    expect(count).to_have_text("You have 5,000 characters remaining")
    assert "id_meaning_count" in answer.get_attribute("aria-describedby")
    assert announced.get_attribute("aria-live") == "polite"

    answer.fill("x" * 1000)
    expect(count).to_have_text("You have 4,000 characters remaining")
    page.wait_for_timeout(1500)
    expect(announced).to_have_text("")  # far from the limit: nothing said

    answer.fill("x" * (ANSWER_MAX_LENGTH - 1))
    expect(count).to_have_text("You have 1 character remaining")
    expect(announced).to_have_text("You have 1 character remaining", timeout=3000)

    answer.fill("x" * (ANSWER_MAX_LENGTH + 10))
    expect(count).to_have_text("You have 10 characters too many")
    expect(announced).to_have_text("You have 10 characters too many", timeout=3000)
    assert len(answer.input_value()) == ANSWER_MAX_LENGTH + 10  # typed text is never cut
    screenshot(page, "reflection-count-over-1280")

    # Sent anyway, it is refused and given back whole, still counted.
    page.get_by_role("button", name="Save draft").click()
    page.wait_for_load_state()
    expect(page.locator("[data-error-summary]")).to_be_focused()
    assert len(page.get_by_label("What the programme means to you").input_value()) == (
        ANSWER_MAX_LENGTH + 10
    )
    expect(page.locator("#id_meaning_count")).to_have_text("You have 10 characters too many")
    assert run_axe(page) == []
