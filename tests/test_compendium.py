"""The good-practices compendium: a PDF book in each language, built once per content version."""

import io
import re
import threading
from datetime import timedelta

import pytest
from django.core.cache import cache
from django.utils import timezone, translation
from pypdf import PdfReader

from actions.models import ThematicArea
from findings.models import Finding
from opendata.compendium import book, store
from opendata.compendium.tasks import build_compendium
from pagecache.versions import content_version

from .factories import (
    ActionFactory,
    FindingFactory,
    OutcomeFactory,
    RegionFactory,
    RoundTableFactory,
    ThematicAreaFactory,
)

pytestmark = pytest.mark.django_db

URL = "/good-practices/compendium.pdf"
LANGUAGES = ("en", "fr", "es")


@pytest.fixture(autouse=True)
def empty_cache():
    """No book built by another test, and none left for the next."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def renders(monkeypatch):
    """Each time WeasyPrint lays a book out."""
    import weasyprint

    calls = []
    render = weasyprint.HTML.render

    def counted(self, *args, **kwargs):
        calls.append(kwargs.get("pdf_variant"))
        return render(self, *args, **kwargs)

    monkeypatch.setattr(weasyprint.HTML, "render", counted)
    return calls


def localized(url, language):
    return url if language == "en" else f"/{language}{url}"


def fetch(client, language="en"):
    response = client.get(localized(URL, language))
    assert response.status_code == 200
    return response


def read(response) -> PdfReader:
    return PdfReader(io.BytesIO(response.content))


def words(text: str) -> str:
    return " ".join(text.split())


def outline(reader) -> list:
    """The bookmarks as nested lists of titles."""

    def titles(items):
        return [titles(item) if isinstance(item, list) else item.title for item in items]

    return titles(reader.outline)


def test_the_book_has_its_chapters_and_findings_in_each_language(client, demo, renders):
    convening = Finding.objects.get(slug="convening-is-a-result")
    areas = ThematicArea.objects.filter(findings__isnull=False).distinct()
    for language in LANGUAGES:
        response = fetch(client, language)
        reader = read(response)
        text = words(" ".join(page.extract_text() for page in reader.pages))
        assert getattr(convening, f"title_{language}") in text, language
        chapters = [title for title in outline(reader) if isinstance(title, str)]
        for area in areas:
            assert getattr(area, f"name_{language}") in chapters, (language, area)
        assert reader.metadata.author == "ICMPD"
        assert reader.trailer["/Root"]["/Lang"] == language
        assert response["Content-Disposition"] == (
            f'inline; filename="mieux-good-practices-{language}.pdf"'
        )
    assert len(renders) == 3


def test_the_french_book_is_in_french_with_its_accents_in_a_full_font(client, demo):
    reader = read(fetch(client, "fr"))
    text = words(" ".join(page.extract_text() for page in reader.pages))
    assert "Réunir les ministères autour d'une même table est un résultat en soi" in text
    assert "Financé par l'Union européenne" in text and "Mis en œuvre par l'ICMPD" in text
    fonts = {
        str(font.get_object()["/BaseFont"])
        for page in reader.pages
        for font in page["/Resources"].get("/Font", {}).values()
    }
    assert fonts and all("DejaVu" in font for font in fonts), fonts


def test_the_contents_give_the_page_of_each_chapter(client, demo):
    reader = read(fetch(client))
    contents = next(
        page.extract_text() for page in reader.pages if "Contents" in page.extract_text()
    )
    listed = dict(re.findall(r"^(\S.*?) ?\.{3,} ?(\d+)$", contents, re.M))
    # Where each chapter starts, as its bookmark (made from its heading) says.
    starts = {
        item.title: reader.get_destination_page_number(item) + 1
        for item in reader.outline
        if not isinstance(item, list)
    }
    chapters = ThematicArea.objects.filter(findings__isnull=False).distinct()
    assert chapters
    for area in chapters:
        assert listed[area.name] == str(starts[area.name]), area.name
    assert starts[chapters[0].name] > starts["Contents"]


def test_the_book_is_a_tagged_pdf_with_its_metadata_and_bookmarks(client, demo, renders):
    reader = read(fetch(client, "es"))
    root = reader.trailer["/Root"]
    assert "/StructTreeRoot" in root and root["/MarkInfo"]["/Marked"]
    assert renders == ["pdf/ua-1"]
    with translation.override("es"):
        assert reader.metadata.title == str(book.TITLE)
    assert reader.metadata.author == "ICMPD"
    bookmarks = outline(reader)
    irregular = ThematicArea.objects.get(slug="irregular-migration-thb")
    chapter = bookmarks.index(irregular.name_es)
    regions = [title for title in bookmarks[chapter + 1] if isinstance(title, str)]
    assert regions == ["Asia"]  # and under it, its findings


def test_only_published_findings_are_in_the_book_with_their_public_actions(client, renders):
    region = RegionFactory(name="Asia")
    area = ThematicAreaFactory(name="Labour Migration")
    roundtable = RoundTableFactory(region=region, title="Round-table in Bangkok", city="Bangkok")
    published = FindingFactory(title="Peers build trust", roundtable=roundtable, countries=["TH"])
    published.thematic_areas.set([area])
    FindingFactory(title="A draft lesson", roundtable=roundtable, is_published=False)
    hidden = RoundTableFactory(region=region, is_published=False)
    FindingFactory(title="Of a draft round-table", roundtable=hidden)
    outcome = OutcomeFactory(country="TH")
    outcome.actions.set(
        [ActionFactory(title="Thailand I"), ActionFactory(title="Thailand II", is_published=False)]
    )
    published.source_outcomes.set([outcome])
    text = words(" ".join(page.extract_text() for page in read(fetch(client)).pages))
    assert "Peers build trust" in text and "Labour Migration" in text
    assert "Round-table in Bangkok, Bangkok" in text and "Thailand" in text
    assert "Thailand I" in text and "Thailand II" not in text
    assert "A draft lesson" not in text and "Of a draft round-table" not in text


def test_a_book_is_built_once_per_content_version_and_language(
    client, demo, renders, django_capture_on_commit_callbacks
):
    first = fetch(client)
    again = fetch(client)
    assert len(renders) == 1 and again.content == first.content
    assert again["ETag"] == first["ETag"] and again["Last-Modified"] == first["Last-Modified"]
    assert int(again["Content-Length"]) == len(again.content)
    assert again["Content-Type"] == "application/pdf"
    fetch(client, "fr")
    fetch(client, "fr")
    assert len(renders) == 2
    finding = Finding.objects.get(slug="convening-is-a-result")
    with django_capture_on_commit_callbacks(execute=True):
        finding.title_en = "Bringing ministries together is a result in itself"
        finding.save()
    changed = fetch(client)
    assert len(renders) == 3 and changed["ETag"] != first["ETag"]
    text = words(" ".join(page.extract_text() for page in read(changed).pages))
    assert "Bringing ministries together is a result in itself" in text


def test_a_browser_that_has_the_book_is_told_it_has_not_changed(client, demo, renders):
    first = fetch(client)
    response = client.get(URL, headers={"if-none-match": first["ETag"]})
    assert response.status_code == 304 and response.content == b""
    assert len(renders) == 1
    assert "no-cache" in first["Cache-Control"]


def test_requests_for_a_book_being_built_wait_for_it(client, demo, renders):
    fetch(client, "es")
    built = cache.get_many([store._key("es"), store._pdf_key("es")])
    cache.delete_many(list(built))
    lock = f"{store._key('es')}:building:{content_version()}"
    cache.add(lock, True, 60)  # another request is building it...
    threading.Timer(0.5, cache.set_many, [built, 60]).start()  # ...and stores it
    response = fetch(client, "es")
    assert len(renders) == 1 and response.content
    cache.delete(lock)


def test_a_request_builds_the_book_itself_when_its_builder_gives_up(client, demo, renders):
    lock = f"{store._key('en')}:building:{content_version()}"
    cache.add(lock, True, 60)
    threading.Timer(0.5, cache.delete, [lock]).start()  # the builder failed
    fetch(client)
    assert len(renders) == 1


def test_a_request_stops_waiting_for_a_builder_that_takes_too_long(
    client, demo, renders, monkeypatch
):
    monkeypatch.setattr(store, "WAIT_SECONDS", 0.5)
    lock = f"{store._key('en')}:building:{content_version()}"
    cache.add(lock, True, 60)
    fetch(client)
    assert len(renders) == 1
    assert cache.get(lock)  # still the other builder's


def test_without_a_cache_each_request_builds_the_book(client, demo, renders, settings):
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}
    assert fetch(client).content == fetch(client).content
    assert len(renders) == 2


def test_after_a_change_the_worker_builds_the_books_once_settled(
    client, demo, renders, settings, django_capture_on_commit_callbacks
):
    settings.SHARED_CACHE = True  # the worker and the web processes share it, as Redis is
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    queued = build_compendium.get_backend().results
    before = timezone.now()
    finding = Finding.objects.get(slug="convening-is-a-result")
    for title in ("A first edit", "A second edit"):
        with django_capture_on_commit_callbacks(execute=True):
            finding.title_en = title
            finding.save()
    assert len(queued) == 1  # one task for the burst of edits
    settle = timedelta(seconds=store.SETTLE_SECONDS)
    assert before + settle <= queued[0].task.run_after <= timezone.now() + settle
    assert "Download the compendium (PDF)</a>" in client.get("/good-practices/").content.decode()

    assert build_compendium.call() == list(LANGUAGES)
    assert len(renders) == 3
    fetch(client, "fr")
    assert len(renders) == 3  # served as built
    assert build_compendium.call() == []  # nothing left to build
    page = client.get("/fr/good-practices/").content.decode()
    edition = store.current("fr")
    assert f"(PDF, {edition.pages} pages, " in " ".join(page.split())
