"""Content in English, French and Spanish, each language at its own address."""

import html
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from modeltranslation.translator import translator

from actions.models import Action, Region
from core.translation import translated_fields
from findings.models import Finding
from roundtables.models import RoundTable

from .crawl import full_sitemap

pytestmark = pytest.mark.django_db

BANGKOK = "/roundtables/bangkok-2018/"
# Every kind of public page, at its English address.
PAGES = [
    "/",
    "/roundtables/",
    BANGKOK,
    "/roundtables/mexico-city-2018/",
    "/actions/",
    "/actions/?region=asia&sort=title",
    "/actions/the-philippines-i/",
    "/actions/mexico-ii/",
    "/countries/",
    "/countries/th/",
    "/regions/asia/",
    "/good-practices/",
    "/search/?q=migration",
]


def localized(url, language):
    return url if language == "en" else f"/{language}{url}"


def page(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def english_texts():
    """Every English text of the demo tour that its translations do not repeat, as the HTML
    shows it."""
    texts = set()
    for model in translator.get_registered_models():
        for obj in model.objects.all():
            for name in translated_fields(model):
                english = getattr(obj, f"{name}_en") or ""
                others = {getattr(obj, f"{name}_fr"), getattr(obj, f"{name}_es")}
                if len(english) >= 12 and english not in others:
                    texts.add(html.escape(english))
    assert len(texts) > 80  # the demo tour's texts, all translated
    return texts


@pytest.mark.parametrize("language", ["fr", "es"])
@pytest.mark.parametrize("url", PAGES)
def test_each_page_reads_in_its_language_with_its_alternates(client, demo, url, language):
    text = page(client, localized(url, language))
    assert f'<html lang="{language}">' in text
    path = url.split("?")[0]
    for code, address in (("en", path), ("fr", f"/fr{path}"), ("es", f"/es{path}")):
        assert f'hreflang="{code}" href="http://testserver{address}' in text, (code, url)
    assert f'hreflang="x-default" href="http://testserver{path}' in text
    leftovers = [english for english in english_texts() if english in text]
    assert leftovers == [], url


@pytest.mark.parametrize("url", PAGES)
def test_every_language_costs_the_same_queries(client, demo, url):
    counts = {}
    for language in ("en", "fr", "es"):
        with CaptureQueriesContext(connection) as queries:
            page(client, localized(url, language))
        counts[language] = len(queries)
    assert counts["fr"] == counts["en"] and counts["es"] == counts["en"], counts


@pytest.mark.parametrize(
    ("url", "model", "lookup", "field"),
    [
        (BANGKOK, RoundTable, {"slug": "bangkok-2018"}, "title"),
        ("/", RoundTable, {"slug": "bangkok-2018"}, "title"),
        ("/actions/mexico-ii/", Action, {"slug": "mexico-ii"}, "description"),
        ("/regions/asia/", Region, {"slug": "asia"}, "facts"),
        ("/good-practices/", Finding, {"slug": "convening-is-a-result"}, "text"),
    ],
)
def test_a_text_not_yet_translated_shows_the_english_marked_as_such(
    client, demo, url, model, lookup, field
):
    model.objects.filter(**lookup).update(**{f"{field}_fr": ""})
    english = getattr(model.objects.get(**lookup), f"{field}_en").splitlines()[0]
    text = page(client, f"/fr{url}")
    marked = re.escape(f'<span lang="en">{html.escape(english)}</span>')
    assert re.search(marked + r' <span class="translation-note">\(en anglais\)</span>', text)
    # The other languages are as they were.
    assert html.escape(english) not in page(client, f"/es{url}")


def test_an_untranslated_title_never_leaves_a_heading_empty(client, demo):
    RoundTable.objects.filter(slug="bangkok-2018").update(title_es="", title_fr=None)
    for language in ("fr", "es"):
        heading = re.search(r"<h1>(.*?)</h1>", page(client, f"/{language}{BANGKOK}"), re.S)
        assert "Regional Round-table for Asia" in heading.group(1)


def test_the_language_switcher_leads_to_the_same_page(client, demo):
    text = page(client, f"/fr{BANGKOK}")
    assert f'href="{BANGKOK}" lang="en" hreflang="en"' in text
    assert f'href="/es{BANGKOK}" lang="es" hreflang="es"' in text
    listing = page(client, "/es/actions/?region=asia&sort=title")
    assert 'href="/fr/actions/?region=asia&amp;sort=title"' in listing


def test_addresses_mean_one_thing(client, demo):
    # No redirect by the browser's language, nor by a cookie.
    response = client.get(BANGKOK, headers={"accept-language": "fr"})
    assert response.status_code == 200 and '<html lang="en">' in response.content.decode()
    client.cookies["django_language"] = "es"
    assert '<html lang="en">' in page(client, BANGKOK)
    # An unknown prefix is no language of the site.
    assert client.get(f"/de{BANGKOK}").status_code == 404
    assert client.get("/fr/admin/").status_code == 404


def test_dates_are_written_the_way_each_language_writes_them(client, demo):
    assert "5–6 March 2018" in page(client, BANGKOK)
    assert "5–6 mars 2018" in page(client, f"/fr{BANGKOK}")
    assert "5 y 6 de marzo de 2018" in page(client, f"/es{BANGKOK}")
    assert "julio de 2018" in page(client, "/es/roundtables/mexico-city-2018/")
    RoundTable.objects.filter(slug="bangkok-2018").update(end_date="2018-03-09")
    assert "du 5 au 9 mars 2018" in page(client, f"/fr{BANGKOK}")
    assert "del 5 al 9 de marzo de 2018" in page(client, f"/es{BANGKOK}")


def test_the_sitemap_lists_every_page_with_its_alternates(client, demo):
    text = full_sitemap(client)
    for address in (BANGKOK, f"/fr{BANGKOK}", f"/es{BANGKOK}"):
        assert f"<loc>http://testserver{address}</loc>" in text
    assert (
        f'<xhtml:link rel="alternate" hreflang="es" href="http://testserver/es{BANGKOK}"/>' in text
    )
    assert f'hreflang="x-default" href="http://testserver{BANGKOK}"' in text


@pytest.mark.parametrize(
    ("language", "title"),
    [
        ("en", "Regional Round-table for Asia"),
        ("fr", "Table ronde régionale pour l'Asie"),
        ("es", "Mesa redonda regional para Asia"),
    ],
)
def test_each_language_has_its_own_feed(client, demo, language, title):
    feed = page(client, localized("/roundtables/feed/", language))
    assert f"<title>{title} (Bangkok" in feed
    assert f"<link>http://testserver{localized(BANGKOK, language)}</link>" in feed


@pytest.mark.parametrize(
    ("language", "query"),
    [("es", "Tailandia"), ("fr", "Thaïlande"), ("en", "Thailand"), ("fr", "Tailandia")],
)
def test_a_country_is_found_by_its_name_in_any_language(client, demo, language, query):
    response = client.get(localized("/search/", language), {"q": query})
    urls = [hit.url for hit in response.context["hits"]]
    assert localized("/countries/th/#outcome-th-return-focal-points", language) in urls, urls


def test_myanmar_finds_the_roundtable_it_took_part_in(client, demo):
    hits = client.get("/es/search/", {"q": "Myanmar"}).context["hits"]
    assert [hit.url for hit in hits] == [f"/es{BANGKOK}"]


def test_each_language_is_searched_with_its_own_words(client, demo):
    for language, query, expected in [
        ("fr", "traite", "/fr/good-practices/asia-labour-migration-and-trafficking/"),
        ("es", "trata", "/es/good-practices/asia-labour-migration-and-trafficking/"),
        ("en", "trafficking", "/good-practices/asia-labour-migration-and-trafficking/"),
    ]:
        hits = client.get(localized("/search/", language), {"q": query}).context["hits"]
        assert expected in [hit.url for hit in hits], (language, query)


def test_a_chart_label_not_yet_translated_is_marked_english(client, demo):
    from actions.models import ThematicArea

    ThematicArea.objects.filter(slug="legal-migration-mobility").update(name_fr=None)
    text = page(client, "/fr/regions/asia/")
    assert '<th scope="row" class="fw-normal" lang="en">Legal Migration &amp; Mobility</th>' in text
    assert '<span class="chart-label" lang="en">Legal Migration &amp; Mobility</span>' in text
