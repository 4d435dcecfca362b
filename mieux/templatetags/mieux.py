"""Template tags and filters used across the public pages."""

from django import template

from mieux import text as text_helpers

register = template.Library()


@register.simple_tag(takes_context=True)
def query_with(context, **changes):
    """The current query string with ``changes`` applied (a value of None removes the key)."""
    query = context["request"].GET.copy()
    for key, value in changes.items():
        if value is None:
            query.pop(key, None)
        else:
            query[key] = value
    return query.urlencode()


@register.filter
def elided_range(paginator, number):
    return paginator.get_elided_page_range(number, on_each_side=2, on_ends=1)


@register.filter
def highlight(text, terms):
    """Escape ``text`` and mark the words that start with one of ``terms``."""
    return text_helpers.highlight(text, terms)


@register.filter
def sorted_by_name(countries):
    """Countries in the order of their names in the current language."""
    return sorted(countries, key=lambda country: str(country.name))
