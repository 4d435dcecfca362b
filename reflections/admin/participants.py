"""Participants in the admin: their personal links, invitations to reflect, import and export."""

from django.contrib import admin, messages
from django.db.models import Max, Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django_countries.filters import CountryFilter

from core.admin import HistoryAdmin, ImportExportAdmin
from roundtables.models import Participant, RoundTable
from roundtables.resources import ParticipantResource, ParticipantResourceWithoutEmail

from .. import services
from ..models import Invitation


class InvitationInline(admin.TabularInline):
    model = Invitation
    extra = 0
    can_delete = False
    fields = ["created_at", "created_by", "expires_at", "revoked_at", "last_used_at"]
    readonly_fields = fields
    verbose_name_plural = _("personal links (newest first)")

    def get_queryset(self, request):
        return (
            super().get_queryset(request).select_related("created_by", "participant__institution")
        )

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Participant)
class ParticipantAdmin(ImportExportAdmin, HistoryAdmin):
    resource_classes = [ParticipantResource]
    list_display = [
        "__str__",
        "roundtable",
        "role",
        "country",
        "institution",
        "email",
        "link",
        "reflection_status",
    ]
    list_filter = ["roundtable", "role", ("country", CountryFilter), "reflection__status"]
    list_select_related = ["roundtable", "institution", "reflection"]
    search_fields = ["name", "position", "email", "institution__name", "institution__acronym"]
    autocomplete_fields = ["roundtable", "institution"]
    inlines = [InvitationInline]
    actions = ["send_invitations", "revoke_links"]

    # Viewers see participants without their e-mail addresses: not in the list, the search, the
    # form, the history or the export.

    def hidden_fields(self, request):
        return frozenset() if Participant.emails_visible_to(request.user) else frozenset({"email"})

    def get_list_display(self, request):
        hidden = self.hidden_fields(request)
        return [name for name in super().get_list_display(request) if name not in hidden]

    def get_search_fields(self, request):
        hidden = self.hidden_fields(request)
        return [name for name in super().get_search_fields(request) if name not in hidden]

    def get_export_resource_classes(self, request):
        if self.hidden_fields(request):
            return [ParticipantResourceWithoutEmail]
        return super().get_export_resource_classes(request)

    def get_queryset(self, request):
        active = Q(invitations__revoked_at__isnull=True, invitations__expires_at__gt=timezone.now())
        return (
            super()
            .get_queryset(request)
            .annotate(link_expires_at=Max("invitations__expires_at", filter=active))
        )

    @admin.display(description=_("personal link"), ordering="link_expires_at")
    def link(self, obj):
        if obj.link_expires_at:
            return _("valid until %(date)s") % {"date": date_format(obj.link_expires_at)}
        return "—"

    @admin.display(description=_("reflection"), ordering="reflection__status")
    def reflection_status(self, obj):
        reflection = getattr(obj, "reflection", None)
        return reflection.get_status_display() if reflection else "—"

    @admin.action(
        description=_("Send a personal link to write a reflection"), permissions=["change"]
    )
    def send_invitations(self, request, queryset):
        # Staff chose these participants: a link they already have is replaced by a new one.
        chosen = list(services.participants_to_invite(queryset, resend=True))
        site_url = services.site_url_of(request)
        for participant in chosen:
            services.send_invitation(participant, site_url=site_url, by=request.user)
        sent = len(chosen)
        with_email = queryset.exclude(email="")
        skipped = queryset.filter(email="").count()
        held = Q(roundtable__status=RoundTable.Status.HELD)
        not_held = with_email.exclude(held).count()
        reflected = with_email.filter(held, reflection__status__in=services.REFLECTED).count()
        self.message_user(
            request,
            ngettext(
                "A personal link was sent to %(count)d participant.",
                "Personal links were sent to %(count)d participants.",
                sent,
            )
            % {"count": sent},
            messages.SUCCESS if sent else messages.WARNING,
        )
        if skipped:
            self.message_user(
                request,
                ngettext(
                    "%(count)d participant has no e-mail address and was skipped.",
                    "%(count)d participants have no e-mail address and were skipped.",
                    skipped,
                )
                % {"count": skipped},
                messages.WARNING,
            )
        if not_held:
            self.message_user(
                request,
                ngettext(
                    "%(count)d participant was not invited: their round-table has not been held, "
                    "and participants reflect on a round-table once it has taken place.",
                    "%(count)d participants were not invited: their round-table has not been held, "
                    "and participants reflect on a round-table once it has taken place.",
                    not_held,
                )
                % {"count": not_held},
                messages.WARNING,
            )

        if reflected:
            self.message_user(
                request,
                ngettext(
                    "%(count)d participant has sent a reflection and was not invited again.",
                    "%(count)d participants have sent a reflection and were not invited again.",
                    reflected,
                )
                % {"count": reflected},
                messages.WARNING,
            )

    @admin.action(description=_("Revoke their personal links"), permissions=["change"])
    def revoke_links(self, request, queryset):
        count = services.revoke_invitations(queryset)
        self.message_user(
            request,
            ngettext("%(count)d link revoked.", "%(count)d links revoked.", count)
            % {"count": count},
        )
