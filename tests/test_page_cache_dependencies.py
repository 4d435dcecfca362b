"""Which cached pages an edit refreshes: those that showed what changed, re-made in the
background so that the next visitor is served from the cache, and no others. Tasks run at
once here (tests/conftest.py); ``no_worker`` stands for a worker that is not running."""

import time

import pytest
from django.db import connection, transaction
from django.test.signals import template_rendered
from django.test.utils import CaptureQueriesContext

from actions.models import Action, Outcome
from pagecache.versions import bump_content_version, content_version
from reflections.models import Reflection
from roundtables.models import Participant

from .factories import ReflectionFactory
from .staff import admin_url, member_of

pytestmark = pytest.mark.django_db

SHOWING_MEXICO_II = [
    "/actions/",
    "/actions/mexico-ii/",
    "/fr/actions/mexico-ii/",
    "/countries/mx/",
    "/regions/latin-america-caribbean/",
]
NOT_SHOWING_MEXICO_II = [
    "/actions/kyrgyzstan-iv/",
    "/countries/kg/",
    "/roundtables/bangkok-2018/",
    "/publications/",
    "/publications/building-bridges/",
    "/good-practices/",
]


@pytest.fixture
def no_worker(settings):
    """Tasks are queued and nothing runs them."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}


def cached(client, url):
    """The page, asserted to come from the cache: no query, no template."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert len(queries) == 0 and response.templates == [], url
    return response.content.decode()


