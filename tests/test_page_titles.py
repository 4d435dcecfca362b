"""Every page's <title> says where the visitor is (WCAG 2.4.2): what the page shows, the section
of the site it is in, then the site, in the page's language; "Error: " first when a form was
refused; the page number of a list past its first page; each state of a participant's
reflection named apart."""

import html
import re
from collections import defaultdict

import pytest
from django.utils import translation
from django.utils.translation import gettext

from pages.views.actions import ActionListView
from pages.views.roundtables import RoundTableListView
from reflections.models import Reflection

from .crawl import ADDRESSES, full_sitemap
from .reflections import answers, url

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fresh_rate_limits")]

SITE = "MIEUX Regional Round-tables"
BANGKOK = "Bangkok, 5–6 March 2018"
LANGUAGES = ("en", "fr", "es")


def title_of(response) -> str:
    found = re.search(r"<title>(.*?)</title>", response.content.decode(), re.S)
    assert found, "the page has no <title>"
    return " ".join(html.unescape(found.group(1)).split())


def language_of(address: str) -> str:
    prefix = address.split("/")[1]
    return prefix if prefix in LANGUAGES else "en"


def site_name(language: str) -> str:
    with translation.override(language):
        return gettext(SITE)


def test_every_page_of_the_sitemap_has_a_title_of_its_own_in_each_language(client, demo):
    sitemap = full_sitemap(client)
    addresses = sorted(set(ADDRESSES.findall(sitemap)))
    titles = defaultdict(dict)
    for address in addresses:
        response = client.get(address)
        assert response.status_code == 200, address
        if response["Content-Type"].startswith("text/html"):  # not the calendar or the book
            titles[language_of(address)][address] = title_of(response)
    assert set(titles) == set(LANGUAGES)
    assert len(titles["en"]) > 20
    for language, by_address in titles.items():
        seen = defaultdict(list)
        for address, title in by_address.items():
            seen[title].append(address)
            # What, then where, then the site, in the page's language.
            assert title.endswith(f" – {site_name(language)}"), (address, title)
        assert {title: where for title, where in seen.items() if len(where) > 1} == {}
    assert titles["fr"]["/fr/roundtables/bangkok-2018/"].startswith(
        "Table ronde régionale pour l'Asie"
    )
    assert " – Tournée – " in titles["fr"]["/fr/roundtables/bangkok-2018/"]


@pytest.mark.parametrize(
    ("address", "title"),
    [
        ("/", f"The 2018 tour – {SITE}"),
        ("/roundtables/", f"The tour of round-tables – {SITE}"),
        (
            "/roundtables/bangkok-2018/",
            f"Regional Round-table for Asia (Bangkok, 5–6 March 2018) – Tour – {SITE}",
        ),
        ("/actions/", f"Actions – {SITE}"),
        ("/actions/mexico-ii/", f"Mexico II – Actions – {SITE}"),
        ("/countries/", f"Countries and regions – {SITE}"),
        ("/countries/ph/", f"Philippines – Countries and regions – {SITE}"),
        ("/regions/asia/", f"Asia: regional factsheet – Countries and regions – {SITE}"),
        ("/good-practices/", f"Good practices and lessons learnt – {SITE}"),
        ("/publications/", f"Publications – {SITE}"),
        ("/search/", f"Search – {SITE}"),
        ("/search/?q=migration", f"Search: migration – {SITE}"),
        ("/search/?q=migration&type=actions", f"Search: migration (Actions) – {SITE}"),
    ],
)
def test_a_title_says_what_then_where_then_the_site(client, demo, address, title):
    assert title_of(client.get(address)) == title


def test_a_page_not_found_says_so_in_its_title(client, demo):
    response = client.get("/roundtables/atlantis/")
    assert response.status_code == 404
    assert title_of(response) == f"Page not found – {SITE}"
    assert title_of(client.get("/fr/roundtables/atlantis/")).endswith(site_name("fr"))


