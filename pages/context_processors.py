from django.conf import settings
from django.utils.translation import get_language, get_language_from_path


def page(request):
    """The page's addresses, and the section of the site it belongs to (for the menu).

    - ``canonical_url``: the page's absolute address, with the page number of a paginated list;
    - ``alternates``: (hreflang, absolute address) of the same page in each language, and
      ``x-default`` (the English), for <link rel="alternate">;
    - ``language_links``: (language code, address) of the same page in each language, query
      string kept, for the language switcher.
    Only pages that exist in every language have alternates (not a "page not found").
    """
    match = request.resolver_match
    section = (match.namespace or match.url_name) if match else ""
    path = request.path_info
    current = get_language_from_path(path)
    if current:
        path = path[len(current) + 1 :]
    number = request.GET.get("page")
    page_query = f"?page={number}" if number and number.isdigit() and number != "1" else ""

    def address(language):
        return path if language == settings.LANGUAGE_CODE else f"/{language}{path}"

    languages = [code for code, _name in settings.LANGUAGES]
    query = request.META.get("QUERY_STRING", "")
    alternates = [(code, address(code)) for code in languages]
    alternates.append(("x-default", address(settings.LANGUAGE_CODE)))
    return {
        "canonical_url": request.build_absolute_uri(address(get_language()) + page_query),
        "section": section,
        "alternates": [
            (code, request.build_absolute_uri(url + page_query)) for code, url in alternates
        ]
        if match
        else [],
        "language_links": [
            (code, address(code) + (f"?{query}" if query else "")) for code in languages
        ],
    }
