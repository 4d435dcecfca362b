"""The terms of the open data, the same for the API, the downloads and the book.

CC BY 4.0 is the licence the European Commission adopted for the reuse of its documents
(Commission Decision C(2019) 1655, implementing its reuse policy, Decision 2011/833/EU).
"""

from django.utils.translation import gettext_lazy as _

LICENCE_URL = "https://creativecommons.org/licenses/by/4.0/"
LICENCE_ID = "CC-BY-4.0"
LICENCE_TITLE = "Creative Commons Attribution 4.0 International (CC BY 4.0)"
REUSE_DECISION_URL = "https://eur-lex.europa.eu/eli/dec/2011/833/oj"

# How to credit the data, wherever it is reused.
CREDIT = _(
    "MIEUX Regional Round-tables, open data. International Centre for Migration Policy "
    "Development (ICMPD), MIEUX programme, funded by the European Union."
)
