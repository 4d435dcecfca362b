from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MailerConfig(AppConfig):
    name = "mailer"
    verbose_name = _("Outgoing e-mail")

    def ready(self):
        from django.core.signals import request_finished, request_started

        from . import services

        request_started.connect(services.request_started, dispatch_uid="mailer-started")
        request_finished.connect(services.flush_after_response, dispatch_uid="mailer-flush")
