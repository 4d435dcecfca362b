"""Spreadsheet import and export of participants, matched on round-table and e-mail address,
and of outcomes with the round-tables where they were reported."""

from import_export import fields

from actions.resources import OutcomeResource as ActionsOutcomeResource
from core.history import IMPORT_REASON, record_versions
from core.resources import EmailWidget, NaturalKeysWidget, StrictResource

from .models import Participant, RoundTable


class OutcomeResource(ActionsOutcomeResource):
    """Outcomes, with the round-tables where each was reported (as their slugs). The change is
    recorded in the history of each round-table whose outcomes it changes."""

    reported_at = fields.Field(
        attribute="reported_at",
        column_name="reported_at",
        widget=NaturalKeysWidget(RoundTable, field="slug"),
    )

    class Meta(ActionsOutcomeResource.Meta):
        fields = [*ActionsOutcomeResource.Meta.fields, "reported_at"]

    def record_history(self, *, user):
        super().record_history(user=user)
        record_versions(
            RoundTable.objects.filter(pk__in=self.links.changed("reported_at")),
            created=False,
            reason=str(IMPORT_REASON),
            user=user,
        )


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
