"""Spreadsheet import and export of participants, matched on round-table and e-mail address,
and of outcomes with the round-tables where they were reported."""

from django.utils.translation import pgettext
from import_export import fields

from actions.resources import OutcomeResource as ActionsOutcomeResource
from core.resources import EmailWidget, NaturalKeysWidget, StrictResource

from .models import Participant, RoundTable, report_outcome_at


class ReportedAtField(fields.Field):
    """The round-tables where an outcome was reported, as their slugs; written from each
    round-table's side, so that its history records the change."""

    def save(self, instance, row, is_m2m=False, **kwargs):
        report_outcome_at(
            instance,
            self.clean(row, **kwargs),
            reason=pgettext("history", "Imported from a spreadsheet"),
        )


class OutcomeResource(ActionsOutcomeResource):
    reported_at = ReportedAtField(
        attribute="reported_at",
        column_name="reported_at",
        widget=NaturalKeysWidget(RoundTable, field="slug"),
    )

    class Meta(ActionsOutcomeResource.Meta):
        fields = [*ActionsOutcomeResource.Meta.fields, "reported_at"]


PARTICIPANT_COLUMNS = [
    "roundtable",
    "email",
    "name",
    "position",
    "institution",
    "country",
    "role",
    "stands_for_several",
    "attribution",
    "language",
]


class ParticipantResource(StrictResource):
    email = fields.Field(attribute="email", column_name="email", widget=EmailWidget())

    class Meta(StrictResource.Meta):
        model = Participant
        import_id_fields = ["roundtable", "email"]
        fields = PARTICIPANT_COLUMNS


class ParticipantResourceWithoutEmail(StrictResource):
    """The participants for staff who may not see their e-mail addresses (export only)."""

    class Meta(StrictResource.Meta):
        model = Participant
        fields = [name for name in PARTICIPANT_COLUMNS if name != "email"]
