"""A participant writes on a phone, a moderator approves, the public reads it: in a real browser."""

import pytest
from django.core import mail
from django.core.cache import cache
from playwright.sync_api import expect

from reflections.models import Reflection
from roundtables.models import Participant, RoundTable

from .browser import DESKTOP, PHONE, open_page, requires_browser, run_axe, screenshot
from .factories import UserFactory
from .reflections import LINK

pytestmark = [pytest.mark.browser, requires_browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def site(live_server, demo_live, settings):
    settings.REFLECTION_MIN_FILL_SECONDS = 1
    settings.SITE_URL = live_server.url
    cache.clear()
    return live_server.url


def test_invite_write_on_a_phone_submit_approve_and_publish(browser, site):
    # Staff invite the Bangkok participants from the admin.
    UserFactory(
        username="moderator", password="a-long-test-password", is_staff=True, is_superuser=True
    )
    staff = open_page(browser, DESKTOP)
    staff.goto(site + "/admin/login/")
    staff.get_by_label("Username").fill("moderator")
    staff.get_by_label("Password").fill("a-long-test-password")
    staff.get_by_role("button", name="Log in").click()
    bangkok = RoundTable.objects.get(slug="bangkok-2018")
    staff.goto(site + f"/admin/roundtables/participant/?roundtable__id__exact={bangkok.pk}")
    staff.locator("#action-toggle").check()
    staff.locator("select[name=action]").select_option("send_invitations")
    staff.locator("button[name=index]").click()
    expect(staff.get_by_text("Personal links were sent to 10 participants.")).to_be_visible()

    lao = Participant.objects.get(email="bangkok-2018.delegate.la@example.org")
    message = next(m for m in mail.outbox if m.to == [lao.email])
    link = site + LINK.search(message.body).group(0)

    # The participant opens the link on a phone, saves a draft, then submits.
    phone = open_page(browser, PHONE)
    phone.goto(link)
    assert run_axe(phone) == []
    phone.get_by_label("What the programme means to you").fill("Peers who became friends.")
    phone.wait_for_timeout(1100)
    phone.get_by_role("button", name="Save draft").click()
    expect(phone.get_by_text("Your draft has been saved.")).to_be_visible()
    phone.get_by_label("What results it brought to your institution and country").fill(
        "The working group met for the first time."
    )
    phone.get_by_label("The Philippines I").check()
    phone.get_by_label("I agree that this reflection may be published").check()
    phone.wait_for_timeout(1100)
    phone.get_by_role("button", name="Submit").dblclick()
    expect(phone.get_by_text("Thank you. Your reflection has been sent")).to_be_visible()
    screenshot(phone, "reflection-submitted-390")
    assert run_axe(phone) == []
    assert Reflection.objects.filter(participant=lao).count() == 1

    # The moderator finds it in the queue and approves it.
    staff.goto(site + "/admin/")
    staff.get_by_role("link", name="Reflections awaiting moderation").click()
    staff.get_by_role("link", name="Reflection by Government official").click()
    staff.get_by_role("button", name="Approve and publish").click()
    expect(staff.get_by_text("The author has been told by e-mail.")).to_be_visible()

    # The public reads it on Bangkok's page, signed as the author chose.
    public = open_page(browser, PHONE)
    public.goto(site + "/roundtables/bangkok-2018/")
    reflection = public.locator("article.reflection").first
    assert "Peers who became friends." in reflection.inner_text()
    assert "Government delegate, Lao PDR" in reflection.inner_text()
    screenshot(public, "reflection-published-390")
    assert Reflection.objects.get(participant=lao).status == "approved"


def test_the_lost_link_page_passes_axe(browser, site):
    page = open_page(browser, PHONE)
    page.goto(site + "/reflect/")
    assert run_axe(page) == []
    page.goto(site + "/reflect/not-a-valid-token-0123456789/")
    expect(page.get_by_role("heading", name="This link does not work")).to_be_visible()
    assert run_axe(page) == []
