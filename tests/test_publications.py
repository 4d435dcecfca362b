"""The programme's publications that the round-tables fed: on their pages, from good practices,
in search and the sitemap; a draft nowhere."""

import pytest

from findings.models import Publication
from pages.search import search
from roundtables.models import RoundTable

from .crawl import full_sitemap

pytestmark = pytest.mark.django_db

BRIDGES = "/publications/building-bridges/"


def text(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def test_building_bridges_says_when_and_in_which_languages_it_came_out(client, demo):
    html = text(client, BRIDGES)
    assert "Building Bridges – Capacity Building on Migration and the MIgration EU" in html
    assert (
        "Published in December 2020 · in English, French and Spanish · online launch "
        "15 December 2020" in html
    )
    for city in ("Bangkok", "Mexico City", "Nairobi", "Cotonou"):
        assert city in html  # the round-tables it draws on
    french = text(client, "/fr" + BRIDGES)
    assert "Publiée en décembre 2020 · en anglais, français et espagnol" in french
    assert "lancement en ligne 15 décembre 2020" in french
    assert '<h1 lang="en">Building Bridges' in french  # its title, as published
    spanish = text(client, "/es" + BRIDGES)
    assert "Publicada en diciembre de 2020" in spanish


def test_good_practices_link_to_the_publications(client, demo):
    html = text(client, "/good-practices/")
    assert f'href="{BRIDGES}"' in html
    assert 'href="/publications/annual-report-2018/"' in html
    assert "Published on 11 June 2019" in html


def test_search_finds_the_publication(client, demo):
    hits = [hit for hit in search("Building Bridges") if hit.kind == "publications"]
    assert [hit.url for hit in hits] == [BRIDGES]
    page = text(client, "/search/?q=building+bridges")
    assert "Publication" in page and BRIDGES in page
    # Its summary is searched in the reader's language too.
    assert [hit.url for hit in search("fondations") if hit.kind == "publications"] == [BRIDGES]


def test_the_sitemap_and_the_footer_lead_to_the_publications(client, demo):
    sitemap = full_sitemap(client)
    assert f"http://testserver{BRIDGES}" in sitemap
    assert "http://testserver/fr/publications/" in sitemap
    assert 'href="/publications/"' in text(client, "/")


def test_a_draft_publication_is_shown_nowhere(client, demo):
    Publication.objects.filter(slug="building-bridges").update(is_published=False)
    assert client.get(BRIDGES).status_code == 404
    for url in ("/publications/", "/good-practices/", "/sitemap.xml", "/search/?q=bridges"):
        assert "building-bridges" not in text(client, url), url


def test_a_draft_round_table_is_not_listed_among_those_it_draws_on(client, demo):
    RoundTable.objects.filter(city="Nairobi").update(is_published=False)
    html = text(client, BRIDGES)
    assert "Bangkok" in html
    assert "Nairobi" not in html
