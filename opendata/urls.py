"""Open data in each language: the downloads page, the tour's calendar, the compendium.

The API (``opendata.api``) has one address for all languages: each of its records carries
every language's text.
"""

from .compendium.urls import urlpatterns as compendium
from .downloads.urls import urlpatterns as downloads

urlpatterns = [*downloads, *compendium]
