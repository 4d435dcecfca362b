"""Hostile input gets a 400 page, malformed input is ignored or explained: never a 500.

Every public page (the sitemap's, in each language, and the search, the feeds and the
participants' pages) is sent, in each query parameter it reads, control characters (a NUL
makes PostgreSQL raise), a far too long value and bytes that are not UTF-8: each answers 400
with the site's page. Tab and line breaks are white space, not refused. Values that are
merely wrong (letters for a year or a page, unknown choices) get the page as it is designed
to answer them.
"""

import pytest

from actions.filters import ActionFilter
from reflections.models import Reflection

from .crawl import ADDRESSES, full_sitemap
from .factories import UserFactory
from .reflections import answers, rendered_seconds_ago, url

pytestmark = pytest.mark.django_db

# What every page reads of its query string: the page number, which the canonical address
# keeps, and the staff's preview switch.
EVERY_PAGE = ["page", "preview"]
# The pages that read more.
PARAMETERS = {
    "/search/": ["q", "type", "page"],
    "/actions/": [*ActionFilter.base_filters, "page"],
    "/roundtables/": ["page"],
    "/sitemap-actions.xml": ["p"],
}
OTHER_PAGES = [
    "/search/",
    "/fr/search/",
    "/es/search/",
    "/roundtables/feed/",
    "/roundtables/feed/atom/",
    "/fr/roundtables/feed/",
    "/sitemap.xml",
    "/robots.txt",
    "/regions/",
    "/reflect/",
    "/fr/reflect/",
    "/es/reflect/",
]
# Percent-encoded as a browser or a robot sends them: NUL, SOH, ESC, DEL, a C1 control (NEL).
CONTROL = ["%00", "a%00b", "%01", "%1b", "%7f", "%c2%85"]
OVERLONG = "x" * 10_000
NOT_UTF8 = ["%ff", "caf%e9", "%c3%28"]
BAD_REQUEST_PAGE = "This request could not be read"


@pytest.fixture
def public_pages(client, demo, token):
    """{address: the query parameters it reads}: the sitemap's pages and the others."""
    sitemap = full_sitemap(client)
    addresses = ADDRESSES.findall(sitemap)
    assert len(addresses) > 100
    pages = dict.fromkeys([*addresses, *OTHER_PAGES], EVERY_PAGE)
    pages[url(token)] = [*EVERY_PAGE, "edit"]
    for address, read in PARAMETERS.items():
        for prefix in ("", "/fr", "/es"):
            pages[prefix + address] = sorted({*read, *EVERY_PAGE})
    return pages


def statuses(client, pages, value) -> dict[tuple[str, str], int]:
    """{(address, parameter): status} with ``value`` (as sent) in each parameter in turn."""
    return {
        (address, name): client.get(f"{address}?{name}={value}").status_code
        for address, names in pages.items()
        for name in names
    }


def not_refused(found: dict) -> dict:
    return {where: status for where, status in found.items() if status != 400}


@pytest.mark.parametrize("value", CONTROL)
def test_control_characters_in_any_parameter_of_any_page_are_refused(client, public_pages, value):
    assert not_refused(statuses(client, public_pages, value)) == {}


def test_control_characters_in_a_parameter_name_or_the_path_are_refused(client, public_pages):
    for address in public_pages:
        assert client.get(f"{address}?%00=1").status_code == 400, address
        assert client.get(f"{address}?q%1b=1").status_code == 400, address
    for address in ["/countries/%00/", "/roundtables/bangkok%1b/", "/reflect/a%00b/"]:
        assert client.get(address).status_code == 400, address


def test_an_overlong_value_is_refused(client, public_pages):
    assert not_refused(statuses(client, public_pages, OVERLONG)) == {}


@pytest.mark.parametrize("value", NOT_UTF8)
def test_bytes_that_are_not_utf8_are_refused(client, public_pages, value):
    assert not_refused(statuses(client, public_pages, value)) == {}


def test_the_search_that_answered_500_on_postgresql_is_refused_with_the_site_page(client, demo):
    response = client.get("/search/?q=a%00b")
    assert response.status_code == 400
    html = response.content.decode()
    assert BAD_REQUEST_PAGE in html
    assert "Funded by the European Union" in html  # the site's frame: header and footer
    assert '<link rel="canonical"' not in html


def test_the_refusal_is_in_the_language_of_the_address_and_never_repeats_the_input(client, demo):
    response = client.get(f"/fr/search/?q={OVERLONG}")
    assert response.status_code == 400
    html = response.content.decode()
    assert '<html lang="fr">' in html
    assert OVERLONG not in html


def test_a_long_but_sane_search_is_answered_and_cut_short(client, demo):
    response = client.get("/search/", {"q": "migration " * 50})
    assert response.status_code == 200
    assert len(response.context["query"]) > 200


@pytest.mark.parametrize(
    "query",
    ['"', "'", "\\", "!!!&&||((", "-", "or", ":*", "<script>", "%", "a" * 999, "😀", "a\tb\n"],
)
def test_search_syntax_and_odd_text_never_fail(client, demo, query):
    assert client.get("/search/", {"q": query}).status_code == 200


