"""What the content apps' ``translation.py`` modules share (django-modeltranslation).

Each text the public reads has an English, a French and a Spanish column (``title_en``,
``title_fr``, ``title_es``). English is required wherever the field itself is; a missing
translation reads as the English text, which the templates mark as such (``{% tr %}``).
"""

import simple_history
from django.conf import settings
from django.db.models import Q
from django.utils.translation import get_language
from modeltranslation.translator import TranslationOptions, translator
from modeltranslation.utils import build_localized_fieldname


class PublicText(TranslationOptions):
    required_languages = ("en",)


def translate(model, *fields, empty_as_null=(), fallback=True, **history):
    """Register ``fields`` of ``model`` for translation, then its history, which then records
    every language's column (django-simple-history builds its copy of the model from the
    fields the model has when it registers: the translations have to be there first).

    ``empty_as_null``: unique fields, whose missing translations are stored as NULL so that
    they never collide. ``fallback=False``: a missing translation reads as empty.
    """
    attributes = {"fields": fields, "empty_values": dict.fromkeys(empty_as_null, None)}
    if not fallback:
        attributes["fallback_languages"] = {"default": ()}
    translator.register(model, type(f"{model.__name__}Translation", (PublicText,), attributes))
    simple_history.register(model, **history)


def translated_fields(model) -> tuple[str, ...]:
    """The fields of ``model`` that exist in each language (none if it is not translated)."""
    if model not in translator.get_registered_models():
        return ()
    return tuple(translator.get_options_for_model(model).get_field_names())


def in_every_language(*names: str) -> set[str]:
    """The columns of the translated texts ``names``: ``title_en``, ``title_fr``... (what
    ``title`` reads). Names may follow relations (``roundtable__title``), which
    ``QuerySet.only()`` does not expand to every language by itself."""
    return {
        build_localized_fieldname(name, code) for name in names for code, _ in settings.LANGUAGES
    }


def missing_translation(model, language: str) -> Q:
    """Rows with an English text whose ``language`` version is still empty."""
    missing = Q(pk__in=[])
    for name in translated_fields(model):
        english = ~Q(**{f"{name}_en": ""}) & Q(**{f"{name}_en__isnull": False})
        empty = Q(**{f"{name}_{language}": ""}) | Q(**{f"{name}_{language}__isnull": True})
        missing |= english & empty
    return missing


def expects_translations(model) -> bool:
    """Whether ``model``'s texts are to be translated (its translated names are optional)."""
    if model not in translator.get_registered_models():
        return False
    options = translator.get_options_for_model(model)
    return getattr(options, "fallback_languages", None) != {"default": ()}


def translated(obj, field) -> tuple[str, bool]:
    """``obj.field`` in the page's language, or else in English: (text, whether English stands
    in for a missing translation)."""
    english = getattr(obj, f"{field}_{settings.LANGUAGE_CODE}", None)
    if english is None:  # not a translated field
        return getattr(obj, field), False
    text = getattr(obj, f"{field}_{get_language()}", None)
    if text:
        return text, False
    return english or "", bool(english) and get_language() != settings.LANGUAGE_CODE
