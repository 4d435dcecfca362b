from django.contrib import admin
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

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
    readonly_fields = [field.name for field in OutboundEmail._meta.fields]
    actions = ["retry_now"]

    def has_add_permission(self, request):
        return False

    @admin.action(description=_("Retry the selected e-mails now"), permissions=["change"])
    def retry_now(self, request, queryset):
        count = queryset.exclude(status=OutboundEmail.Status.SENT).update(
            status=OutboundEmail.Status.QUEUED, next_attempt_at=timezone.now()
        )
        self.message_user(
            request, _("%(count)d e-mails will be sent again shortly.") % {"count": count}
        )
