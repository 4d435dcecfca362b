"""What the search reads: each kind of content, its fields (titles weighted above texts),
what the public may find of it, and how a hit names and links it."""

from dataclasses import dataclass

from django.conf import settings
from django.db.models import F, Q, TextField, Value
from django.db.models.functions import Coalesce, NullIf
from django.utils.safestring import SafeString
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from actions.models import Action, Outcome
from core.countries import country_name
from findings.models import Finding, Publication
from reflections.models import Reflection
from roundtables.models import Attribution, RoundTable

from .words import LANGUAGES

# The words of a hit's snippet.
SNIPPET_WORDS = 40


@dataclass
class Hit:
    kind: str
    kind_label: str
    title: str
    url: str
    snippet: SafeString
    rank: float


@dataclass(frozen=True)
class Source:
    kind: str
    label: str
    title_fields: tuple[str, ...]  # weight A
    text_fields: tuple[str, ...]  # weight B
    translated: bool = True  # the fields have a column per language
    plural: str = ""  # what the results of this kind are called, together ("Round-tables")

    def queryset(self):
        """What the public may find of this kind."""
        raise NotImplementedError

    def shown_objects(self):
        """The same, with (only) what a hit's title and address need."""
        return self.queryset()

    def about_countries(self, codes) -> Q:
        """The rows that concern one of the countries ``codes``."""
        return Q(pk__in=[])

    def columns(self, name) -> dict[str, F]:
        """The columns of the field ``name``, by language (one, if it is not translated)."""
        if not self.translated:
            return {language: F(name) for language in LANGUAGES}
        return {language: F(f"{name}_{language}") for language in LANGUAGES}

    def shown(self, name):
        """What the public reads of ``name`` on this page: its language, or else the English."""
        if not self.translated:
            return F(name)
        return Coalesce(
            NullIf(F(f"{name}_{get_language()}"), Value("")),
            F(f"{name}_en"),
            Value(""),
            output_field=TextField(),
        )

    @property
    def fields(self):
        return self.title_fields + self.text_fields

    def title(self, obj) -> str:
        return getattr(obj, self.title_fields[0])

    def url(self, obj) -> str:
        return obj.get_absolute_url()

    def hit(self, obj, snippet: SafeString, rank: float) -> Hit:
        return Hit(self.kind, str(self.label), self.title(obj), self.url(obj), snippet, rank)


class RoundTableSource(Source):
    def queryset(self):
        return RoundTable.objects.published()

    def about_countries(self, codes):
        return _any_country("countries", codes) | Q(host_country__in=codes)

    def title(self, obj):
        return f"{obj.title} ({obj.city}, {obj.when})"


class ActionSource(Source):
    def queryset(self):
        return Action.objects.published()

    def shown_objects(self):
        return self.queryset().as_links()

    def about_countries(self, codes):
        return _any_country("countries", codes)


class OutcomeSource(Source):
    def queryset(self):
        return Outcome.objects.published()

    def shown_objects(self):
        return self.queryset().only("code", "country", "title")

    def about_countries(self, codes):
        return Q(country__in=codes)

    def title(self, obj):
        return f"{country_name(obj.country)}: {obj.title}"


class FindingSource(Source):
    def queryset(self):
        return Finding.objects.public()

    def shown_objects(self):
        return self.queryset().as_links()

    def about_countries(self, codes):
        return _any_country("countries", codes)


class PublicationSource(Source):
    def queryset(self):
        return Publication.objects.published()

    def shown_objects(self):
        return self.queryset().as_links()

    def columns(self, name):
        # The official title is one text, in the language it was published in.
        if name == "title":
            return {language: F(name) for language in LANGUAGES}
        return super().columns(name)

    def shown(self, name):
        return F(name) if name == "title" else super().shown(name)


class ReflectionSource(Source):
    def queryset(self):
        return Reflection.objects.public()

    def shown_objects(self):
        return self.queryset().as_shown()

    def about_countries(self, codes):
        # Only the reflections whose authors let their country be shown.
        return Q(participant__country__in=codes) & ~Q(attribution=Attribution.ANONYMOUS)

    def columns(self, name):
        # What the public reads: the moderator's redaction where there is one. A reflection
        # is in one language, read with each language's stemming.
        redacted = Coalesce(
            NullIf(F(f"public_{name}"), Value("")), F(name), output_field=TextField()
        )
        return dict.fromkeys(LANGUAGES, redacted)

    def shown(self, name):
        return self.columns(name)[settings.LANGUAGE_CODE]

    def title(self, obj):
        return f"{obj.public_attribution} · {obj.participant.roundtable.title}"

    def url(self, obj):
        return f"{obj.participant.roundtable.get_absolute_url()}#reflection-{obj.pk}"


def _any_country(field, codes) -> Q:
    """Rows whose multiple-country ``field`` holds one of ``codes``."""
    condition = Q(pk__in=[])
    for code in codes:
        condition |= Q(**{f"{field}__contains": code})
    return condition


SOURCES = [
    RoundTableSource(
        "roundtables",
        _("Round-table"),
        ("title", "city"),
        ("focus", "summary", "report"),
        plural=_("Round-tables"),
    ),
    ActionSource(
        "actions",
        _("Action"),
        ("title",),
        ("summary", "objectives", "description", "results"),
        plural=_("Actions"),
    ),
    OutcomeSource(
        "outcomes",
        _("Result"),
        ("title",),
        ("description", "evidence"),
        plural=_("Results by country"),
    ),
    FindingSource(
        "findings",
        _("Good practice or lesson"),
        ("title",),
        ("text",),
        plural=_("Good practices and lessons"),
    ),
    PublicationSource(
        "publications", _("Publication"), ("title",), ("summary",), plural=_("Publications")
    ),
    ReflectionSource(
        "reflections",
        _("Reflection"),
        (),
        ("meaning", "engagement", "results", "benefits"),
        translated=False,
        plural=_("Reflections of participants"),
    ),
]
# The kinds of result, as the filters of the results name them.
KINDS = {source.kind: source.plural for source in SOURCES}
