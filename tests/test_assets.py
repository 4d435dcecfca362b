"""The stylesheet: small, and holding a rule for every class the public pages may write.

static/build/css/site.css is the parts of Bootstrap the site uses, trimmed by PurgeCSS to the
rules whose classes the templates, scripts and Python name, then the site's own rules
(assets/build.mjs). These tests read the built file: run `npm run build` after changing a
template's classes.
"""

import re
from pathlib import Path

import pytest
from django.contrib.staticfiles import finders

from pages.templatetags.pages import ACTION_BADGES, OUTCOME_BADGES, ROUNDTABLE_BADGES
from pages.views.places import STATUS_SERIES

ROOT = Path(__file__).resolve().parent.parent

# With the whole of Bootstrap the stylesheet was 239 KB; with the parts the pages use, 55 KB.
MAX_STYLESHEET_BYTES = 60 * 1024

# Classes the pages write that no rule needs.
UNSTYLED = {
    "funding",  # the EU emblem with its statement: a name for tests and readers
    # crispy-forms names each field after its widget, and marks the required ones.
    "textinput",
    "emailinput",
    "textarea",
    "select",
    "checkboxinput",
    "requiredField",
    "asteriskField",
}


@pytest.fixture(scope="module")
def stylesheet():
    path = finders.find("build/css/site.css")
    assert path, "static/build/css/site.css is missing: run `npm run build`"
    return Path(path)


@pytest.fixture(scope="module")
def styled(stylesheet):
    """Every class some rule of the stylesheet selects."""
    css = stylesheet.read_text(encoding="utf-8-sig")
    css = re.sub(r'url\([^)]*\)|"[^"]*"|/\*.*?\*/', "", css, flags=re.S)
    # Class selectors only: not inside a declaration block's values.
    selectors = re.sub(r"\{[^{}]*\}", "{}", css)
    return set(re.findall(r"\.(-?[_a-zA-Z][\w-]*)", selectors))


def test_the_stylesheet_stays_small(stylesheet):
    size = stylesheet.stat().st_size
    assert size <= MAX_STYLESHEET_BYTES, (
        f"site.css is {size:,} bytes, over {MAX_STYLESHEET_BYTES:,}: import only the Bootstrap "
        "parts a page uses (assets/scss/bootstrap-parts.scss)"
    )


def test_the_print_focus_and_forced_colour_rules_are_kept(stylesheet):
    css = stylesheet.read_text(encoding="utf-8-sig")
    assert ".site-header" in css.split("@media print")[1]
    assert "outline:3px solid var(--site-focus-color)" in css
    assert "@media(forced-colors: active)" in css
    assert "--bs-body-color:" in css.split(":root")[1]  # Bootstrap's custom properties


# --- Classes in the templates and the code ----------------------------------------------------

# The templates of pages that load site.css. Not the admin's (Django's stylesheets), nor the
# documents with a stylesheet of their own (the e-mails, the compendium that WeasyPrint lays
# out) and what extends them.
TEMPLATE_ROOT = ROOT / "templates"
EXTENDS = re.compile(r"""\{% extends ["']([^"']+)["'] %\}""")


def site_templates():
    paths = sorted(TEMPLATE_ROOT.rglob("*.html"))
    text = {path: path.read_text() for path in paths}
    own_styles = {
        path for path in paths if "<html" in text[path] and "build/css/site.css" not in text[path]
    }

    def foreign(path):
        if path in own_styles or path.relative_to(TEMPLATE_ROOT).parts[0] == "admin":
            return True
        parent = EXTENDS.search(text.get(path, ""))  # nothing to follow into another package
        return bool(parent) and foreign(TEMPLATE_ROOT / parent.group(1))

    return [path for path in paths if not foreign(path)]


TEMPLATES = site_templates()
CLASS_ATTRIBUTE = re.compile(r'\bclass="([^"]*)"')
VARIABLE = re.compile(r"\{\{.*?\}\}")
TAG = re.compile(r"\{%.*?%\}")
GLUE = "§"  # what marks a word put together at rendering


def classes_of(attribute):
    """The whole class names in a template's class attribute.

    A word joined to a {{ variable }}, or to words on both sides of a {% tag %}
    ("alert-{% if %}danger"), is put together at rendering: it is not a whole name.
    """
    attribute = VARIABLE.sub(GLUE, attribute)

    def tag(match):
        before = attribute[match.start() - 1 : match.start()]
        after = attribute[match.end() : match.end() + 1]
        glued = before and after and not before.isspace() and not after.isspace()
        return GLUE if glued else " "

    return {word for word in TAG.sub(tag, attribute).split() if GLUE not in word}


