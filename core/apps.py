from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = _("Core")

    def ready(self):
        from django.core.signals import request_finished, request_started

        from . import after_response

        request_started.connect(after_response.request_started, dispatch_uid="core-started")
        request_finished.connect(after_response.request_finished, dispatch_uid="core-finished")
