"""Each finding has a page of its own: a stable address for the list, search, the API, the
book and the sitemap, which says where the finding comes from."""

import pytest

from .crawl import full_sitemap
from .factories import (
    ActionFactory,
    FindingFactory,
    OutcomeFactory,
    RoundTableFactory,
    ThematicAreaFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def finding():
    roundtable = RoundTableFactory(title="Bangkok round-table", city="Bangkok")
    finding = FindingFactory(
        roundtable=roundtable, title="Focal points work", countries=["TH", "LA"]
    )
    finding.thematic_areas.set([ThematicAreaFactory(name="Return", slug="return")])
    outcome = OutcomeFactory()
    outcome.actions.set(
        [ActionFactory(title="Thailand I"), ActionFactory(title="Hidden", is_published=False)]
    )
    finding.source_outcomes.set([outcome])
    return finding


def test_a_finding_page_says_where_it_comes_from(client, finding):
    response = client.get(finding.get_absolute_url())
    assert response.status_code == 200
    text = response.content.decode()
    assert "<h1>Focal points work</h1>" in text
    assert f'href="{finding.roundtable.get_absolute_url()}"' in text
    assert "Bangkok round-table" in text
    assert "Thailand" in text and "Lao PDR" in text
    assert 'href="/good-practices/?thematic_area=return"' in text
    assert "Thailand I" in text
    assert "Hidden" not in text  # an unpublished Action is never named


def test_the_list_and_the_roundtable_link_to_the_finding(client, finding):
    url = finding.get_absolute_url()
    assert url == f"/good-practices/{finding.slug}/"
    assert f'href="{url}"' in client.get("/good-practices/").content.decode()
    assert f'href="{url}"' in client.get(finding.roundtable.get_absolute_url()).content.decode()


def test_a_finding_page_exists_in_each_language(client, finding):
    response = client.get(f"/fr{finding.get_absolute_url()}")
    assert response.status_code == 200
    assert '<html lang="fr"' in response.content.decode()


@pytest.mark.parametrize(
    "hide",
    [
        lambda finding: setattr(finding, "is_published", False) or finding.save(),
        lambda finding: finding.roundtable.__class__.objects.filter(
            pk=finding.roundtable_id
        ).update(is_published=False),
    ],
    ids=["unpublished finding", "unpublished round-table"],
)
def test_a_finding_the_public_may_not_read_is_not_found(client, finding, hide):
    hide(finding)
    assert client.get(finding.get_absolute_url()).status_code == 404
    assert finding.get_absolute_url() not in full_sitemap(client)


def test_staff_preview_an_unpublished_finding(client, finding):
    finding.is_published = False
    finding.save()
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    response = client.get(finding.get_absolute_url())
    assert response.status_code == 200
    assert "Draft" in response.content.decode() or response.context["is_preview"]


def test_the_sitemap_lists_each_published_finding_in_each_language(client, finding):
    sitemap = full_sitemap(client)
    for prefix in ("", "/fr", "/es"):
        assert f"{prefix}{finding.get_absolute_url()}</loc>" in sitemap
