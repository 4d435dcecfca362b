"""The interface speaks English, French and Spanish; every string translated and compiled."""

from pathlib import Path

import polib
import pytest
from django.utils import translation

LOCALE = Path(__file__).resolve().parent.parent / "locale"


@pytest.mark.parametrize("language", ["fr", "es"])
def test_every_string_is_translated_and_compiled(language):
    folder = LOCALE / language / "LC_MESSAGES"
    catalogue = polib.pofile(str(folder / "django.po"))
    assert catalogue.untranslated_entries() == []
    assert catalogue.fuzzy_entries() == []
    compiled = {
        (e.msgctxt, e.msgid): (e.msgstr, e.msgstr_plural)
        for e in polib.mofile(str(folder / "django.mo"))
    }
    source = {
        (e.msgctxt, e.msgid): (e.msgstr, e.msgstr_plural) for e in catalogue.translated_entries()
    }
    assert compiled == source, "run `manage.py compilemessages` after editing the catalogue"


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["fr", "es", "en"])
def test_each_language_has_its_own_address(client, demo, language):
    prefix = "" if language == "en" else f"/{language}"
    html = client.get(f"{prefix}/roundtables/").content.decode()
    assert f'<html lang="{language}">' in html
    with translation.override(language):
        assert translation.gettext("The tour of round-tables") in html
    if language != "en":
        assert "The tour of round-tables" not in html
