"""Parts of pages rendered once and reused.

- ``{% shared "includes/footer.html" %}``: the page chrome (head links, menu, footer, the data
  dictionary) shows no content, only links and the interface's words, so it is the same on
  every page of a language and section until the next release. It is rendered once per
  process instead of resolving a dozen addresses and static files on every page.
- ``{% per_content_version "actions:filters" key %}…{% end_per_content_version %}``: what many
  pages show the same way until content changes (a list's filter form, for the same choices
  made) is rendered once per content version and language (``pagecache.shared``), and what it
  read counts as read by each page that shows it. A key of None (a form with errors, which
  are the visitor's own) renders the part each time.
- ``{% include_each "includes/action_card.html" actions item="action" level=3 %}``: an
  include for each object of a list, rendered with the object and the values given alone, and
  kept per content version, language and object (``pagecache.shared_each``): the same Action's
  card on the list and on its countries' pages is rendered once.

The last two keep what everyone sees: for a signed-in user (staff previewing drafts) the parts
are rendered each time, never kept.
"""

from functools import lru_cache

from django import template
from django.conf import settings
from django.template.loader import get_template, render_to_string
from django.urls import get_script_prefix, get_urlconf
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from pagecache.shared import shared as shared_value
from pagecache.shared import shared_each

register = template.Library()


@register.simple_tag
def shared(template_name, **values):
    """``template_name`` rendered with ``values`` alone (strings, such as the section), once
    per language, address prefix and values (each time while templates may change, in
    development)."""
    if settings.DEBUG:
        return mark_safe(render_to_string(template_name, values).strip())
    return _render(
        template_name, get_language(), get_script_prefix(), get_urlconf(), tuple(values.items())
    )


@lru_cache(maxsize=512)
def _render(template_name, language, prefix, urlconf, values):
    return mark_safe(render_to_string(template_name, dict(values)).strip())


@register.tag
def per_content_version(parser, token):
    name, *keys = token.split_contents()[1:]
    nodelist = parser.parse(("end_per_content_version",))
    parser.delete_first_token()
    return PerContentVersionNode(
        parser.compile_filter(name), [parser.compile_filter(key) for key in keys], nodelist
    )


class PerContentVersionNode(template.Node):
    def __init__(self, name, keys, nodelist):
        self.name, self.keys, self.nodelist = name, keys, nodelist

    def render(self, context):
        keys = [key.resolve(context) for key in self.keys]
        if any(key is None for key in keys) or not _for_everyone(context):
            return self.nodelist.render(context)
        name = ":".join(map(str, ["fragment", self.name.resolve(context), *keys]))
        html = shared_value(name, lambda: self.nodelist.render(context), per_language=True)
        return mark_safe(html)


@register.simple_tag(takes_context=True)
def include_each(context, template_name, objects, item, **values):
    """``template_name`` for each of ``objects`` (named ``item`` in it), one after the other."""
    include = get_template(template_name)

    def render(each):
        return include.render({item: each, **values})

    if not _for_everyone(context):
        return mark_safe("".join(map(render, objects)))
    label = ":".join([template_name, *(f"{k}={v}" for k, v in sorted(values.items()))])
    return mark_safe("".join(shared_each(f"include:{label}", objects, render)))


def _for_everyone(context) -> bool:
    """Whether the page is the one every visitor gets: not a signed-in user's."""
    request = context.get("request")
    user = getattr(request, "user", None)
    return request is not None and not (user is not None and user.is_authenticated)
