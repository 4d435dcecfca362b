"""Figures a programme officer can trust: each counted one way and saying what it counts;
nothing to show is said in words, never in rows of zeros."""

import re

import pytest

from pages.figures import documented_countries

from .crawl import full_sitemap
from .factories import ActionFactory, RoundTableFactory

pytestmark = pytest.mark.django_db


def text(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))


def figure_cards(client, url):
    html = client.get(url).content.decode()
    return [
        " ".join(re.sub(r"<[^>]+>", " ", card).split())
        for card in re.findall(
            r'<div class="card-body">(<span class="figure-number.*?)</div>', html
        )
    ]


def test_the_tour_at_a_glance_counts_what_it_says(client, demo):
    assert figure_cards(client, "/") == [
        "4 round-tables held",
        "27 countries took part",
        "5 Actions documented",
        "7 results reported",
    ]


def test_a_factsheet_tells_its_own_figures_from_the_programmes(client, demo):
    assert figure_cards(client, "/regions/asia/") == [
        "3 Actions documented",
        "14 countries in the region",
        "7 results reported",
        "1 round-table held",
    ]
    page = text(client, "/regions/asia/")
    assert "From the programme's records" in page
    assert "17 Actions in the region between 2009 and 2018." in page
    assert "Source: MIEUX regional factsheets, 2018" in page


def test_a_region_with_nothing_documented_says_so_in_words(client, demo):
    page = text(client, "/regions/eu-neighbourhood/")
    assert "Nothing from this region is documented on this site yet" in page
    assert figure_cards(client, "/regions/eu-neighbourhood/") == []
    assert "Actions by thematic area and status" not in page  # no chart of zeros
    assert "The region's countries, with nothing documented yet: Algeria, Armenia" in page


def test_a_factsheet_charts_only_the_areas_it_has_actions_in(client, demo):
    html = client.get("/regions/asia/").content.decode()
    rows = re.findall(r'<tr><th scope="row" class="fw-normal"[^>]*>([^<]+)</th>', html)
    assert rows == [
        "Irregular Migration &amp; Trafficking in Human Beings",
        "Legal Migration &amp; Mobility",
    ]


def test_countries_are_listed_only_with_something_documented(client, demo):
    documented = documented_countries()
    html = client.get("/countries/").content.decode()
    rows = re.findall(
        r'<tr>\s*<th scope="row" class="fw-normal"><a href="/countries/(\w\w)/"', html
    )
    assert sorted(rows) == sorted(code.lower() for code in documented)
    assert all(figures.has_content for figures in documented.values())
    assert "Nothing about the countries of this region is documented" in html  # EU Neighbourhood


def test_a_country_with_nothing_documented_has_no_page(client, demo):
    # Ghana is a country of West Africa, but nothing about it is documented here.
    assert "GH" not in documented_countries()
    assert client.get("/countries/gh/").status_code == 404
    sitemap = full_sitemap(client)
    assert "/countries/gh/" not in sitemap and "/countries/th/" in sitemap


def test_a_country_page_says_in_words_what_is_not_documented(client, demo):
    page = text(client, "/countries/th/")
    assert "2 results reported · 1 round-table attended" in page
    assert "0 Actions" not in page
    assert "No Action with this country as a partner is documented on this site yet." in page


def test_every_figure_on_the_tour_agrees_with_every_other(client, demo):
    ActionFactory(countries=["TH"], region__name="Elsewhere")
    documented = documented_countries()
    assert documented["TH"].actions == 1
    assert "1 Action documented · 2 results reported · 1 round-table attended" in text(
        client, "/countries/th/"
    )
    assert figure_cards(client, "/")[2] == "6 Actions documented"


def test_planned_round_tables_are_counted_apart(client, demo):
    RoundTableFactory(status="planned", countries=["IS"], start_date=None, approximate_date="2030")
    assert figure_cards(client, "/")[:3] == [
        "4 round-tables held",
        "1 round-table planned",
        "27 countries took part",  # not Iceland: it is only invited
    ]
    assert documented_countries()["IS"].invited == 1
    assert "1 planned round-table invited to" in text(client, "/countries/is/")
