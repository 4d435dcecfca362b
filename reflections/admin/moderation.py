"""Reflections in the admin: the moderation queue, redaction, approval and rejection."""

import hashlib

from django import forms
from django.contrib import admin, messages
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils.html import format_html_join
from django.utils.timesince import timesince
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from core.admin import HistoryAdmin

from .. import services
from ..models import Reflection, ReflectionAwaitingModeration

PUBLIC_FIELDS = ["public_meaning", "public_engagement", "public_results", "public_benefits"]


def _digest(text: str) -> str:
    return hashlib.sha256((text or "").strip().encode()).hexdigest()[:16]


class ModerationForm(forms.ModelForm):
    """The moderator's part of a reflection: redactions, and the reason for a decision.

    Each public text starts as the author's text (or as the moderator's earlier redaction).
    A text left as it was shown stays as it is: as written, or as redacted; a text edited
    back to the author's own is again "as written", and follows the author's later changes.
    """

    seen_version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    # What each public text was when the form was shown, to tell which ones the moderator
    # edited (as digests, in the order of PUBLIC_FIELDS).
    shown = forms.CharField(widget=forms.HiddenInput, required=False)
    decision: str | None = None  # "approve" or "reject", set from the button pressed

    class Meta:
        model = Reflection
        fields = [*PUBLIC_FIELDS, "decision_reason"]
        widgets = {name: forms.Textarea(attrs={"rows": 4}) for name in PUBLIC_FIELDS}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "seen_version" in self.fields:
            self.fields["seen_version"].initial = self.instance.version
        editable = [name for name in PUBLIC_FIELDS if name in self.fields]
        for name in editable:
            self.initial[name] = self._public_text(name)
            self.fields[name].help_text = _(
                "The author's text: edit it to leave out what should not be published. The "
                "original is kept."
            )
        if "shown" in self.fields:
            self.fields["shown"].initial = ",".join(
                _digest(self._public_text(name)) for name in PUBLIC_FIELDS
            )

    def _public_text(self, name: str) -> str:
        return getattr(self.instance, name) or getattr(self.instance, name.removeprefix("public_"))

    def clean(self):
        cleaned = super().clean()
        shown = dict(zip(PUBLIC_FIELDS, (cleaned.get("shown") or "").split(","), strict=False))
        for name in [name for name in PUBLIC_FIELDS if name in cleaned]:
            text = cleaned[name].strip()
            original = getattr(self.instance, name.removeprefix("public_")).strip()
            if shown.get(name) == _digest(text):
                cleaned[name] = getattr(self.instance, name)  # left as it was shown
            elif text == original:
                cleaned[name] = ""  # as the author wrote it
            elif not text and original:
                self.add_error(
                    name,
                    _(
                        "An answer is published in full, redacted, or with a note in its "
                        "place, such as “(left out by the moderator)”: it cannot be empty."
                    ),
                )
        if self.decision:
            try:
                services.check_decidable(self.instance, approve=self.decision == "approve")
            except services.NotAwaitingModeration:
                raise forms.ValidationError(
                    _("Only a submitted reflection can be approved or rejected.")
                ) from None
            except services.NoConsent:
                raise forms.ValidationError(
                    _("The author has not agreed to publication.")
                ) from None
        if self.decision == "reject" and not cleaned.get("decision_reason", "").strip():
            self.add_error(
                "decision_reason",
                _("Give the reason for the rejection: the author will receive it."),
            )
        return cleaned


