from functools import wraps


def cache_public_page(view, *, params=()):
    """Let the page cache serve ``view`` to anonymous visitors (see ``pagecache.middleware``).

    Only addresses whose query string uses ``params``, once each, are cached; any other
    (``?preview``, or made-up parameters) is served fresh, so that the cache cannot be filled
    with variants. A response the view marks private (for instance for invalid filters) is
    not stored either.
    """

    @wraps(view)
    def public_page(request, *args, **kwargs):
        return view(request, *args, **kwargs)

    public_page.page_cache_params = frozenset(params)
    return public_page