def rendered(client, url):
    """The page, asserted to be rendered for this request."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert len(queries) > 0, url
    return response.content.decode()


def visit(client, urls):
    for url in urls:
        client.get(url)


def rename(slug, title):
    action = Action.objects.get(slug=slug)
    action.title = title
    action.save()


def test_an_edited_action_is_re_made_where_it_shows_and_nowhere_else(
    client, demo, page_cache, remade, commit
):
    visit(client, SHOWING_MEXICO_II + NOT_SHOWING_MEXICO_II)
    untouched = {url: cached(client, url) for url in NOT_SHOWING_MEXICO_II}
    with commit():
        rename("mexico-ii", "Mexico II (protection of migrants)")
    assert remade == [sorted(SHOWING_MEXICO_II)]  # one task, the pages that showed it
    for url in SHOWING_MEXICO_II:
        page = cached(client, url)
        assert "Mexico II (protection of migrants)" in page or "Mexique II" in page, url
    for url, page in untouched.items():
        assert cached(client, url) == page, url


def test_a_change_that_moves_no_figure_leaves_the_counts_and_indexes_alone(
    client, demo, page_cache, remade, commit
):
    visit(client, SHOWING_MEXICO_II + ["/", "/countries/"])
    with commit():
        action = Action.objects.get(slug="mexico-ii")
        action.objectives = "New objectives, shown on its own page."
        action.save()
    # The pages that show the Action are re-made; the home page counts Actions and the
    # country index lists countries, neither of which the change moved.
    assert remade == [sorted(SHOWING_MEXICO_II)]
    assert "New objectives, shown on its own page." in cached(client, "/actions/mexico-ii/")


def test_an_unpublished_action_is_gone_from_every_page_once_re_made(
    client, demo, page_cache, remade, django_capture_on_commit_callbacks
):
    visitor = client.__class__()
    visit(visitor, SHOWING_MEXICO_II)
    member_of(client, "Editors")
    action = Action.objects.get(slug="mexico-ii")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            admin_url("actions.action"),
            {"action": "unpublish", "_selected_action": action.pk, "index": "0"},
        )
    assert response.status_code == 302
    assert remade and "/actions/mexico-ii/" in remade[0]
    assert visitor.get("/actions/mexico-ii/").status_code == 404
    for url in ["/actions/", "/countries/mx/", "/regions/latin-america-caribbean/"]:
        assert "Mexico II<" not in cached(visitor, url), url


def test_a_new_link_re_makes_the_pages_of_both_ends(client, demo, page_cache, remade, commit):
    both_ends = ["/actions/mexico-ii/", "/actions/the-philippines-i/", "/countries/ph/"]
    visit(client, [*both_ends, "/countries/kg/", "/publications/"])
    outcome = Action.objects.get(slug="the-philippines-i").outcomes.get()
    with commit():
        outcome.actions.add(Action.objects.get(slug="mexico-ii"))
    assert remade == [sorted(both_ends)]
    assert outcome.title in cached(client, "/actions/mexico-ii/")
    assert "Mexico II" in cached(client, "/actions/the-philippines-i/")


def test_a_rolled_back_edit_refreshes_nothing(client, demo, page_cache, remade, commit):
    visit(client, SHOWING_MEXICO_II)
    before = content_version()
    with pytest.raises(RuntimeError), commit():
        rename("mexico-ii", "Never committed")
        raise RuntimeError("the editor's request failed")
    assert content_version() == before and remade == []
    assert "Never committed" not in cached(client, "/actions/mexico-ii/")


def test_an_edit_undone_by_its_savepoint_is_forgotten_and_the_rest_kept(
    client, demo, page_cache, remade, commit
):
    visit(client, ["/actions/mexico-ii/", "/actions/kyrgyzstan-iv/"])
    before = content_version()
    with commit():
        rename("mexico-ii", "Kept")
        try:
            with transaction.atomic():
                rename("kyrgyzstan-iv", "Undone")
                raise ValueError("a refused row")
        except ValueError:
            pass
    assert content_version() == before + 1
    assert remade == [["/actions/mexico-ii/"]]
    assert "Undone" not in cached(client, "/actions/kyrgyzstan-iv/")


def test_a_draft_reflection_refreshes_nothing(client, demo, page_cache, remade, commit):
    visit(client, ["/roundtables/bangkok-2018/", "/"])
    before = content_version()
    participant = Participant.objects.filter(roundtable__slug="bangkok-2018").first()
    with commit():
        ReflectionFactory(participant=participant, status=Reflection.Status.DRAFT)
    assert content_version() == before and remade == []


def test_a_reflection_withdrawn_from_the_public_refreshes_its_pages(
    client, demo, page_cache, remade, commit
):
    participant = Participant.objects.filter(roundtable__slug="bangkok-2018").first()
    with commit():
        reflection = ReflectionFactory(participant=participant, status="approved")
    visit(client, ["/roundtables/bangkok-2018/"])
    with commit():
        reflection = Reflection.objects.get(pk=reflection.pk)
        reflection.status = Reflection.Status.REJECTED  # not public any more
        reflection.save()
    assert remade[-1] == ["/roundtables/bangkok-2018/"]


def test_a_page_is_served_stale_while_its_re_render_waits_and_no_longer_than_allowed(
    client, demo, page_cache, no_worker, remade, commit, settings, monkeypatch
):
    settings.PUBLIC_PAGE_STALE_SECONDS = 60
    visit(client, ["/actions/mexico-ii/"])
    clock = [time.time()]
    monkeypatch.setattr(time, "time", lambda: clock[0])
    with commit():
        rename("mexico-ii", "First change")
    assert remade == [["/actions/mexico-ii/"]]  # queued; nothing runs it
    assert "First change" not in cached(client, "/actions/mexico-ii/")
    clock[0] += 40
    with commit():
        rename("mexico-ii", "Second change")
    assert len(remade) == 1  # already queued
    clock[0] += 30  # 70 s after the first change it missed: rendered for this visitor
    assert "Second change" in rendered(client, "/actions/mexico-ii/")
    assert "Second change" in cached(client, "/actions/mexico-ii/")


def test_a_change_to_everything_is_never_served_stale(client, demo, page_cache, no_worker):
    visit(client, ["/actions/mexico-ii/"])
    bump_content_version()  # a restore, or rows written in bulk
    rendered(client, "/actions/mexico-ii/")
    cached(client, "/actions/mexico-ii/")


def test_an_edit_during_a_render_leaves_no_stale_page(client, demo, page_cache, remade, commit):
    def edit_meanwhile(sender, **kwargs):
        template_rendered.disconnect(edit_meanwhile)
        with commit():
            rename("mexico-ii", "Changed during the render")

    template_rendered.connect(edit_meanwhile)
    client.get("/actions/mexico-ii/")  # read the old title, then the title changed
    assert "Changed during the render" in cached(client, "/actions/mexico-ii/")


def test_a_re_made_page_is_the_page_a_visitor_would_get(client, demo, page_cache, commit):
    first = client.get("/fr/actions/mexico-ii/")
    with commit():
        action = Action.objects.get(slug="mexico-ii")
        action.title_fr = "Mexique II (protection)"
        action.save()
    with CaptureQueriesContext(connection) as queries:
        again = client.get("/fr/actions/mexico-ii/")
    assert len(queries) == 0 and "Mexique II (protection)" in again.content.decode()
    assert again["Content-Language"] == "fr"
    for header in ("Content-Type", "Vary", "X-Frame-Options", "Content-Security-Policy"):
        assert again[header] == first[header], header


def test_an_import_of_a_thousand_rows_queues_one_re_render(
    client, demo, page_cache, remade, django_capture_on_commit_callbacks
):
    from actions.resources import ActionResource

    from .test_large_imports import actions, confirm, spreadsheet, upload

    visit(client.__class__(), ["/actions/", "/countries/vn/", "/publications/"])
    rows = actions(1000)
    for row in rows:
        row["is_published"] = "1"
    member_of(client, "Editors")
    before = content_version()
    dry_run = upload(client, "actions.action", spreadsheet(ActionResource, rows))
    with django_capture_on_commit_callbacks(execute=True):
        assert confirm(client, "actions.action", dry_run).status_code == 200
    assert Action.objects.filter(slug__startswith="bulk-action-").count() == 1000
    assert content_version() == before + 1
    # So many rows: every page that read Actions is re-made; the publications read none.
    assert remade == [["/actions/", "/countries/vn/"]]


def test_a_draft_changed_leaves_the_lists_alone_until_it_is_published(
    client, demo, page_cache, remade, commit
):
    from .factories import PublicationFactory

    with commit():
        draft = PublicationFactory(title="A draft book", is_published=False)
    visit(client, ["/publications/", "/publications/building-bridges/"])
    with commit():
        draft.title = "A draft book, renamed"
        draft.save()
    assert remade == []  # the list sorts on titles, but only of what it shows
    with commit():
        draft.is_published = True
        draft.save()
    assert remade == [["/publications/"]]
    assert "A draft book, renamed" in cached(client, "/publications/")


def test_a_column_read_with_values_re_makes_the_page_that_counted_it(
    client, demo, page_cache, remade, commit
):
    # The country index counts results by country with values(): no row is loaded as an
    # instance, so the column counted is what the page depends on.
    visit(client, ["/countries/"])
    assert "Brazil" not in cached(client, "/countries/")
    outcome = Outcome.objects.published().first()
    with commit():
        outcome.country = "BR"
        outcome.save()
    assert ["/countries/"] in remade
    assert "Brazil" in cached(client, "/countries/")