@admin.register(Reflection)
class ReflectionAdmin(HistoryAdmin):
    form = ModerationForm
    list_display = ["__str__", "roundtable", "status", "language", "submitted_at", "decided_by"]
    list_filter = ["status", "language", "participant__roundtable"]
    list_select_related = ["decided_by"]
    search_fields = ["meaning", "engagement", "results", "benefits", "participant__name"]
    date_hierarchy = "submitted_at"
    actions = ["approve_selected"]
    change_form_template = "admin/reflections/reflection/change_form.html"
    readonly_fields = [
        "participant",
        "status",
        "submitted_at",
        "original_text",
        "related_action_list",
        "language",
        "attribution",
        "consent",
        "decided_at",
        "decided_by",
    ]
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "participant",
                    "status",
                    "submitted_at",
                    "language",
                    "attribution",
                    "consent",
                ]
            },
        ),
        (_("What the author wrote"), {"fields": ["original_text", "related_action_list"]}),
        (
            _("What the public reads"),
            {
                "fields": [*PUBLIC_FIELDS, "seen_version", "shown"],
                "description": _(
                    "Each text starts as the author wrote it: redact it here if need be. The "
                    "author's original stays as it is, and their page will say that it was "
                    "edited."
                ),
            },
        ),
        (_("Decision"), {"fields": ["decision_reason", "decided_at", "decided_by"]}),
    ]

    def get_queryset(self, request):
        # Each reflection is named by its author, on every page that lists reflections (the
        # autocomplete of findings' sources included).
        return super().get_queryset(request).with_related()

    def has_add_permission(self, request):
        return False  # reflections come from their authors

    def revert_disabled(self, request, obj=None):
        return True  # a decision is taken by approving or rejecting, never by reverting

    @admin.display(description=_("round-table"), ordering="participant__roundtable")
    def roundtable(self, obj):
        return obj.participant.roundtable

    @admin.display(description=_("answers"))
    def original_text(self, obj):
        return (
            format_html_join(
                "",
                '<p><strong>{}</strong></p><p style="white-space: pre-line" dir="auto">{}</p>',
                obj.answers,
            )
            or "—"
        )

    @admin.display(description=_("related Actions"))
    def related_action_list(self, obj):
        return ", ".join(action.title for action in obj.related_actions.all()) or "—"

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        decision = (
            "approve"
            if "_approve" in request.POST
            else "reject"
            if "_reject" in request.POST
            else None
        )
        return type(form.__name__, (form,), {"decision": decision})

    def save_model(self, request, obj, form, change):
        if not form.decision:
            self._save_moderators_texts(obj)
            return
        try:
            services.decide(
                obj,
                approve=form.decision == "approve",
                by=request.user,
                site_url=services.site_url_of(request),
                reason=form.cleaned_data["decision_reason"],
                public_texts={name: form.cleaned_data[name] for name in PUBLIC_FIELDS},
                version_seen=form.cleaned_data["seen_version"],
            )
        except services.EditConflict:
            # Nothing is decided, but what the moderator typed is kept for the second reading.
            self._save_moderators_texts(obj)
            self.message_user(
                request,
                _(
                    "The author changed this reflection while you were reading it. Your "
                    "redactions and reason are saved; read it again before you decide."
                ),
                messages.ERROR,
            )
        except services.NotAwaitingModeration:
            self.message_user(
                request, _("Someone else has already decided on this reflection."), messages.ERROR
            )
        else:
            obj.refresh_from_db()

    @staticmethod
    def _save_moderators_texts(reflection):
        reflection.save(update_fields=[*PUBLIC_FIELDS, "decision_reason", "updated_at"])

    def response_change(self, request, obj):
        if "_approve" not in request.POST and "_reject" not in request.POST:
            return super().response_change(request, obj)
        if obj.status == Reflection.Status.SUBMITTED:
            # Nothing was decided; save_model has said why. Back to the reflection.
            return HttpResponseRedirect(request.path)
        self.message_user(
            request,
            _("%(reflection)s: %(status)s. The author has been told by e-mail.")
            % {"reflection": obj, "status": obj.get_status_display().lower()},
            messages.SUCCESS,
        )
        following = ReflectionAwaitingModeration.objects.awaiting_moderation().first()
        if following:
            return HttpResponseRedirect(
                reverse(
                    "admin:reflections_reflectionawaitingmoderation_change", args=[following.pk]
                )
            )
        return HttpResponseRedirect(reverse("admin:reflections_reflection_changelist"))

    @admin.action(description=_("Approve the selected reflections"), permissions=["change"])
    def approve_selected(self, request, queryset):
        approved = skipped = 0
        for reflection in queryset:
            try:
                services.decide(
                    reflection,
                    approve=True,
                    by=request.user,
                    site_url=services.site_url_of(request),
                )
            except (services.NotAwaitingModeration, services.NoConsent, services.EditConflict):
                skipped += 1  # not submitted, without consent, or changed meanwhile
                continue
            approved += 1
        self.message_user(
            request,
            ngettext("%(count)d reflection approved.", "%(count)d reflections approved.", approved)
            % {"count": approved},
        )
        if skipped:
            self.message_user(
                request,
                ngettext(
                    "%(count)d was skipped: only submitted reflections with the author's "
                    "consent can be approved.",
                    "%(count)d were skipped: only submitted reflections with the author's "
                    "consent can be approved.",
                    skipped,
                )
                % {"count": skipped},
                messages.WARNING,
            )


@admin.register(ReflectionAwaitingModeration)
class ModerationQueueAdmin(ReflectionAdmin):
    """The queue: what is waiting, oldest first. Opening one shows the moderation form."""

    list_display = ["__str__", "roundtable", "submitted_at", "waiting", "language", "consent"]
    list_filter = ["language", "participant__roundtable"]
    date_hierarchy = None

    def get_queryset(self, request):
        return super().get_queryset(request).awaiting_moderation()

    def get_actions(self, request):
        # A reflection in the queue is approved or rejected, with a word to its author; it is
        # never deleted from here.
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)
        return actions

    def history_view(self, request, object_id, extra_context=None):
        # The history is kept on the reflection itself.
        return HttpResponseRedirect(
            reverse("admin:reflections_reflection_history", args=[object_id])
        )

    @admin.display(description=_("waiting for"), ordering="submitted_at")
    def waiting(self, obj):
        return timesince(obj.submitted_at) if obj.submitted_at else "—"
