"""A sitemap's addresses written in one pass (``templates/pages/sitemap.xml``)."""

from html import escape

from django import template
from django.utils.safestring import mark_safe
from django.utils.timezone import template_localtime

register = template.Library()


@register.simple_tag
def sitemap_urls(urlset):
    """What Django's ``sitemap.xml`` writes for each address, in the same bytes, without its
    template's loops (three quarters of a sitemap's rendering at 300 addresses)."""
    return mark_safe("".join(f"<url>{_url(url)}</url>" for url in urlset))  # each value escaped


def _url(url) -> str:
    parts = [f"<loc>{escape(url['location'])}</loc>"]
    if url["lastmod"]:
        parts.append(f"<lastmod>{template_localtime(url['lastmod']):%Y-%m-%d}</lastmod>")
    if url["changefreq"]:
        parts.append(f"<changefreq>{escape(url['changefreq'])}</changefreq>")
    if url["priority"]:
        parts.append(f"<priority>{escape(url['priority'])}</priority>")
    parts.extend(
        f'<xhtml:link rel="alternate" hreflang="{escape(link["lang_code"])}"'
        f' href="{escape(link["location"])}"/>'
        for link in url["alternates"]
    )
    return "".join(parts)
