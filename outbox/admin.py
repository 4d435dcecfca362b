from django.contrib import admin
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from .models import OutboundEmail


@admin.register(OutboundEmail)
class OutboundEmailAdmin(admin.ModelAdmin):
    list_display = [
        "subject",
        "to",
        "status",
        "attempts",
        "created_at",
        "sent_at",
        "next_attempt_at",
    ]
    list_filter = ["status"]
    search_fields = ["to", "subject"]
    date_hierarchy = "created_at"
    # The text is never shown: it may hold a participant's personal link.
    fields = [
        "to",
        "subject",
        "status",
        "attempts",
        "last_error",
        "created_at",
        "next_attempt_at",
        "claimed_at",
        "sent_at",
        "key",
    ]
    readonly_fields = fields
    actions = ["retry_now"]

    def has_add_permission(self, request):
        return False

    @admin.action(description=_("Try the selected failed e-mails again"), permissions=["change"])
    def retry_now(self, request, queryset):
        count = queryset.filter(status=OutboundEmail.Status.FAILED).update(
            status=OutboundEmail.Status.QUEUED, next_attempt_at=timezone.now()
        )
        self.message_user(
            request,
            ngettext(
                "%(count)d e-mail will be tried again within a minute.",
                "%(count)d e-mails will be tried again within a minute.",
                count,
            )
            % {"count": count},
        )
