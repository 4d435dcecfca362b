"""Spreadsheet import and export of participants, matched on round-table and e-mail address."""

from import_export import fields

from core.resources import EmailWidget, StrictResource

from .models import Participant


class ParticipantResource(StrictResource):
    email = fields.Field(attribute="email", column_name="email", widget=EmailWidget())

    class Meta(StrictResource.Meta):
        model = Participant
        import_id_fields = ["roundtable", "email"]
        fields = [
            "roundtable",
            "email",
            "name",
            "position",
            "institution",
            "country",
            "role",
            "attribution",
            "language",
        ]
