"""The admin site, with a home page that says what needs attention."""

from django.contrib import admin
from django.db.models import Count
from django.urls import reverse
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from actions.models import Action, Outcome
from core.translation import expects_translations, missing_translation
from findings.models import Finding
from outbox.models import OutboundEmail
from reflections.models import Reflection
from roundtables.models import RoundTable


class MieuxAdminSite(admin.AdminSite):
    site_header = _("MIEUX Round-tables administration")
    site_title = _("MIEUX Round-tables")
    index_title = _("Content and moderation")

    def index(self, request, extra_context=None):
        extra_context = {**(extra_context or {}), "attention": self.attention(request)}
        return super().index(request, extra_context)

    def attention(self, request):
        """(label, count, link) for what waits on staff, limited to what this user may see."""
        items = []

        def add(model, label, queryset, query="", url_name=None):
            opts = model._meta
            if not request.user.has_perm(f"{opts.app_label}.view_{opts.model_name}"):
                return
            url = reverse(url_name or f"admin:{opts.app_label}_{opts.model_name}_changelist")
            items.append((label, queryset.count(), url + query))

        add(
            Reflection,
            _("Reflections awaiting moderation"),
            Reflection.objects.awaiting_moderation(),
            url_name="admin:reflections_reflectionawaitingmoderation_changelist",
        )
        add(
            RoundTable,
            _("Planned round-tables"),
            RoundTable.objects.planned(),
            "?status__exact=planned",
        )
        add(
            RoundTable,
            _("Draft round-tables"),
            RoundTable.objects.drafts(),
            "?is_published__exact=0",
        )
        add(Action, _("Draft Actions"), Action.objects.drafts(), "?is_published__exact=0")
        add(Outcome, _("Draft outcomes"), Outcome.objects.drafts(), "?is_published__exact=0")
        add(Finding, _("Draft findings"), Finding.objects.drafts(), "?is_published__exact=0")
        add(
            OutboundEmail,
            _("E-mails that could not be sent"),
            OutboundEmail.objects.filter(status=OutboundEmail.Status.FAILED),
            "?status__exact=failed",
        )
        return items + self.untranslated(request)

    def untranslated(self, request):
        """(label, count, link) for each kind of content with texts not yet in French or in
        Spanish, where there are any; one query per kind."""
        labels = {"fr": _("%(things)s not yet in French"), "es": _("%(things)s not yet in Spanish")}
        items = []
        for model, _model_admin in self._registry.items():
            opts = model._meta
            if not expects_translations(model) or not request.user.has_perm(
                f"{opts.app_label}.view_{opts.model_name}"
            ):
                continue
            counts = model._default_manager.aggregate(
                **{
                    language: Count("pk", filter=missing_translation(model, language))
                    for language in labels
                }
            )
            url = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
            items += [
                (
                    label % {"things": capfirst(opts.verbose_name_plural)},
                    counts[language],
                    f"{url}?missing={language}",
                )
                for language, label in labels.items()
                if counts[language]
            ]
        return items
