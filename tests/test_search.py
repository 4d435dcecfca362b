"""One search over the published content: ranked, highlighted, paginated, on both databases."""

import re

import pytest

from actions.models import Outcome
from roundtables.models import Participant

from .factories import ActionFactory, ReflectionFactory

pytestmark = pytest.mark.django_db


def hits(client, query, **params):
    response = client.get("/search/", {"q": query, **params})
    assert response.status_code == 200
    return response.context["hits"], response.content.decode()


def test_the_working_group_is_found_first_and_highlighted(client, demo):
    found, html = hits(client, "working group")
    assert (
        found[0].title
        == "Lao PDR: The National Migration Data Working Group meets for the first time"
    )
    assert found[0].url == "/countries/la/#outcome-la-nmdwg-convened"
    assert re.search(r"<mark>Working</mark> <mark>Group</mark>", str(found[0].snippet), re.I)
    assert "<mark>" in html


def test_every_kind_of_content_is_searched(client, demo):
    delegate = Participant.objects.get(email="bangkok-2018.delegate.kh@example.org")
    ReflectionFactory(
        participant=delegate, status="approved", meaning="Our border police learnt a lot."
    )
    kinds = {hit.kind for hit in hits(client, "police")[0]}
    assert kinds >= {"outcomes", "reflections"}
    assert {hit.kind for hit in hits(client, "Bangkok")[0]} >= {"roundtables", "outcomes"}
    assert "actions" in {hit.kind for hit in hits(client, "Tapachula")[0]}
    assert "findings" in {hit.kind for hit in hits(client, "study visits")[0]}


def test_a_title_match_ranks_above_a_text_match(client, demo):
    ActionFactory(title="Diaspora engagement", summary="")
    ActionFactory(title="Another Action", summary="Something about diaspora along the way.")
    titles = [hit.title for hit in hits(client, "diaspora")[0] if hit.kind == "actions"]
    assert titles == ["Diaspora engagement", "Another Action"]


def test_drafts_and_unapproved_reflections_are_not_found(client, demo):
    Outcome.objects.filter(code="nmdwg-convened").update(is_published=False)
    assert not [h for h in hits(client, "working group")[0] if h.kind == "outcomes"]
    delegate = Participant.objects.get(email="bangkok-2018.delegate.kh@example.org")
    for status in ("draft", "submitted", "rejected", "withdrawn"):
        reflection = ReflectionFactory(
            participant=delegate, status=status, meaning="Zanzibarian words"
        )
        assert hits(client, "Zanzibarian")[0] == [], status
        reflection.delete()


def test_results_can_be_narrowed_to_one_kind(client, demo):
    found, html = hits(client, "Bangkok", type="roundtables")
    assert {hit.kind for hit in found} == {"roundtables"}
    assert 'aria-current="page">Round-table' in html


def test_results_are_paginated(client, demo):
    for number in range(25):
        ActionFactory(title=f"Quokka study {number}")
    first, html = hits(client, "quokka")
    assert len(first) == 20 and 'rel="next"' in html
    second, _ = hits(client, "quokka", page=2)
    assert len(second) == 5


@pytest.mark.parametrize(
    "query",
    [
        "<script>alert(1)</script>",
        '"unclosed',
        "-",
        "a" * 1000,
        "migration OR",
        "\u202eevil",
        "😀 migration",
    ],
)
def test_odd_queries_never_fail_and_are_escaped(client, demo, query):
    found, html = hits(client, query)
    assert "<script>alert(1)</script>" not in html
    if len(query) > 200:
        assert "only its first 200 characters were used" in html


def test_an_empty_query_shows_the_form(client, demo):
    found, html = hits(client, "")
    assert found == [] and 'id="search-q"' in html and "results for" not in html


def test_a_query_with_no_hits_suggests_where_to_look(client, demo):
    found, html = hits(client, "xylophonic")
    assert found == [] and "0 results" in html and "Try fewer or other words" in html


def test_search_reads_what_the_public_reads_not_what_was_redacted(client, demo):
    delegate = Participant.objects.get(email="bangkok-2018.delegate.kh@example.org")
    ReflectionFactory(
        participant=delegate,
        status="approved",
        results="Thanks to Mr Quibblesworth we did it.",
        public_results="Thanks to a colleague we did it.",
    )
    assert hits(client, "Quibblesworth")[0] == []
    found = hits(client, "colleague")[0]
    assert [hit.kind for hit in found] == ["reflections"]
    assert "Quibblesworth" not in str(found[0].snippet)


def test_findings_of_a_draft_roundtable_are_not_found(client, demo):
    from roundtables.models import RoundTable

    RoundTable.objects.filter(slug="bangkok-2018").update(is_published=False)
    assert not [h for h in hits(client, "study visits")[0] if h.kind == "findings"]


def test_highlighting_never_breaks_the_escaped_text():
    from pages.text import highlight

    assert str(highlight("R&D and <tags>", ["amp", "lt"])) == "R&amp;D and &lt;tags&gt;"
    assert str(highlight("Research & <b>data</b>", ["data"])) == (
        "Research &amp; &lt;b&gt;<mark>data</mark>&lt;/b&gt;"
    )
