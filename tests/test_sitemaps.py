"""The sitemap's pages list what Django's own sitemaps would, page by page, and each reads
only the objects on it."""

import pytest
from django.contrib.sitemaps import Sitemap
from django.contrib.sitemaps import views as sitemap_views
from django.db import connection
from django.test.utils import CaptureQueriesContext

from pages.sitemaps import SITEMAPS

from .factories import ActionFactory

pytestmark = pytest.mark.django_db

PAGED = ["roundtables", "actions", "publications", "findings", "regions"]


@pytest.mark.parametrize("section", PAGED)
def test_each_page_lists_what_django_would_list(demo, section):
    ActionFactory.create_batch(5)
    ours, django = SITEMAPS[section](), SITEMAPS[section]()
    ours.limit = django.limit = 4  # pages that cut an object's languages apart
    expected = Sitemap.paginator.fget(django)
    assert ours.paginator.num_pages == expected.num_pages > 1
    for number in expected.page_range:
        listed = [(row.pk, language) for row, language in ours.paginator.page(number)]
        wanted = [(row.pk, language) for row, language in expected.page(number)]
        assert listed == wanted, number


def test_a_page_of_a_sitemap_reads_only_its_own_objects(client, demo):
    ActionFactory.create_batch(30)
    with CaptureQueriesContext(connection) as queries:
        text = client.get("/sitemap-actions.xml").content.decode()
    read = [q["sql"] for q in queries.captured_queries if 'FROM "actions_action"' in q["sql"]]
    assert any("LIMIT" in sql for sql in read) and text.count("<url>") == 3 * 35


def test_the_index_dates_each_sitemap_by_its_latest_change(client, demo):
    latest = ActionFactory()
    index = client.get("/sitemap.xml").content.decode()
    entry = index.split("sitemap-actions.xml</loc>")[1].split("</sitemap>")[0]
    assert f"<lastmod>{latest.updated_at.isoformat()}</lastmod>" in entry


@pytest.mark.parametrize("section", [*SITEMAPS])
def test_each_sitemap_writes_the_bytes_djangos_template_would(rf, demo, section):
    """The addresses are written in Python (``sitemap_xml``), as Django's ``sitemap.xml``
    writes them: each with its date, alternates and x-default, its values escaped."""
    ActionFactory(slug="r-and-d", title="R&D <lab>")
    request = rf.get(f"/sitemap-{section}.xml")
    ours = sitemap_views.sitemap(request, SITEMAPS, section, template_name="pages/sitemap.xml")
    django = sitemap_views.sitemap(request, SITEMAPS, section)
    assert ours.render().content == django.render().content
    assert b"<url><loc>http://testserver/" in ours.content
