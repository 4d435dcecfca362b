"""The downloads (/data/) and the tour's calendar (/roundtables/calendar.ics), in each language.

Each is cached whole for anonymous visitors, as the public pages are, and rebuilt on the first
request after any change to the content.
"""

from django.urls import include, path

from pagecache.decorators import cache_public_page as public

from ..calendar import calendar
from .views import DownloadsView, datapackage, dataset_file

data_patterns = [
    path("data/", public(DownloadsView.as_view()), name="index"),
    # Before the datasets' files, as its name would match theirs.
    path("data/datapackage.json", public(datapackage), name="datapackage"),
    path("data/<slug:name>.csv", public(dataset_file), {"format": "csv"}, name="csv"),
    path("data/<slug:name>.json", public(dataset_file), {"format": "json"}, name="json"),
    path("roundtables/calendar.ics", public(calendar), name="calendar"),
]

urlpatterns = [path("", include((data_patterns, "data")))]
