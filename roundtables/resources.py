"""Spreadsheet import and export of participants, matched on round-table and e-mail address."""

from import_export import fields

from actions.models import Institution
from actions.resources import StrictResource
from core.resources import CountryWidget, EmailWidget, NaturalKeyWidget

from .models import Participant, RoundTable


class ParticipantResource(StrictResource):
    roundtable = fields.Field(
        attribute="roundtable",
        column_name="roundtable",
        widget=NaturalKeyWidget(RoundTable, "slug"),
    )
    email = fields.Field(attribute="email", column_name="email", widget=EmailWidget())
    institution = fields.Field(
        attribute="institution",
        column_name="institution",
        widget=NaturalKeyWidget(Institution, "slug"),
    )
    country = fields.Field(attribute="country", column_name="country", widget=CountryWidget())

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
