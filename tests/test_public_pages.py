"""The public pages show the published tour, and nothing else."""

import re
from datetime import UTC, date, datetime

import pytest
from django.template.loader import render_to_string
from django.utils import translation

from actions.models import Action, Outcome
from reflections.models import Reflection
from roundtables.models import Participant, RoundTable

from .crawl import full_sitemap
from .factories import (
    ActionFactory,
    FindingFactory,
    InstitutionFactory,
    ParticipantFactory,
    ReflectionFactory,
    RoundTableFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

BANGKOK = "/roundtables/bangkok-2018/"
PUBLIC_PAGES = [
    "/",
    "/roundtables/",
    BANGKOK,
    "/actions/",
    "/actions/the-philippines-i/",
    "/countries/",
    "/countries/la/",
    "/regions/asia/",
    "/good-practices/",
    "/search/?q=migration",
]


def section(html: str, heading_id: str) -> str:
    """The HTML of the element labelled by ``heading_id``, whatever it nests."""
    opening = re.search(rf'<(\w+)[^>]*aria-labelledby="{heading_id}"', html)
    tag, start = opening.group(1), opening.start()
    depth = 0
    for match in re.finditer(rf"<(/?){tag}\b", html[start:]):
        depth += -1 if match.group(1) else 1
        if depth == 0:
            return html[start : start + match.end()]
    raise AssertionError(f"unclosed <{tag}> labelled {heading_id}")


@pytest.fixture
def planned(demo):
    """A planned round-table that only has an approximate date, as Mexico City had in March 2018."""
    return RoundTableFactory(
        title="Regional Round-table (planned)",
        slug="planned-2019",
        city="Brussels",
        host_country="BE",
        status=RoundTable.Status.PLANNED,
        start_date=None,
        end_date=None,
        approximate_date="late May 2019",
        position=5,
    )


@pytest.mark.parametrize("url", PUBLIC_PAGES)
def test_every_page_has_one_h1_a_title_a_description_and_a_canonical_link(client, demo, url):
    response = client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count("<h1") == 1
    assert re.search(r"<title>[^<]+ – MIEUX Regional Round-tables</title>", html)
    assert re.search(r'<meta name="description" content="[^"]{20,}">', html)
    assert f'<link rel="canonical" href="http://testserver{url.split("?")[0]}">' in html
    assert '<meta property="og:title"' in html
    assert '<a class="skip-link" href="#main">' in html


def test_home_shows_the_tour_the_map_and_the_figures(client, demo):
    html = client.get("/").content.decode()
    for city in ("Bangkok", "Mexico City", "Nairobi", "Cotonou"):
        assert city in html
    assert "5–6 March 2018" in html
    assert '<div class="tour-map">' in html
    assert 'href="/roundtables/bangkok-2018/"' in html  # a marker and a timeline entry
    figures = section(html, "tour-heading")
    assert "7 results reported, in 6 countries" in figures


def test_home_shows_a_planned_roundtable_with_its_approximate_date(client, planned):
    html = client.get("/").content.decode()
    assert "late May 2019" in html
    assert "approximate date" in html
    assert "Planned" in html


def test_bangkok_shows_its_results_by_country(client, demo):
    html = client.get(BANGKOK).content.decode()
    results = section(html, "results-heading")
    for country in ("Cambodia", "Kyrgyzstan", "Lao PDR", "Philippines", "Thailand", "Timor-Leste"):
        assert re.search(rf"{country}</a>\s*</h3>", results), country
    assert "National Migration Data Working Group" in results
    assert '<a href="/actions/the-philippines-i/">The Philippines I</a>' in results
    assert "In progress" in results  # Thailand's protocol, Kyrgyzstan's policy
    facts = html[html.index('id="facts-heading"') :]
    assert "Myanmar" in facts  # took part, reported no result


def test_a_planned_roundtable_says_what_is_known_so_far(client, planned):
    html = client.get(planned.get_absolute_url()).content.decode()
    assert "What is known so far" in html
    assert "late May 2019" in html
    assert "Results by country" not in html  # nothing to report before it is held


def test_roundtable_list_shows_held_and_planned(client, planned):
    html = client.get("/roundtables/").content.decode()
    assert "late May 2019" in html and "5–6 March 2018" in html


def test_drafts_are_not_public(client, demo):
    RoundTable.objects.filter(slug="nairobi-2018").update(is_published=False)
    Action.objects.filter(slug="mexico-ii").update(is_published=False)
    Outcome.objects.filter(code="nmdwg-convened").update(is_published=False)
    FindingFactory(title="A draft finding", is_published=False)

    assert client.get("/roundtables/nairobi-2018/").status_code == 404
    assert client.get("/actions/mexico-ii/").status_code == 404
    for url in ("/", "/roundtables/", "/actions/", "/good-practices/", "/countries/mx/"):
        html = client.get(url).content.decode()
        assert "Nairobi" not in html or url == "/countries/mx/", url
        assert "Mexico II<" not in html, url
        assert "A draft finding" not in html, url
    assert "National Migration Data Working Group" not in client.get(BANGKOK).content.decode()
    assert (
        "National Migration Data Working Group" not in client.get("/countries/la/").content.decode()
    )


def test_staff_preview_drafts_with_a_banner(client, demo):
    RoundTable.objects.filter(slug="nairobi-2018").update(is_published=False)
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    response = client.get("/roundtables/nairobi-2018/")
    assert response.status_code == 200
    assert "Draft preview." in response.content.decode()
    assert "Draft preview." not in client.get(BANGKOK).content.decode()


def test_staff_without_permission_do_not_see_drafts(client, demo):
    RoundTable.objects.filter(slug="nairobi-2018").update(is_published=False)
    client.force_login(UserFactory(is_staff=True))
    assert client.get("/roundtables/nairobi-2018/").status_code == 404


def test_unknown_slugs_and_codes_get_a_friendly_404(client, demo):
    for url in (
        "/roundtables/atlantis/",
        "/actions/atlantis/",
        "/regions/atlantis/",
        "/countries/zz/",
    ):
        response = client.get(url)
        assert response.status_code == 404, url
        assert "Page not found" in response.content.decode()
    # A real country the programme never worked with has no page either.
    assert client.get("/countries/is/").status_code == 404


def test_country_codes_in_capitals_redirect_to_the_canonical_address(client, demo):
    response = client.get("/countries/LA/")
    assert response.status_code == 301 and response.url == "/countries/la/"


def test_country_page_gathers_everything_about_the_country(client, demo):
    html = client.get("/countries/la/").content.decode()
    assert "<h1>" in html and "Lao PDR</h1>" in html
    assert "National Migration Data Working Group" in html
    assert "Regional Round-table for Asia" in section(html, "roundtables-heading")
    html = client.get("/countries/ph/").content.decode()
    actions = section(html, "actions-heading")
    assert "The Philippines I" in actions and "Southeast Asia" in actions


def test_country_page_shows_approved_reflections_only(client, demo):
    from roundtables.models import Participant

    delegate = Participant.objects.get(email="bangkok-2018.delegate.la@example.org")
    ReflectionFactory(participant=delegate, meaning="Approved words.", status="approved")
    other = Participant.objects.get(email="bangkok-2018.delegate.th@example.org")
    ReflectionFactory(participant=other, meaning="Words awaiting moderation.", status="submitted")
    assert "Approved words." in client.get("/countries/la/").content.decode()
    assert "Words awaiting moderation." not in client.get("/countries/th/").content.decode()
    html = client.get(BANGKOK).content.decode()
    assert "Approved words." in html and "Words awaiting moderation." not in html
    assert "example.org" not in html


def test_country_index_lists_countries_by_region_with_counts(client, demo):
    html = client.get("/countries/").content.decode()
    asia = section(html, "region-asia-heading")
    assert "Lao PDR" in asia and "Nairobi" not in asia
    assert 'href="/regions/asia/"' in asia


def test_region_factsheet_has_figures_a_chart_and_the_same_numbers_in_a_table(client, demo):
    html = client.get("/regions/asia/").content.decode()
    assert "17 Actions in the region between 2009 and 2018." in html
    chart = section(html, "chart-heading")
    assert '<div class="chart" role="img"' in chart and "<table" in chart
    # Asia's demo Actions: The Philippines I (IMT), Southeast Asia and Kyrgyzstan IV (Legal).
    legal = re.search(r"Legal Migration &amp; Mobility</th>(.*?)</tr>", chart).group(1)
    assert re.findall(r">(\d+)</td>", legal) == ["2", "0", "2"]


def test_actions_filter_by_region_country_area_status_and_year(client, demo):
    def titles(query):
        html = client.get(f"/actions/?{query}").content.decode()
        return set(re.findall(r'class="h5 card-title"><a href="[^"]+">([^<]+)</a>', html))

    assert titles("") == {
        "The Philippines I",
        "Southeast Asia",
        "Kyrgyzstan IV",
        "Mexico II",
        "Mexico III",
    }
    assert titles("region=asia") == {"The Philippines I", "Southeast Asia", "Kyrgyzstan IV"}
    assert titles("country=MX") == {"Mexico II", "Mexico III"}
    assert titles("thematic_area=legal-migration-mobility") == {"Southeast Asia", "Kyrgyzstan IV"}
    assert titles("specific_area=lm-labour-migration") == {"Southeast Asia", "Kyrgyzstan IV"}
    assert titles("year=2012") == {"The Philippines I", "Southeast Asia"}
    assert titles("status=ongoing") == set()
    assert titles("region=asia&year=2022") == {"Kyrgyzstan IV"}


def test_actions_sort_and_paginate(client, demo):
    ActionFactory.create_batch(25, title="Zzz synthetic", start_date="2001-01-01", end_date=None)
    html = client.get("/actions/?sort=title").content.decode()
    first = re.search(r'class="h5 card-title"><a href="[^"]+">([^<]+)</a>', html).group(1)
    assert first == "Kyrgyzstan IV"
    assert "30 Actions" in html
    assert 'rel="next"' in html
    page_two = client.get("/actions/?sort=title&page=2").content.decode()
    assert "Zzz synthetic" in page_two


def test_each_filter_offers_its_empty_choice_once(client, demo):
    text = client.get("/actions/").content.decode()
    empty = re.findall(r'<option value=""[^>]*>([^<]*)', text)
    assert len(empty) == len(set(empty)) == 6, empty


def test_a_bad_filter_value_is_explained_and_kept(client, demo):
    response = client.get("/actions/?region=atlantis&status=completed")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Select a valid choice" in html
    assert "Some filters could not be applied" in html
    assert '<option value="completed" selected>' in html


def test_action_page_has_key_facts_activities_outcomes_and_roundtables(client, demo):
    html = client.get("/actions/mexico-ii/").content.decode()
    assert "Secretaría de Gobernación (SEGOB) – Ministry of the Interior" in html
    assert "Seminar in Tapachula" in html
    assert "Ended in 2018; sources disagree on the month." in html
    assert "end month unknown" in html
    assert "Regional Round-table for Latin America and the Caribbean" in section(
        html, "related-heading"
    )
    html = client.get("/actions/the-philippines-i/").content.decode()
    assert "Social marketing in campaigns for Filipino migrant workers" in html
    assert "Regional Round-table for Asia" in section(html, "related-heading")


def test_good_practices_are_grouped_by_thematic_area_and_region(client, demo):
    html = client.get("/good-practices/").content.decode()
    irregular = section(html, "area-irregular-migration-thb-heading")
    assert '<h3 class="h5 mt-4">Asia</h3>' in irregular
    assert "Study visits open channels that outlast the Action" in irregular
    assert "Bringing ministries to one table" not in irregular
    # One finding may serve two areas.
    assert "Labour migration and trafficking lead the agenda in Asia" in irregular
    assert "Labour migration and trafficking lead the agenda in Asia" in section(
        html, "area-legal-migration-mobility-heading"
    )


def test_the_stylesheet_prints_a_clean_document(client, demo):
    from django.contrib.staticfiles import finders

    with open(finders.find("build/css/site.css")) as stylesheet:
        css = stylesheet.read()
    assert "@media print" in css
    assert ".site-header" in css.split("@media print")[1]


def test_feeds_sitemap_and_robots(client, demo):
    rss = client.get("/roundtables/feed/")
    assert rss["Content-Type"].startswith("application/rss+xml")
    assert "Regional Round-table for Asia (Bangkok, 5–6 March 2018)" in rss.content.decode()
    atom = client.get("/roundtables/feed/atom/")
    assert atom["Content-Type"].startswith("application/atom+xml")
    sitemap = full_sitemap(client)
    for path in (
        BANGKOK,
        "/actions/mexico-iii/",
        "/countries/la/",
        "/regions/asia/",
        "/good-practices/",
    ):
        assert f"<loc>http://testserver{path}</loc>" in sitemap
    robots = client.get("/robots.txt")
    assert robots["Content-Type"].startswith("text/plain")
    assert "Sitemap: http://testserver/sitemap.xml" in robots.content.decode()


def test_the_feeds_date_a_roundtable_by_when_it_took_place_or_was_announced(client, demo):
    planned = RoundTableFactory(
        slug="dakar-2027", city="Dakar", status=RoundTable.Status.PLANNED, position=9
    )
    RoundTable.objects.filter(pk=planned.pk).update(
        published_at=datetime(2026, 5, 4, 9, 30, tzinfo=UTC)
    )
    rss = client.get("/roundtables/feed/").content.decode()
    assert "<pubDate>Mon, 05 Mar 2018 00:00:00 +0000</pubDate>" in rss  # Bangkok's first day
    assert "<pubDate>Mon, 04 May 2026 09:30:00 +0000</pubDate>" in rss  # when Dakar was announced
    atom = client.get("/fr/roundtables/feed/atom/").content.decode()
    assert "<published>2018-03-05T00:00:00+00:00</published>" in atom
    assert f"<published>{date.today().isoformat()}" not in atom


def test_publishing_records_when_an_item_first_appeared(demo):
    roundtable = RoundTableFactory(is_published=False)
    assert roundtable.published_at is None
    roundtable.is_published = True
    roundtable.save(update_fields=["is_published"])
    roundtable.refresh_from_db()
    first = roundtable.published_at
    assert first is not None
    roundtable.is_published = False
    roundtable.save()
    roundtable.is_published = True
    roundtable.save()
    roundtable.refresh_from_db()
    assert roundtable.published_at == first


def test_the_error_page_stands_alone(demo):
    with translation.override("en"):  # as a request in English would have it
        html = render_to_string("500.html")
    assert "Something went wrong" in html and "site.css" in html


def test_reflections_show_the_chosen_attribution_and_never_an_email(client, demo):
    from roundtables.models import Participant

    delegate = Participant.objects.get(email="bangkok-2018.delegate.la@example.org")
    delegate.name = "Somchai Example"
    delegate.save()
    reflection = ReflectionFactory(
        participant=delegate, attribution="named", status="approved", meaning="<b>bold</b> words"
    )
    html = client.get(BANGKOK).content.decode()
    assert "Somchai Example, Government official, Ministry of Labour and Social Welfare" in html
    assert "&lt;b&gt;bold&lt;/b&gt; words" in html
    Reflection.objects.filter(pk=reflection.pk).update(attribution="role")
    html = client.get(BANGKOK).content.decode()
    assert "Somchai" not in html and "Government delegate, Lao PDR" in html
    Reflection.objects.filter(pk=reflection.pk).update(attribution="anonymous")
    html = client.get(BANGKOK).content.decode()
    assert "Somchai" not in html and "A participant" in html
    assert "example.org" not in html


def test_public_pages_carry_no_csrf_token_and_can_be_shared(client, demo):
    for url in PUBLIC_PAGES:
        html = client.get(url).content.decode()
        assert "csrfmiddlewaretoken" not in html, url


def test_findings_of_a_draft_roundtable_stay_hidden(client, demo):
    RoundTable.objects.filter(slug="bangkok-2018").update(is_published=False)
    assert "Study visits open channels" not in client.get("/good-practices/").content.decode()


def test_anonymous_reflections_do_not_tell_their_country(client, demo):
    from roundtables.models import Participant

    delegate = Participant.objects.get(email="bangkok-2018.delegate.la@example.org")
    ReflectionFactory(
        participant=delegate, attribution="anonymous", status="approved", meaning="Unsigned words."
    )
    assert "Unsigned words." not in client.get("/countries/la/").content.decode()
    assert "Unsigned words." in client.get(BANGKOK).content.decode()


def test_the_roundtable_report_is_shown(client, demo):
    html = client.get(BANGKOK).content.decode()
    assert "Report" in html and "a national migration policy close to adoption" in html


def test_who_took_part_is_counted_by_the_database_not_loaded_row_by_row(client, demo, monkeypatch):
    bangkok = RoundTable.objects.get(slug="bangkok-2018")
    bangkok.participants.all().delete()
    ministry = InstitutionFactory(name="Aardvark Ministry of Labour", acronym="AML", country="TH")
    ParticipantFactory.create_batch(3, roundtable=bangkok, institution=ministry)
    ParticipantFactory(roundtable=bangkok, role=Participant.Role.EXPERT, institution=None)
    ParticipantFactory(
        roundtable=RoundTableFactory(), institution=InstitutionFactory(name="Elsewhere")
    )
    loaded = []
    original = Participant.from_db.__func__
    monkeypatch.setattr(
        Participant, "from_db", classmethod(lambda cls, *a: loaded.append(a) or original(cls, *a))
    )

    aside = client.get(BANGKOK).content.decode().split("Who took part", 1)[1]

    assert loaded == []
    items = re.findall(r"<li[^>]*><strong>(.*?):</strong> (\d+)</li>", aside)
    assert items == [("Government delegate", "3"), ("Expert", "1")]
    assert "Aardvark Ministry of Labour (AML) (Thailand)" in aside and "Elsewhere" not in aside


def test_counts_on_a_country_page_agree_in_number(client, demo):
    html = client.get("/countries/la/").content.decode()
    lead = re.search(r'<p class="lead mb-0">(.*?)</p>', html, re.S).group(1)
    # Only what there is, each figure saying what it counts; no "0 Actions".
    assert re.sub(r"\s+", " ", lead).strip() == "1 result reported · 1 round-table attended"


def test_countries_outside_every_region_are_listed_too(client, demo):
    ActionFactory(countries=["IS"], title="Iceland I")
    html = client.get("/countries/").content.decode()
    others = section(html, "others-heading")
    assert "Iceland" in others and 'href="/countries/is/"' in others
    assert client.get("/countries/is/").status_code == 200
