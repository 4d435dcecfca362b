"""Values many pages show (filter choices, figures), built once per content version: reused
by the next page, built again after a change, and counted as read by every page that used
them, so that a change to what they were built from re-makes those pages too."""

import pytest
from django.db import connection
from django.test.signals import template_rendered
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from actions.models import Action, Outcome
from pagecache.recording import recording
from pagecache.shared import shared
from pagecache.versions import bump_content_version

from .staff import member_of
from .test_page_cache_dependencies import cached, visit

pytestmark = pytest.mark.django_db


def counted_outcomes():
    return Outcome.objects.published().count()


def test_a_shared_value_is_built_once_per_content_version(demo, page_cache):
    with CaptureQueriesContext(connection) as queries:
        first = shared("test:outcomes", counted_outcomes)
        again = shared("test:outcomes", counted_outcomes)
    assert first == again == Outcome.objects.published().count()
    assert len(queries) == 1
    with CaptureQueriesContext(connection) as queries, translation.override("fr"):
        shared("test:outcomes", counted_outcomes)  # the same in every language
        shared("test:outcomes-fr", counted_outcomes, per_language=True)
        shared("test:outcomes-fr", counted_outcomes, per_language=True)
    assert len(queries) == 1
    with CaptureQueriesContext(connection) as queries, translation.override("es"):
        shared("test:outcomes-fr", counted_outcomes, per_language=True)
    assert len(queries) == 1  # words in it: each language has its own
    bump_content_version()
    with CaptureQueriesContext(connection) as queries:
        shared("test:outcomes", counted_outcomes)
    assert len(queries) == 1


def test_a_page_that_reuses_a_shared_value_has_read_what_it_was_built_from(demo, page_cache):
    with recording() as building:
        shared("test:outcomes", counted_outcomes)
    with recording() as reusing, CaptureQueriesContext(connection) as queries:
        shared("test:outcomes", counted_outcomes)
    assert len(queries) == 0
    assert reusing.tags == building.tags and building.tags


def test_with_the_page_cache_off_the_value_is_built_each_time(demo):
    with CaptureQueriesContext(connection) as queries:
        shared("test:outcomes", counted_outcomes)
        shared("test:outcomes", counted_outcomes)
    assert len(queries) == 2


def test_a_page_built_from_another_pages_value_is_re_made_when_the_value_changes(
    client, demo, page_cache, remade, commit
):
    # The sitemap index counts the documented countries; the country index reuses them.
    visit(client, ["/sitemap.xml"])
    with CaptureQueriesContext(connection) as queries:
        client.get("/countries/")
    assert not any("outcome" in query["sql"].lower() for query in queries.captured_queries)
    assert "Brazil" not in cached(client, "/countries/")
    outcome = Outcome.objects.published().first()
    with commit():
        outcome.country = "BR"
        outcome.save()
    assert any("/countries/" in paths for paths in remade)
    assert "Brazil" in cached(client, "/countries/")


def filter_form(page: str) -> str:
    return page[page.index('<form method="get"') : page.index("</form>")]


def test_a_filter_form_is_rendered_once_for_the_same_filters_and_shows_each_choice(
    client, demo, page_cache
):
    first = filter_form(client.get("/actions/").content.decode())
    with CaptureQueriesContext(connection) as queries:
        again = filter_form(client.get("/actions/?utm_source=x").content.decode())
    assert again == first
    # The choices of thematic areas are not read again.
    assert not any(
        q["sql"].startswith('SELECT "actions_thematicarea".') for q in queries.captured_queries
    )
    asia = filter_form(client.get("/actions/?region=asia").content.decode())
    assert '<option value="asia" selected>' in asia and 'value="asia" selected' not in first
    french = filter_form(client.get("/fr/actions/").content.decode())
    assert "Toutes les régions" in french


def test_a_filter_form_with_errors_is_never_kept(client, demo, page_cache):
    refused = client.get("/actions/?year=1800")
    assert refused.status_code == 200 and "text-danger" in filter_form(refused.content.decode())
    assert "text-danger" not in filter_form(client.get("/actions/").content.decode())
    assert "text-danger" in filter_form(client.get("/actions/?year=1800").content.decode())


def test_a_new_partner_country_reaches_the_filter_of_every_list_page(
    client, demo, page_cache, commit
):
    visit(client, ["/actions/", "/actions/?region=asia"])
    assert 'value="BR"' not in filter_form(cached(client, "/actions/?region=asia"))
    action = Action.objects.published().get(slug="mexico-ii")
    with commit():
        action.countries = [*action.countries, "BR"]
        action.save()
    for url in ["/actions/", "/actions/?region=asia"]:
        assert 'value="BR"' in filter_form(cached(client, url)), url


def card_renders(client, url) -> int:
    """How many Action cards rendering ``url`` rendered (not taken from the cache)."""
    rendered = []

    def count(sender, template, **kwargs):
        rendered.append(template.name)

    template_rendered.connect(count)
    try:
        assert client.get(url).status_code == 200
    finally:
        template_rendered.disconnect(count)
    return rendered.count("includes/action_card.html")


def test_an_action_card_is_rendered_once_for_every_page_that_shows_it(client, demo, page_cache):
    shown = Action.objects.published().for_country("PH").count()
    assert shown > 1
    assert card_renders(client, "/actions/") == Action.objects.published().count()
    # Its country's page shows the same cards, in the same language: none rendered again.
    assert card_renders(client, "/countries/ph/") == 0
    # In another language, each is rendered once more.
    assert card_renders(client, "/fr/countries/ph/") == shown


def test_an_edited_action_shows_its_new_title_on_every_page_with_its_card(
    client, demo, page_cache, commit
):
    visit(client, ["/actions/", "/countries/ph/"])
    action = Action.objects.get(slug="the-philippines-i")
    with commit():
        action.title = "The Philippines I, renamed"
        action.save()
    for url in ["/actions/", "/countries/ph/"]:
        assert "The Philippines I, renamed" in cached(client, url), url


def test_a_signed_in_user_gets_parts_rendered_for_them_and_keeps_none(client, demo, page_cache):
    member_of(client, "Editors")
    total = Action.objects.published().count()
    assert card_renders(client, "/actions/") == total
    assert card_renders(client, "/actions/") == total
    visitor = client.__class__()
    assert card_renders(visitor, "/actions/") == total  # nothing was kept for it
