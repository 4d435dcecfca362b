"""The good-practices page: its filters, its pages, its count and its link to the compendium."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from .factories import FindingFactory, RegionFactory, RoundTableFactory, ThematicAreaFactory

pytestmark = pytest.mark.django_db

URL = "/good-practices/"


def page(client, url=URL, **params):
    response = client.get(url, params)
    assert response.status_code == 200
    return response.content.decode()


def titles(html: str) -> list[str]:
    """The findings' titles, each a link to the finding's own page."""
    return re.findall(r'<h4 class="h6 mb-1"><a href="/good-practices/[\w-]+/">(.*?)</a></h4>', html)


def status(html: str) -> str:
    return re.search(r'<p role="status"[^>]*>(.*?)</p>', html, re.S).group(1).strip()


@pytest.fixture
def two_regions():
    """Findings in Asia and West Africa, of two areas and two kinds, about three countries."""
    asia = RoundTableFactory(region=RegionFactory(name="Asia", slug="asia", position=1))
    africa = RoundTableFactory(
        region=RegionFactory(name="West Africa", slug="west-africa", position=2)
    )
    labour = ThematicAreaFactory(name="Labour", slug="labour", position=1)
    asylum = ThematicAreaFactory(name="Asylum", slug="asylum", position=2)
    FindingFactory(title="Thai focal points", roundtable=asia, countries=["TH"]).thematic_areas.set(
        [labour]
    )
    FindingFactory(
        title="Lao working group", roundtable=asia, countries=["LA"], kind="lesson_learnt"
    ).thematic_areas.set([labour, asylum])
    FindingFactory(
        title="Beninese hotline", roundtable=africa, countries=["BJ"]
    ).thematic_areas.set([asylum])
    FindingFactory(title="A draft", roundtable=asia, is_published=False)


def test_findings_are_grouped_by_area_then_region_a_finding_under_each_of_its_areas(
    client, two_regions
):
    html = page(client)
    assert titles(html) == [
        "Thai focal points",  # Labour, Asia: good practices, then lessons learnt
        "Lao working group",
        "Lao working group",  # Asylum, Asia
        "Beninese hotline",  # Asylum, West Africa
    ]
    slug = re.search(
        r'<article class="finding mb-4" id="([^"]+)">\s*<h4[^>]*><a[^>]*>Lao', html
    ).group(1)
    assert html.count(f'id="{slug}"') == 1  # its anchor once, under its first area
    assert status(html) == "3 findings"  # each finding once, whatever its areas; no draft


def test_each_filter_narrows_the_findings(client, two_regions):
    assert titles(page(client, region="west-africa")) == ["Beninese hotline"]
    assert titles(page(client, thematic_area="labour")) == [
        "Thai focal points",
        "Lao working group",
    ]
    assert titles(page(client, kind="lesson_learnt", thematic_area="asylum")) == [
        "Lao working group"
    ]
    assert titles(page(client, country="TH")) == ["Thai focal points"]
    html = page(client, region="asia", country="BJ")
    assert titles(html) == [] and status(html) == "0 findings"
    assert "No finding matches these filters." in html


def test_filters_are_labelled_and_offer_what_there_is(client, two_regions):
    html = page(client)
    for name, label in [
        ("region", "Region"),
        ("thematic_area", "Thematic area"),
        ("kind", "Kind"),
        ("country", "Country"),
    ]:
        assert re.search(rf'<label[^>]* for="id_{name}">{label}</label>', html), name
    countries = re.search(r'<select name="country".*?</select>', html, re.S).group(0)
    assert re.findall(r'<option value="(\w*)"', countries) == ["", "BJ", "LA", "TH"]
    assert countries.count("All countries") == 1


def test_an_invalid_filter_says_so_and_lists_nothing(client, two_regions):
    response = client.get(URL, {"region": "atlantis", "kind": "rumour"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Some filters could not be applied; see below." in html
    assert "Select a valid choice. atlantis is not one of the available choices." in html
    assert "Select a valid choice. rumour is not one of the available choices." in html
    assert "<title>Error: Good practices and lessons learnt" in html
    assert titles(html) == []
    assert "private" in response["Cache-Control"]  # not kept in the page cache


def test_twenty_findings_a_page_with_their_headings_on_each(client):
    area = ThematicAreaFactory(name="Labour", slug="labour")
    roundtable = RoundTableFactory(region=RegionFactory(name="Asia", slug="asia"))
    for number in range(25):
        FindingFactory(
            title=f"Finding {number:02}", slug=f"finding-{number:02}", roundtable=roundtable
        ).thematic_areas.set([area])
    first = page(client)
    assert titles(first) == [f"Finding {n:02}" for n in range(20)]
    assert status(first) == "25 findings"
    assert 'href="?page=2"' in first
    second = page(client, page=2)
    assert titles(second) == [f"Finding {n:02}" for n in range(20, 25)]
    assert '<h3 class="h5 mt-4">Asia</h3>' in second and "Labour</h2>" in second
    assert "<title>Good practices and lessons learnt, page 2 –" in second
    assert client.get(URL, {"page": 3}).status_code == 404
    assert client.get(URL, {"page": "two"}).status_code == 404


def test_the_page_keeps_its_filters_from_page_to_page(client):
    roundtable = RoundTableFactory()
    FindingFactory.create_batch(22, roundtable=roundtable, countries=["TH"], kind="recommendation")
    FindingFactory(roundtable=roundtable, countries=["TH"])
    html = page(client, kind="recommendation")
    assert status(html) == "22 findings"
    assert 'href="?kind=recommendation&amp;page=2"' in html


def test_the_page_links_the_compendium_in_its_language(client, two_regions):
    html = page(client)
    assert 'href="/good-practices/compendium.pdf"' in html
    # Its pages and size once it is built (tests/test_compendium.py); until then, no figures.
    assert "Download the compendium (PDF)</a>" in html
    french = page(client, "/fr/good-practices/")
    assert 'href="/fr/good-practices/compendium.pdf"' in french


def test_filtered_pages_are_cached_and_their_parameters_listed(client, two_regions, page_cache):
    url = f"{URL}?region=asia&kind=good_practice&thematic_area=labour&country=TH&page=1"
    first = client.get(url)
    with CaptureQueriesContext(connection) as queries:
        second = client.get(url)
    assert len(queries) == 0 and second.content == first.content
    # An invalid filter is answered afresh each time.
    client.get(f"{URL}?region=atlantis")
    with CaptureQueriesContext(connection) as queries:
        client.get(f"{URL}?region=atlantis")
    assert len(queries) > 0


def test_the_query_count_does_not_grow_with_the_findings(client, two_regions):
    def queries(**params):
        with CaptureQueriesContext(connection) as context:
            page(client, **params)
        return len(context)

    before = queries(), queries(region="asia", page=1)
    roundtable = RoundTableFactory()
    for _ in range(30):
        FindingFactory(roundtable=roundtable, countries=["PH"]).thematic_areas.set(
            [ThematicAreaFactory()]
        )
    assert (queries(), queries(region="asia", page=1)) == before