def template_classes():
    found = {}
    for path in TEMPLATES:
        for attribute in CLASS_ATTRIBUTE.findall(path.read_text()):
            for name in classes_of(attribute):
                found.setdefault(name, path.relative_to(ROOT).as_posix())
    return found


# Markup written in Python: class="..." in format_html strings, crispy's css_class and the
# widgets' attrs.
PYTHON_CLASSES = re.compile(r"""(?:class=\\?"|css_class=["']|\["class"\] = ")([\w\- ]+)""")
# Scripts: className = "...", classList.add/toggle/remove("...").
SCRIPT_CLASSES = re.compile(r"""(?:className = |classList\.\w+\()["']([\w\- ]+)["']""")


def code_classes():
    found = {}
    python = [
        path
        for path in sorted(ROOT.glob("*/**/*.py"))
        if path.parts[len(ROOT.parts)] not in {".venv", "node_modules", "tests", "bench"}
        and "migrations" not in path.parts
    ]
    for pattern, paths in (
        (PYTHON_CLASSES, python),
        (SCRIPT_CLASSES, sorted((ROOT / "static" / "js").glob("*.js"))),
    ):
        for path in paths:
            for names in pattern.findall(path.read_text()):
                for name in names.split():
                    found.setdefault(name, path.relative_to(ROOT).as_posix())
    return found


def test_the_reading_of_class_attributes():
    assert classes_of("card {% if open %} show{% endif %}") == {"card", "show"}
    assert classes_of("marker{% if planned %} is-planned{% endif %}") == {"marker", "is-planned"}
    assert classes_of("alert alert-{% if error %}danger{% else %}{{ tag }}{% endif %}") == {"alert"}
    assert classes_of("bar-{{ segment.css_class }} chart") == {"chart"}


@pytest.mark.parametrize("source", [template_classes, code_classes], ids=["templates", "code"])
def test_every_class_written_whole_has_a_rule(source, styled):
    missing = {
        name: where
        for name, where in source().items()
        if name not in styled and name not in UNSTYLED
    }
    assert not missing, (
        f"no rule in site.css for {missing}: run `npm run build`, or import the Bootstrap part "
        "(assets/scss/bootstrap-parts.scss)"
    )


def test_classes_put_together_at_rendering_are_kept(styled):
    put_together = {
        # Bootstrap's collapse, opening and closing the phone's menu and the Actions filters.
        "collapse",
        "collapsing",
        "show",
        # templates/includes/messages.html: "alert-" and the message's level.
        *(f"alert-{level}" for level in ("info", "success", "warning", "danger")),
        # The status badges (pages/templatetags/pages.py), the default ones included.
        *ROUNDTABLE_BADGES.values(),
        *OUTCOME_BADGES.values(),
        *ACTION_BADGES.values(),
        "text-bg-secondary",
        "text-bg-success",
        "text-bg-warning",
        # The charts' bars and their key: "bar-" and the series' class (pages/charts.py).
        *(f"bar-{css_class}" for _, css_class in STATUS_SERIES),
        *(css_class for _, css_class in STATUS_SERIES),
    }
    assert put_together - styled == set()


# --- Classes on the rendered pages -----------------------------------------------------------

PAGES = [
    "/",
    "/roundtables/",
    "/roundtables/bangkok-2018/",
    "/actions/",
    "/actions/?region=asia",
    "/actions/mexico-iii/",
    "/countries/",
    "/countries/th/",
    "/regions/asia/",
    "/good-practices/",
    "/publications/",
    "/publications/building-bridges/",
    "/search/?q=migration",
    "/reflect/",
    "/no-such-page/",
]
RENDERED_CLASS = re.compile(r'\bclass="([^"]*)"')


def rendered_classes(html):
    return {name for attribute in RENDERED_CLASS.findall(html) for name in attribute.split()}


def test_every_class_on_the_pages_has_a_rule(client, demo, token, fresh_rate_limits, styled):
    found = {}
    pages = [client.get(path) for path in PAGES]
    pages.append(client.get(f"/reflect/{token}/"))
    pages.append(client.post(f"/reflect/{token}/", {"send": "1"}))
    assert pages[-1].status_code == 400  # the form refused, with its errors
    for response in pages:
        for name in rendered_classes(response.content.decode()):
            found.setdefault(name, response.wsgi_request.get_full_path())
    missing = {name: page for name, page in found.items() if name not in styled | UNSTYLED}
    assert not missing, f"no rule in site.css for {missing}"
