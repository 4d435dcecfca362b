"""schema.org JSON-LD for the pages' <head> (see ``pages.structured_data``)."""

from django import template

from pages import structured_data

register = template.Library()


@register.filter
def json_ld(data):
    """``data`` (a dict) as a JSON-LD element."""
    return structured_data.json_ld(data)


@register.simple_tag(takes_context=True)
def roundtable_event(context, roundtable):
    """The round-table as a schema.org Event, for its own page (at ``canonical_url``)."""
    return structured_data.json_ld(
        structured_data.roundtable_event(roundtable, url=context["canonical_url"])
    )
