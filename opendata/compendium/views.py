from django.http import HttpResponse
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.http import http_date
from django.utils.translation import get_language
from django.views import View

from . import store


class CompendiumView(View):
    """The good-practices compendium as a PDF, in the language of the address.

    Browsers ask again on each visit (``no-cache``) and are answered "not modified", without
    the PDF being read from the cache, while the book they have is the current one.
    """

    def get(self, request):
        language = get_language()
        edition = store.current(language)
        if edition is not None:
            not_modified = _conditional(request, edition, HttpResponse())
            if not_modified.status_code == 304:
                return not_modified
        edition, pdf = store.pdf_of(language)
        response = HttpResponse(pdf, content_type="application/pdf")
        response["Content-Length"] = len(pdf)
        return _conditional(request, edition, response)


def _conditional(request, edition, response):
    response["Content-Disposition"] = f'inline; filename="{edition.filename}"'
    response["ETag"] = f'"{edition.etag}"'
    response["Last-Modified"] = http_date(edition.built_at.timestamp())
    patch_cache_control(response, public=True, no_cache=True)
    return get_conditional_response(
        request,
        etag=response["ETag"],
        last_modified=int(edition.built_at.timestamp()),
        response=response,
    )