def test_lists_and_search_name_their_page_number(client, demo, monkeypatch):
    monkeypatch.setattr(ActionListView, "paginate_by", 2)
    monkeypatch.setattr(RoundTableListView, "paginate_by", 2)
    monkeypatch.setattr("pages.views.search.RESULTS_PER_PAGE", 3)
    assert title_of(client.get("/actions/")) == f"Actions – {SITE}"
    assert title_of(client.get("/actions/?page=2")) == f"Actions, page 2 – {SITE}"
    assert title_of(client.get("/roundtables/?page=2")) == (
        f"The tour of round-tables, page 2 – {SITE}"
    )
    assert title_of(client.get("/search/?q=migration&page=2")) == (
        f"Search: migration, page 2 – {SITE}"
    )


def test_actions_with_a_filter_that_could_not_be_applied_say_error_first(client, demo):
    assert title_of(client.get("/actions/?region=atlantis")) == f"Error: Actions – {SITE}"


def test_every_state_of_a_reflection_has_a_title_of_its_own(client, post, lao, token):
    form = url(token)
    titles = {"form": title_of(client.get(form))}

    refused = post(form, answers(consent=None))
    assert refused.status_code == 400
    titles["refused"] = title_of(refused)

    assert post(form, answers(draft="1", consent=None)).status_code == 302
    titles["draft saved"] = title_of(client.get(form))

    assert post(form, answers()).status_code == 302
    titles["submitted"] = title_of(client.get(form))
    titles["edit"] = title_of(client.get(form + "?edit=1"))
    titles["withdraw"] = title_of(client.get(form + "withdraw/"))
    assert post(form + "withdraw/", {}).status_code == 302
    titles["withdrawn"] = title_of(client.get(form))

    reflection = Reflection.objects.get(participant=lao)
    reflection.status, reflection.consent = Reflection.Status.APPROVED, True
    reflection.save()
    titles["published"] = title_of(client.get(form))
    reflection.status = Reflection.Status.REJECTED
    reflection.save()
    titles["not published"] = title_of(client.get(form))

    titles["invalid link"] = title_of(client.get(url("no-such-link-0123456789abcdef")))
    titles["lost link"] = title_of(client.get("/reflect/"))
    refused_link = post("/reflect/", {"email": "not an address", "rendered": answers()["rendered"]})
    assert refused_link.status_code == 400
    titles["lost link refused"] = title_of(refused_link)
    titles["link sent"] = title_of(
        post("/reflect/", {"email": "x@example.org", "rendered": answers()["rendered"]})
    )

    assert titles == {
        "form": f"Your reflection – {BANGKOK} – {SITE}",
        "refused": f"Error: Your reflection – {BANGKOK} – {SITE}",
        "draft saved": f"Draft saved – {BANGKOK} – {SITE}",
        "submitted": f"Reflection sent – {BANGKOK} – {SITE}",
        "edit": f"Change your reflection – {BANGKOK} – {SITE}",
        "withdraw": f"Withdraw your reflection? – {BANGKOK} – {SITE}",
        "withdrawn": f"Reflection withdrawn – {BANGKOK} – {SITE}",
        "published": f"Reflection published – {BANGKOK} – {SITE}",
        "not published": f"Reflection not published – {BANGKOK} – {SITE}",
        "invalid link": f"This link does not work – Your reflection – {SITE}",
        "lost link": f"Ask for a new link – Your reflection – {SITE}",
        "lost link refused": f"Error: Ask for a new link – Your reflection – {SITE}",
        "link sent": f"Check your e-mail – Your reflection – {SITE}",
    }


def test_a_reflection_page_has_its_title_in_the_links_language(client, lao, token):
    lao.language = "fr"
    lao.save()
    title = title_of(client.get(f"/fr{url(token)}"))
    assert title.startswith(f"{gettext_in('fr', 'Your reflection')} – Bangkok")
    assert title.endswith(site_name("fr"))


def test_text_sent_to_a_dead_link_is_an_error_and_kept_whole(post, lao, token):
    long_text = "word " * 1100  # over the limit of one answer
    response = post(url("no-such-link-0123456789abcdef"), answers(meaning=long_text))
    assert response.status_code == 404
    assert title_of(response) == f"Error: This link does not work – Your reflection – {SITE}"
    assert long_text.strip() in response.content.decode()


def gettext_in(language, text):
    with translation.override(language):
        return gettext(text)
