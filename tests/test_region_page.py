"""A region's factsheet stays the same size however many round-tables the region has."""

import re

import pytest

from actions.models import Region

from .factories import RoundTableFactory
from .test_public_pages import section

pytestmark = pytest.mark.django_db


def test_a_region_with_many_round_tables_lists_the_first_ten_and_counts_them_all(client, demo):
    def attended_by_laos(html):
        row = re.search(r"Lao PDR</a></th>(.*?)</tr>", html).group(1)
        return int(re.findall(r">(\d+)</td>", row)[-1])

    before = attended_by_laos(client.get("/regions/asia/").content.decode())
    asia = Region.objects.get(slug="asia")
    for n in range(11):
        RoundTableFactory(region=asia, position=10 + n, title=f"Asian stop {n}", countries=["LA"])
    html = client.get("/regions/asia/").content.decode()
    listed = section(html, "roundtables-heading")
    assert listed.count('<li class="mb-2">') == 10
    assert "Regional Round-table for Asia" in listed and "Asian stop 9" not in listed
    assert "The first 10 of the region’s 12 round-tables" in listed.replace("'", "’")
    assert 'href="/roundtables/">The tour</a>' in listed
    assert 'figure-number d-block">12</span> round-tables held' in html  # all counted
    assert attended_by_laos(html) == before + 11
