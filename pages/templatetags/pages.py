"""Template tags and filters used across the public pages."""

from collections import Counter

from django import template
from django.conf import settings
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.translation import gettext as _

from core import countries as country_names
from core.addresses import address
from core.translation import translated
from pages import countries as country_helpers
from pages import text as text_helpers

register = template.Library()


def in_english(text) -> str:
    """English text on a page in another language: marked for screen readers and readers."""
    return format_html(
        '<span lang="{}">{}</span> <span class="translation-note">{}</span>',
        settings.LANGUAGE_CODE,
        text,
        _("(in English)"),
    )


@register.simple_tag
def tr(obj, field):
    """``obj.field`` in the page's language; where it is not translated yet, the English text,
    marked as such (never an empty heading)."""
    text, fallback = translated(obj, field)
    return in_english(text) if fallback else text


@register.simple_tag
def tr_lines(obj, field):
    """The lines of ``obj.field`` (one fact per line), as ``tr`` gives the text."""
    text, fallback = translated(obj, field)
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    return [in_english(line) for line in lines] if fallback else lines


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


@register.simple_tag(takes_context=True)
def document_title(context, what=None):
    """The page's <title>: what it shows, the section of the site it is in, then the site, each
    after a dash ("Mexico II – Actions – MIEUX Regional Round-tables"). What it shows is
    ``page_title`` (or ``what``), with the page number of a list past its first page, after
    "Error: " when the page refuses what was sent (``title_error``); the section is
    ``title_section``, none on a section's own index."""
    what = context.get("page_title", "") if what is None else what
    page = context.get("page_obj")
    if what and page is not None and page.number > 1:
        what = _("%(title)s, page %(number)s") % {"title": what, "number": page.number}
    if what and context.get("title_error"):
        what = _("Error: %(title)s") % {"title": what}
    parts = [what, context.get("title_section", ""), _("MIEUX Regional Round-tables")]
    return " – ".join(str(part) for part in parts if part)


@register.filter
def with_headings(reflections, show_roundtable=False):
    """(reflection, heading) for each of ``reflections``: who wrote it, as they chose to be
    shown; where the same words would head several on the page (two delegates of one country,
    two anonymous authors), with a number that tells them apart. With ``show_roundtable``, the
    heading names the round-table too, so only authors of the same one are numbered."""
    signed = [(reflection, reflection.public_attribution) for reflection in reflections]
    keys = [
        (who, reflection.participant.roundtable_id if show_roundtable else None)
        for reflection, who in signed
    ]
    total, seen = Counter(keys), Counter()
    headed = []
    for (reflection, who), key in zip(signed, keys, strict=True):
        if total[key] > 1:
            seen[key] += 1
            who = _("%(who)s (reflection %(number)s of %(total)s)") % {
                "who": who,
                "number": seen[key],
                "total": total[key],
            }
        headed.append((reflection, who))
    return headed


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
    return country_names.sorted_by_name(countries)


@register.filter
def country_name(country):
    return country_names.country_name(country)


# Small snippets used in loops are tags rather than included templates: the same HTML, a
# tenth of the rendering time.


@register.simple_tag
def flag(country):
    """A country's flag, as decoration beside its name."""
    return format_html(
        '<img class="flag" src="{}" alt="" width="16" height="12">',
        country_helpers.flag_url(country.code),
    )


@register.simple_tag
def country_link(country):
    """A country with its flag, linked to its page."""
    code = country.code
    return format_html(
        '<a href="{}">{}{}</a>',
        address("countries:detail", code=code.lower()),
        flag(country),
        country_names.country_name(code),
    )


@register.simple_tag
def country_flag(country):
    """A country's name with its flag, unlinked."""
    return format_html("{}{}", flag(country), country_names.country_name(country.code))


ROUNDTABLE_BADGES = {"held": "text-bg-primary", "planned": "text-bg-warning"}
OUTCOME_BADGES = {"achieved": "text-bg-success", "in_progress": "text-bg-info"}
ACTION_BADGES = {"completed": "text-bg-secondary"}


def _badge(css_class, label):
    return format_html('<span class="badge status-badge {}">{}</span>', css_class, label)


@register.simple_tag
def roundtable_status(roundtable):
    css = ROUNDTABLE_BADGES.get(roundtable.status, "text-bg-secondary")
    return _badge(css, roundtable.get_status_display())


@register.simple_tag
def outcome_status(outcome):
    return _badge(
        OUTCOME_BADGES.get(outcome.status, "text-bg-warning"), outcome.get_status_display()
    )


@register.simple_tag
def action_status(action):
    return _badge(ACTION_BADGES.get(action.status, "text-bg-success"), action.get_status_display())


@register.simple_tag
def roundtable_when(roundtable):
    """The dates of a round-table, in a <time> element when exact, flagged when approximate."""
    if roundtable.approximate_date:
        wording, fallback = translated(roundtable, "approximate_date")
        return format_html(
            '{} <span class="badge rounded-pill text-bg-light border">{}</span>',
            in_english(wording) if fallback else wording,
            _("approximate date"),
        )
    if roundtable.machine_date:
        return format_html(
            '<time datetime="{}">{}</time>', roundtable.machine_date, roundtable.when
        )
    return format_html("{}", roundtable.when)


@register.simple_tag
def action_dates(action):
    """An Action's duration: "December 2009 – May 2012"."""
    start = format_html(
        '<time datetime="{}">{}</time>',
        action.start_date.strftime("%Y-%m"),
        date_format(action.start_date, "YEAR_MONTH_FORMAT"),
    )
    if action.end_date:
        end = format_html(
            '<time datetime="{}">{}</time>',
            action.end_date.strftime("%Y-%m"),
            date_format(action.end_date, "YEAR_MONTH_FORMAT"),
        )
    elif action.status == "ongoing":
        end = _("ongoing")
    else:
        end = _("end month unknown")
    return format_html("{} – {}", start, end)