# (address, query string, status as designed): wrong values are explained or ignored.
MALFORMED = [
    ("/actions/", "region=atlantis", 200),
    ("/actions/", "country=ZZ", 200),
    ("/actions/", "country=thailand", 200),
    ("/actions/", "thematic_area=nothing", 200),
    ("/actions/", "specific_area=nothing", 200),
    ("/actions/", "status=bogus", 200),
    ("/actions/", "year=abcd", 200),
    ("/actions/", "year=99999999999999999999", 200),
    ("/actions/", "year=1800", 200),
    ("/actions/", "year=-1", 200),
    ("/actions/", "sort=bogus", 200),
    ("/actions/", "sort=-password", 200),
    ("/actions/", "status=completed&status=ongoing", 200),
    ("/actions/", "region=asia&region=%25", 200),
    ("/actions/", "page=last", 200),
    ("/actions/", "page=abc", 404),
    ("/actions/", "page=0", 404),
    ("/actions/", "page=-1", 404),
    ("/actions/", "page=1.5", 404),
    ("/actions/", "page=999999", 404),
    ("/actions/", "page=99999999999999999999999", 404),
    ("/actions/", "page=%C2%B2", 404),  # a superscript two: a digit to str.isdigit()
    ("/roundtables/", "page=abc", 404),
    ("/roundtables/", "page=last", 200),
    ("/search/", "q=migration&type=bogus", 200),
    ("/search/", "q=migration&page=abc", 200),
    ("/search/", "q=migration&page=-5", 200),
    ("/search/", "q=migration&page=999999", 200),
    ("/search/", "q=migration&q=border", 200),
    ("/search/", "q=", 200),
    ("/sitemap-actions.xml", "p=abc", 404),
    ("/sitemap-actions.xml", "p=0", 404),
    ("/sitemap-actions.xml", "p=99", 404),
    ("/sitemap-nothing.xml", "", 404),
    ("/roundtables/bangkok-2018/", "page=abc&preview=%25", 200),
    ("/countries/th/", "page=x", 200),
    ("/fr/actions/", "year=abcd&sort=%3Cb%3E", 200),
    ("/es/search/", "q=trata&type=%27", 200),
    ("/reflect/", "email=%25", 200),
]


@pytest.mark.parametrize(("address", "query", "status"), MALFORMED)
def test_malformed_values_get_the_page_as_designed(client, demo, address, query, status):
    assert client.get(f"{address}?{query}").status_code == status


def test_the_personal_link_page_ignores_odd_values_and_refuses_control_characters(client, token):
    assert client.get(f"{url(token)}?edit=%25%27").status_code == 200
    assert client.get(f"{url(token)}?edit=%00").status_code == 400


@pytest.mark.parametrize("cached", [False, True])
def test_a_thousand_parameters_and_more_are_refused(client, demo, settings, cached):
    settings.PUBLIC_PAGE_CACHE_SECONDS = 3600 if cached else 0  # the page cache reads them first
    query = "&".join(f"a{n}=1" for n in range(1_001))
    assert client.get(f"/actions/?{query}").status_code == 400


def test_the_page_cache_stores_no_refusal_and_serves_the_page_after(client, demo, page_cache):
    for _ in range(2):
        assert client.get("/actions/?region=%00").status_code == 400
        assert client.get("/actions/?page=%ff").status_code == 400
        assert client.get(f"/actions/?status={OVERLONG}").status_code == 400
    response = client.get("/actions/?region=asia")
    assert response.status_code == 200 and "Kyrgyzstan IV" in response.content.decode()


def test_a_staff_search_in_the_admin_with_a_nul_is_refused(client, demo):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    assert client.get("/admin/actions/action/?q=a%00b").status_code == 400
    assert client.get("/admin/actions/action/?q=mexico").status_code == 200


@pytest.mark.usefixtures("fresh_rate_limits")
@pytest.mark.parametrize("character", ["\x01", "\x1b", "\x7f", "\x85"])
def test_control_characters_in_a_reflection_are_refused_and_the_text_kept(
    post, lao, token, character
):
    response = post(url(token), answers(meaning=f"Peers I still{character} call on."))
    assert response.status_code == 400
    html = response.content.decode()
    assert "invisible control characters" in html
    assert "Peers I still" in html and "call on." in html
    assert not Reflection.objects.filter(participant=lao).exists()


@pytest.mark.usefixtures("fresh_rate_limits")
def test_tabs_and_line_breaks_in_a_reflection_are_text(post, lao, token):
    text = "First line.\r\nSecond line,\tindented."
    assert post(url(token), answers(meaning=text)).status_code == 302
    saved = Reflection.objects.get(participant=lao).meaning
    assert saved.replace("\r\n", "\n") == text.replace("\r\n", "\n")


@pytest.mark.usefixtures("fresh_rate_limits")
@pytest.mark.parametrize("email", ["a\x00@example.org", "a\x1b@example.org", "x" * 10_000])
def test_the_lost_link_form_refuses_hostile_addresses(post, demo, email):
    response = post("/reflect/", {"email": email, "rendered": rendered_seconds_ago()})
    assert response.status_code == 400
