"""The round-tables' feeds carry what staff typed as plain text: a reader shows it as it
was typed, and never runs or renders markup that was in it."""

import xml.etree.ElementTree as ET
from html.parser import HTMLParser

import pytest

from .factories import RoundTableFactory

pytestmark = pytest.mark.django_db

SUMMARY = "<script>alert(1)</script> Tom & Jerry <b>bold?</b> a < b"
ATOM = "{http://www.w3.org/2005/Atom}"
LANGUAGES = ["", "/fr", "/es"]


class _AsAReaderSeesIt(HTMLParser):
    """What a feed reader makes of a text it takes as HTML: the elements and the text."""

    def __init__(self, html: str):
        super().__init__(convert_charrefs=True)
        self.tags: list[str] = []
        self.parts: list[str] = []
        self.feed(html)
        self.close()

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)

    def handle_data(self, data):
        self.parts.append(data)


@pytest.fixture
def roundtable():
    return RoundTableFactory(summary=SUMMARY)


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_rss_feed_carries_a_summary_as_text_that_a_reader_shows_as_typed(
    client, roundtable, language
):
    """RSS has no way to say "text": readers take an item's description as HTML, so the
    text is escaped for HTML inside the XML (the XML itself escapes it once more)."""
    response = client.get(f"{language}/roundtables/feed/")
    assert response.status_code == 200
    (item,) = ET.fromstring(response.content).iter("item")
    description = item.find("description").text
    seen = _AsAReaderSeesIt(description)
    assert seen.tags == []
    assert "".join(seen.parts) == SUMMARY


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_atom_feed_carries_a_summary_as_text(client, roundtable, language):
    response = client.get(f"{language}/roundtables/feed/atom/")
    assert response.status_code == 200
    (entry,) = ET.fromstring(response.content).iter(f"{ATOM}entry")
    summary = entry.find(f"{ATOM}summary")
    assert summary.get("type", "text") == "text"
    assert summary.text == SUMMARY
    assert b"&amp;amp;" not in response.content and b"&amp;lt;" not in response.content


@pytest.mark.parametrize("language", LANGUAGES)
def test_titles_are_text_in_both_feeds(client, language):
    RoundTableFactory(title="Tom & Jerry <i>meet</i>", city="Bangkok")
    rss = ET.fromstring(client.get(f"{language}/roundtables/feed/").content)
    assert next(rss.iter("item")).find("title").text.startswith("Tom & Jerry <i>meet</i> (")
    atom = ET.fromstring(client.get(f"{language}/roundtables/feed/atom/").content)
    title = next(atom.iter(f"{ATOM}entry")).find(f"{ATOM}title")
    assert title.get("type", "text") == "text"
    assert title.text.startswith("Tom & Jerry <i>meet</i> (")
