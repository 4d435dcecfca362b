"""What was written at and after the round-tables: the findings staff drew from them and the
participants' reflections, as the public pages show them."""

from django.db.models import Prefetch
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from actions.models import Action
from findings.models import Finding, FindingKind
from reflections.models import Reflection, ReflectionLanguage
from roundtables.models import Attribution, ParticipantRole

from .dictionary import Dataset, column, countries, country, ever_published, page, slug, translated
from .programme import slugs


def _findings():
    return (
        Finding.objects.public()
        .select_related("roundtable")
        .prefetch_related("thematic_areas")
        .order_by("roundtable__position", "kind", "slug")
    )


FINDINGS = Dataset(
    name="findings",
    title=_("Good practices and lessons"),
    description=_(
        "What staff drew from each round-table for the good-practices publication: good "
        "practices, lessons learnt, regional trends and recommendations."
    ),
    rows=_findings,
    changes=lambda: (ever_published(Finding.objects), ["updated_at", "roundtable__updated_at"]),
    columns=(
        slug(_("The finding's identifier, as in its address."), "convening-is-a-result"),
        column(
            "roundtable",
            "string",
            _("The round-table it was drawn from."),
            "bangkok-2018",
            get=lambda finding: finding.roundtable.slug,
            references="roundtables",
            required=True,
        ),
        column(
            "kind", "string", _("What kind of finding it is."), "good_practice", choices=FindingKind
        ),
        translated(
            "title",
            _("Its title."),
            {"en": "Skills taught well are reused long after the Action ends"},
        ),
        translated("text", _("Its text.")),
        countries("countries", _("The countries it concerns, as ISO 3166-1 alpha-2 codes.")),
        column(
            "thematic_areas",
            "list",
            _("Its thematic areas."),
            "legal-migration-mobility",
            get=lambda finding: slugs(finding.thematic_areas.all()),
            references="thematic-areas",
        ),
        page("/good-practices/convening-is-a-result/"),
    ),
)


def _reflections():
    return (
        Reflection.objects.public()
        .with_related()
        .prefetch_related(
            Prefetch("related_actions", queryset=Action.objects.public().order_by("slug"))
        )
        .order_by("participant__roundtable__position", "submitted_at", "pk")
    )


def credit(reflection) -> dict:
    """Who wrote it, as its author chose to be credited on the site (``public_attribution``):
    nothing if anonymously; else the country, with the name, position and institution, or
    else the role. Never the e-mail address."""
    participant = reflection.participant
    if reflection.attribution == Attribution.ANONYMOUS:
        return {}
    where = {"country": participant.country.code or None}
    if reflection.attribution == Attribution.NAMED and participant.name:
        institution = participant.institution
        return {
            "name": participant.name,
            "position": participant.position,
            "institution": str(institution) if institution else None,
            **where,
        }
    return {"role": participant.role, **where}


def published_answer(question):
    """The answer to ``question`` as the public reads it: the moderator's redaction where
    there is one, else the author's words."""

    def answer(reflection):
        redacted = getattr(reflection, f"public_{question}").strip()
        return redacted or getattr(reflection, question).strip()

    return answer


def _answer(question):
    return column(
        question,
        "string",
        format_lazy(
            _("The answer to “{question}”, as published."),
            question=Reflection._meta.get_field(question).verbose_name,
        ),
        get=published_answer(question),
    )


REFLECTIONS = Dataset(
    name="reflections",
    title=_("Reflections of participants"),
    description=_(
        "What participants of the round-tables wrote about the programme, once a moderator "
        "approved it, credited as each author chose: by name, by role and country, or "
        "anonymously."
    ),
    rows=_reflections,
    primary_key=("id",),
    changes=lambda: (
        Reflection.objects.filter(decided_at__isnull=False),
        ["updated_at", "participant__updated_at", "participant__roundtable__updated_at"],
    ),
    columns=(
        column(
            "id",
            "integer",
            _("The reflection's number on this site."),
            12,
            get=lambda reflection: reflection.pk,
            required=True,
            unique=True,
        ),
        column(
            "roundtable",
            "string",
            _("The round-table its author took part in."),
            "bangkok-2018",
            get=lambda reflection: reflection.participant.roundtable.slug,
            references="roundtables",
            required=True,
        ),
        column(
            "language",
            "string",
            _("The language it was written in."),
            "en",
            choices=ReflectionLanguage,
        ),
        column(
            "attribution",
            "string",
            _("How its author chose to be credited."),
            "role",
            choices=Attribution,
        ),
        column(
            "author_name",
            "string",
            _("The author's name, if credited by name."),
            get=lambda reflection: credit(reflection).get("name"),
        ),
        column(
            "author_position",
            "string",
            _("The author's position, if credited by name."),
            "Director",
            get=lambda reflection: credit(reflection).get("position"),
        ),
        column(
            "author_institution",
            "string",
            _("The author's institution, if credited by name."),
            get=lambda reflection: credit(reflection).get("institution"),
        ),
        column(
            "author_role",
            "string",
            _("The author's role, if credited by role and country."),
            "delegate",
            get=lambda reflection: credit(reflection).get("role"),
            choices=ParticipantRole,
        ),
        country(
            "author_country",
            _("The author's country, as an ISO 3166-1 alpha-2 code, unless anonymous."),
            get=lambda reflection: credit(reflection).get("country"),
        ),
        *(_answer(question) for question in Reflection.QUESTIONS),
        column(
            "related_actions",
            "list",
            _("The Actions it speaks of."),
            "the-philippines-i",
            get=lambda reflection: slugs(reflection.related_actions.all()),
            references="actions",
        ),
        page(
            "/roundtables/bangkok-2018/#reflection-12",
            lambda reflection: (
                reflection.participant.roundtable.get_absolute_url()
                + f"#reflection-{reflection.pk}"
            ),
        ),
    ),
)
