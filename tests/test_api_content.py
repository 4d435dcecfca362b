"""The API shows exactly what the public pages show: published rows only, nested lists
included; approved reflections only, with the attribution their authors chose and the text
the public reads; never an e-mail address, a draft or a moderator's note."""

import re

import pytest

from actions.models import Outcome
from roundtables.models import Participant, RoundTable

from .factories import (
    ActionFactory,
    FindingFactory,
    InstitutionFactory,
    OutcomeFactory,
    ParticipantFactory,
    ReflectionFactory,
    RoundTableFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _no_rate_limit(settings):
    """These tests read many answers in a row; the rate limit has tests of its own."""
    settings.RATELIMIT_ENABLE = False


def get(client, url):
    response = client.get(url)
    assert response.status_code == 200, (url, response.content[:300])
    return response.json()


def slugs(rows, key="slug"):
    return {row[key] for row in rows}


def everything(client, urls):
    """The text of every answer reachable from ``urls``: each list with its records."""
    texts = []
    for url in urls:
        listing = client.get(url + "?page_size=100")
        texts.append(listing.content.decode())
        for row in listing.json()["results"]:
            record = client.get(row["url"])
            assert record.status_code == 200, row["url"]
            texts.append(record.content.decode())
    return "\n".join(texts)


LISTS = [
    "/api/roundtables/",
    "/api/countries/",
    "/api/regions/",
    "/api/thematic-areas/",
    "/api/specific-areas/",
    "/api/actions/",
    "/api/outcomes/",
    "/api/findings/",
    "/api/reflections/",
]


def test_bangkok_lists_its_results_by_country_with_links(client, demo):
    bangkok = get(client, "/api/roundtables/bangkok-2018/")
    assert bangkok["status"] == "held"
    assert bangkok["web_url"] == "http://testserver/roundtables/bangkok-2018/"
    by_country = {entry["country"]["code"]: entry for entry in bangkok["results_by_country"]}
    lao = by_country["LA"]
    assert lao["country"]["name"] == {"en": "Lao PDR", "fr": "RDP lao", "es": "RDP Lao"}
    assert lao["country"]["url"] == "http://testserver/api/countries/LA/"
    assert "nmdwg-convened" in slugs(lao["results"], "code")
    expected = set(
        RoundTable.objects.get(slug="bangkok-2018")
        .reported_outcomes.published()
        .values_list("country", flat=True)
    )
    assert set(by_country) == expected
    result = lao["results"][0]
    assert get(client, result["url"])["code"] == result["code"]  # the link leads to it
    assert result["web_url"].startswith("http://testserver/countries/la/#outcome-la-")


def test_a_country_gives_its_results_actions_and_roundtables(client, demo):
    thailand = get(client, "/api/countries/TH/")
    assert thailand["name"]["es"] == "Tailandia"
    assert slugs(thailand["results"], "code") == set(
        Outcome.objects.published().for_country("TH").values_list("code", flat=True)
    )
    assert slugs(thailand["roundtables_attended"]) == {"bangkok-2018"}
    assert get(client, "/api/countries/th/")["code"] == "TH"  # either case
    assert client.get("/api/countries/THA/").status_code == 404  # one address per country


def test_a_planned_roundtable_says_so_and_has_no_results(client, demo):
    planned = RoundTableFactory(
        slug="dakar-2019",
        status=RoundTable.Status.PLANNED,
        start_date=None,
        end_date=None,
        approximate_date="late May 2019",
        approximate_date_fr="fin mai 2019",
    )
    planned.reported_outcomes.set(Outcome.objects.published()[:2])
    FindingFactory(roundtable=planned)
    ParticipantFactory(roundtable=planned)
    record = get(client, "/api/roundtables/dakar-2019/")
    assert record["status"] == "planned"
    assert record["approximate_date"] == {"en": "late May 2019", "fr": "fin mai 2019", "es": None}
    assert record["results_by_country"] == [] and record["findings"] == []
    assert record["participants_by_role"] == [] and record["institutions"] == []


def test_a_missing_translation_is_null_never_the_english(client, db):
    action = ActionFactory(title="Mexico III", title_fr="Mexique III", summary="In English only.")
    record = get(client, f"/api/actions/{action.slug}/")
    assert record["title"] == {"en": "Mexico III", "fr": "Mexique III", "es": None}
    assert record["summary"] == {"en": "In English only.", "fr": None, "es": None}


def test_only_published_rows_appear_nested_ones_included(client, db):
    roundtable = RoundTableFactory(slug="bangkok-2018", countries=["TH"])
    draft_roundtable = RoundTableFactory(is_published=False, slug="draft-roundtable")
    action = ActionFactory(slug="published-action", countries=["LA"])
    draft_action = ActionFactory(is_published=False, slug="draft-action", countries=["TH"])
    outcome = OutcomeFactory(code="published-outcome", country="TH")
    draft_outcome = OutcomeFactory(is_published=False, code="draft-outcome", country="TH")
    for each in (outcome, draft_outcome):
        each.actions.set([action, draft_action])
        each.reported_at.set([roundtable, draft_roundtable])
    FindingFactory(roundtable=roundtable, slug="published-finding")
    FindingFactory(roundtable=roundtable, slug="draft-finding", is_published=False)
    FindingFactory(roundtable=draft_roundtable, slug="finding-of-a-draft")

    assert slugs(get(client, "/api/roundtables/")["results"]) == {"bangkok-2018"}
    assert slugs(get(client, "/api/actions/")["results"]) == {"published-action"}
    assert slugs(get(client, "/api/outcomes/")["results"], "code") == {"published-outcome"}
    assert slugs(get(client, "/api/findings/")["results"]) == {"published-finding"}
    for url in (
        "/api/roundtables/draft-roundtable/",
        "/api/actions/draft-action/",
        "/api/outcomes/TH/draft-outcome/",
        "/api/findings/draft-finding/",
        "/api/findings/finding-of-a-draft/",
    ):
        assert client.get(url).status_code == 404, url

    (thai,) = get(client, "/api/roundtables/bangkok-2018/")["results_by_country"]
    country = get(client, "/api/countries/TH/")
    action_record = get(client, "/api/actions/published-action/")
    for results in (thai["results"], country["results"], action_record["outcomes"]):
        (shown,) = results
        assert shown["code"] == "published-outcome"
        assert slugs(shown["actions"]) == {"published-action"}
        assert slugs(shown["reported_at"]) == {"bangkok-2018"}
    assert slugs(country["actions"]) == set()  # the only Thai Action is a draft
    assert slugs(get(client, "/api/roundtables/bangkok-2018/")["findings"]) == {"published-finding"}
    text = everything(client, LISTS)
    for draft in ("draft-roundtable", "draft-action", "draft-outcome", "draft-finding"):
        assert draft not in text


def test_a_country_that_only_drafts_mention_has_no_record(client, db):
    ActionFactory(is_published=False, countries=["BJ"])
    OutcomeFactory(is_published=False, country="BJ")
    RoundTableFactory(is_published=False, countries=["BJ"])
    assert client.get("/api/countries/BJ/").status_code == 404
    assert "BJ" not in slugs(get(client, "/api/countries/")["results"], "code")


@pytest.fixture
def authors(db):
    """Reflections from one held round-table: approved with each attribution, and others."""
    bangkok = RoundTableFactory(slug="bangkok-2018")
    institution = InstitutionFactory(name="Ministry of Labour", acronym="MoLSW")

    def reflection(attribution, status="approved", roundtable=bangkok, **fields):
        participant = ParticipantFactory(
            roundtable=roundtable,
            name=f"{attribution.title()} Author",
            position="Director",
            institution=institution,
            country="LA",
            role=Participant.Role.DELEGATE,
            email=f"{attribution}.{status}.{roundtable.slug}@example.org",
        )
        return ReflectionFactory(
            participant=participant,
            attribution=attribution,
            status=status,
            decision_reason="A moderator's note.",
            **fields,
        )

    return {
        "named": reflection("named"),
        "role": reflection(
            "role", results="The original result.", public_results="The redacted result."
        ),
        "anonymous": reflection("anonymous"),
        "submitted": reflection("named", status="submitted", meaning="Not yet approved."),
        "rejected": reflection("role", status="rejected", meaning="Rejected words."),
        "planned": reflection(
            "named",
            roundtable=RoundTableFactory(status="planned", slug="planned-2019"),
            meaning="Words about a planned round-table.",
        ),
        "draft roundtable": reflection(
            "named",
            roundtable=RoundTableFactory(is_published=False, slug="draft-2018"),
            meaning="Words about a draft.",
        ),
    }


def test_only_approved_reflections_of_held_published_roundtables_appear(client, authors):
    shown = {row["id"] for row in get(client, "/api/reflections/")["results"]}
    assert shown == {authors[key].pk for key in ("named", "role", "anonymous")}
    for key in ("submitted", "rejected", "planned", "draft roundtable"):
        assert client.get(f"/api/reflections/{authors[key].pk}/").status_code == 404, key
    text = everything(client, LISTS)
    for words in ("Not yet approved.", "Rejected words.", "planned round-table.", "a draft."):
        assert words not in text
    assert "A moderator's note." not in text


def test_each_reflection_is_attributed_as_its_author_chose(client, authors):
    def author(key):
        return get(client, f"/api/reflections/{authors[key].pk}/")["author"]

    named = author("named")
    assert named["attribution"] == "named"
    assert (named["name"], named["position"]) == ("Named Author", "Director")
    assert named["institution"] == "Ministry of Labour (MoLSW)"
    assert named["country"]["code"] == "LA" and named["role"] is None
    assert named["display"]["en"] == authors["named"].public_attribution

    role = author("role")
    assert (role["name"], role["position"], role["institution"]) == (None, None, None)
    assert role["role"] == "delegate" and role["country"]["code"] == "LA"
    assert role["display"]["en"] == "Government delegate, Lao PDR"
    assert role["display"]["fr"].endswith(", RDP lao")  # each language's name of the country

    anonymous = author("anonymous")
    assert {key: anonymous[key] for key in ("name", "position", "institution", "role")} == {
        "name": None,
        "position": None,
        "institution": None,
        "role": None,
    }
    assert anonymous["country"] is None and anonymous["display"]["en"] == "A participant"
    record = client.get(f"/api/reflections/{authors['anonymous'].pk}/").content.decode()
    assert "Anonymous Author" not in record and "Director" not in record


def test_a_country_lists_only_the_reflections_that_show_it(client, authors):
    found = get(client, "/api/reflections/?country=LA")["results"]
    assert {row["id"] for row in found} == {authors["named"].pk, authors["role"].pk}


def test_a_redacted_answer_is_published_in_its_redacted_form_only(client, authors):
    record = get(client, f"/api/reflections/{authors['role'].pk}/")
    assert record["answers"]["results"] == "The redacted result."
    assert record["answers"]["meaning"] == "It meant a great deal."
    assert "The original result." not in everything(client, LISTS)
    assert record["web_url"].endswith(f"/roundtables/bangkok-2018/#reflection-{record['id']}")


def test_no_answer_carries_an_email_address(client, demo):
    attributions = ["named", "role", "anonymous"] * 3
    for participant, attribution in zip(Participant.objects.all(), attributions, strict=False):
        ReflectionFactory(participant=participant, status="approved", attribution=attribution)
    assert Participant.objects.exclude(email="").count() > 9
    text = everything(client, LISTS)
    assert len(text) > 100_000
    assert "@" not in text


@pytest.mark.parametrize(
    "query", ["", "?region=asia", "?status=completed&year=2012", "?country=PH", "?sort=title"]
)
def test_the_actions_filters_give_what_the_actions_page_lists(client, demo, query):
    page = client.get(f"/actions/{query}").content.decode()
    listed = set(re.findall(r'href="/actions/([-\w]+)/"', page))
    found = get(client, f"/api/actions/{query}")
    assert slugs(found["results"]) == listed and found["count"] == len(listed)


def test_round_tables_outcomes_and_findings_filter_on_the_sites_keys(client, demo):
    assert slugs(get(client, "/api/roundtables/?region=asia")["results"]) == {"bangkok-2018"}
    assert slugs(get(client, "/api/roundtables/?country=ke&year=2018")["results"]) == {
        "nairobi-2018"
    }
    assert get(client, "/api/roundtables/?status=planned")["count"] == 0
    lao = get(client, "/api/outcomes/?country=LA")["results"]
    assert {row["country"]["code"] for row in lao} == {"LA"} and lao
    reported = get(client, "/api/outcomes/?roundtable=bangkok-2018")["results"]
    assert all("bangkok-2018" in slugs(row["reported_at"]) for row in reported)
    bangkok = RoundTable.objects.get(slug="bangkok-2018")
    assert len(reported) == bangkok.reported_outcomes.published().count()
    assert get(client, "/api/outcomes/?roundtable=mexico-city-2018")["count"] == 0
    findings = get(client, "/api/findings/?region=asia")["results"]
    assert {row["roundtable"]["slug"] for row in findings} == {"bangkok-2018"}
