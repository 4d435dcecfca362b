"""Headings and controls that say which one they are (WCAG 2.4.6, 2.4.4, 1.3.1): reflections
by the same kind of author headed apart, a sort menu that starts with a sort, and search filters
that say what they show."""

import re

import pytest

from roundtables.models import Participant, RoundTable

from .factories import ParticipantFactory, ReflectionFactory

pytestmark = pytest.mark.django_db

BANGKOK = "/roundtables/bangkok-2018/"


def headings(page: str, level: int) -> list[str]:
    return [
        " ".join(re.sub(r"<[^>]+>", "", text).split())
        for text in re.findall(rf"<h{level}\b[^>]*>(.*?)</h{level}>", page, re.S)
    ]


@pytest.fixture
def five_delegates(demo):
    """Five approved reflections from Bangkok signed the same way: three by their role and
    country (two of them from Lao PDR), two anonymously."""
    bangkok = RoundTable.objects.get(slug="bangkok-2018")
    lao = Participant.objects.get(email="bangkok-2018.delegate.la@example.org")
    other_lao = ParticipantFactory(roundtable=bangkok, country="LA", role="delegate")
    thai = Participant.objects.get(email="bangkok-2018.delegate.th@example.org")
    for participant, attribution in [
        (lao, "role"),
        (other_lao, "role"),
        (thai, "role"),
        (Participant.objects.get(email="bangkok-2018.delegate.kh@example.org"), "anonymous"),
        (Participant.objects.get(email="bangkok-2018.delegate.ph@example.org"), "anonymous"),
    ]:
        ReflectionFactory(participant=participant, status="approved", attribution=attribution)


def test_each_reflection_on_a_roundtable_has_a_heading_of_its_own(client, five_delegates):
    page = client.get(BANGKOK).content.decode()
    section = page.split('id="reflections-heading"', 1)[1].split("</section>", 1)[0]
    found = headings(section, 3)
    assert len(found) == 5
    assert len(set(found)) == 5, found
    assert "Government delegate, Thailand" in found  # alone of its kind: as it was
    assert sorted(h for h in found if "Lao PDR" in h) == [
        "Government delegate, Lao PDR (reflection 1 of 2)",
        "Government delegate, Lao PDR (reflection 2 of 2)",
    ]
    assert sorted(h for h in found if h.startswith("A participant")) == [
        "A participant (reflection 1 of 2)",
        "A participant (reflection 2 of 2)",
    ]


def test_the_sort_menu_starts_with_a_sort(client, demo):
    page = client.get("/actions/").content.decode()
    menu = re.search(r'<select name="sort"[^>]*>(.*?)</select>', page, re.S).group(1)
    options = [" ".join(text.split()) for text in re.findall(r"<option[^>]*>(.*?)</option>", menu)]
    assert options == ["Newest first", "Oldest first", "Title A–Z", "Title Z–A"]
    assert "---------" not in page
    # Sorted as the menu says: newest first unless chosen otherwise.
    titles = re.findall(r'class="h5 card-title"><a href="[^"]+">([^<]+)</a>', page)
    newest = re.findall(
        r'class="h5 card-title"><a href="[^"]+">([^<]+)</a>',
        client.get("/actions/?sort=-start").content.decode(),
    )
    assert titles == newest


def test_search_filters_say_what_they_show_and_how_many(client, demo):
    page = client.get("/search/", {"q": "migration"}).content.decode()
    nav = re.search(r'<nav aria-label="Kinds of result".*?</nav>', page, re.S).group(0)
    names = [
        " ".join(re.sub(r'<span[^>]*aria-hidden="true"[^>]*>.*?</span>|<[^>]+>', " ", link).split())
        for link in re.findall(r"<a [^>]*>(.*?)</a>", nav, re.S)
    ]
    assert "Round-tables (4 results)" in names
    assert "Publications (1 result)" in names
    assert names[0].startswith("All (") and names[0].endswith(" results)")
    assert not any(re.fullmatch(r"[\w -]+ \d+", name) for name in names), names
