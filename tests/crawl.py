"""Every public page a visitor or a search engine can reach, for checks that hold on all."""

import html
import re

from django.urls import Resolver404, resolve

# The paths of a sitemap's addresses (of a page, or of the sitemaps an index lists).
ADDRESSES = re.compile(r"<loc>https?://[^/<]+(/[^<]*)</loc>")


def crawl_public_pages(client, per_view=3) -> dict[str, str]:
    """{address: HTML} of the cached public pages reachable from the home page and the
    sitemap, up to ``per_view`` of each view (every page with a large ``per_view``)."""
    pages, visits, queue = {}, {}, ["/", "/sitemap.xml"]
    while queue:
        url = queue.pop(0)
        try:
            match = resolve(url.split("?")[0])
        except Resolver404:
            continue
        view = match.view_name, match.kwargs.get("section")  # each sitemap is a view of its own
        if url in pages or getattr(match.func, "page_cache_params", None) is None:
            continue
        if visits.get(view, 0) >= per_view:
            continue
        visits[view] = visits.get(view, 0) + 1
        response = client.get(url)
        assert response.status_code == 200, url
        pages[url] = text = response.content.decode()
        links = re.findall(r'href="(/[^"#]*)', text) + ADDRESSES.findall(text)
        queue.extend(html.unescape(link) for link in links)
    return pages


def full_sitemap(client) -> str:
    """The sitemap index and every page of every sitemap it lists, one after the other."""
    index = client.get("/sitemap.xml").content.decode()
    return index + "".join(
        client.get(html.unescape(address)).content.decode() for address in ADDRESSES.findall(index)
    )
