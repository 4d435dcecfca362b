"""The link to the good-practices compendium, for the pages that lead to it."""

from django import template
from django.utils.translation import get_language

from opendata.compendium import store

register = template.Library()


@register.inclusion_tag("opendata/compendium/link.html")
def compendium_link():
    """A link to the compendium in the page's language, with its pages and size once it is
    built for the current content (it is built in the background after changes)."""
    return {"book": store.current(get_language())}
