"""What a keyboard, voice or high-contrast user meets and axe-core cannot see (WCAG 2.2).

Every focus stop of every public page, of the reflection form and of the Bootstrap components
the demo does not show (pagination...) has a focus ring: an outline of 2 px or more that
stands out 3:1 from what surrounds it (2.4.7, 2.4.11, 2.4.13), in forced-colours mode too,
where box shadows are dropped. The mobile menu closes on Escape; the language links are named
by what they show (2.5.3); a table that scrolls can be reached and is named; the chart's
labels survive the text-spacing override (1.4.12).
"""

import re

import pytest
from playwright.sync_api import expect

from .browser import (
    DESKTOP,
    PHONE,
    PUBLIC_PAGES,
    SCREENSHOTS,
    open_page,
    requires_browser,
    screenshot,
)

pytestmark = [pytest.mark.browser, requires_browser, pytest.mark.django_db(transaction=True)]

# More stops than any public page has: a page that never gives focus back is a keyboard trap.
MAX_STOPS = 250
MIN_OUTLINE_PX = 2
MIN_CONTRAST = 3.0

# The focused element, its outline, and the colour behind the outline: the first background
# painted where the outline is drawn, beside the element's left (or right) edge.
FOCUSED = """() => {
  const element = document.activeElement;
  if (!element || element === document.body || element === document.documentElement) return null;
  const parse = (value) => {
    const m = value.match(/rgba?\\(([\\d.]+),? ([\\d.]+),? ([\\d.]+)(?:,? \\/? ?([\\d.]+))?\\)/);
    return m ? [+m[1], +m[2], +m[3], m[4] === undefined ? 1 : +m[4]] : null;
  };
  element.scrollIntoView({block: "nearest", behavior: "instant"});  // the theme scrolls smoothly
  const style = getComputedStyle(element);
  const box = element.getBoundingClientRect();
  const ring = parseFloat(style.outlineOffset) + parseFloat(style.outlineWidth) / 2;
  const x = box.left - ring >= 0 ? box.left - ring : box.right + ring;
  const y = Math.min(Math.max(box.top + box.height / 2, 0), innerHeight - 1);
  const behind = document.elementsFromPoint(x, y)
    .filter(e => e !== element && !element.contains(e))
    .map(e => parse(getComputedStyle(e).backgroundColor))
    .find(colour => colour && colour[3] === 1) || [255, 255, 255, 1];
  const seen = element.hasAttribute("data-focus-seen");
  element.setAttribute("data-focus-seen", "");
  return {
    seen,
    name: (element.getAttribute("aria-label") || element.labels?.[0]?.textContent
      || element.textContent || element.outerHTML)
      .trim().replace(/\\s+/g, " ").slice(0, 60),
    tag: element.tagName.toLowerCase()
      + (typeof element.className === "string" && element.className
        ? "." + element.className.trim().replace(/\\s+/g, ".") : ""),
    outlineStyle: style.outlineStyle,
    outlineWidth: parseFloat(style.outlineWidth),
    outline: parse(style.outlineColor),
    behind,
    width: box.width,
    height: box.height,
  };
}"""


def luminance(rgb):
    def channel(value):
        value /= 255
        return value / 12.92 if value <= 0.04045 else ((value + 0.055) / 1.055) ** 2.4

    red, green, blue = (channel(value) for value in rgb[:3])
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


def contrast(colour, behind):
    # A translucent ring is seen blended with what it is drawn over.
    alpha = colour[3]
    blended = [alpha * c + (1 - alpha) * b for c, b in zip(colour[:3], behind[:3], strict=True)]
    light, dark = sorted((luminance(blended), luminance(behind)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def focus_problems(page, *, check_contrast=True, stops=None):
    """Tab from where focus is through the page (or through ``stops`` stops); what is wrong
    with each stop's focus ring."""
    problems, visited = [], 0
    for _ in range(stops or MAX_STOPS):
        page.keyboard.press("Tab")
        stop = page.evaluate(FOCUSED)
        if stop is None or stop["seen"]:  # focus left the page, or came round again
            break
        visited += 1
        where = f"{stop['tag']} “{stop['name']}”"
        if stop["width"] < 1 or stop["height"] < 1:
            problems.append(f"{where}: focused but not on screen")
        if stop["outlineStyle"] == "none" or stop["outlineWidth"] < MIN_OUTLINE_PX:
            problems.append(f"{where}: outline {stop['outlineStyle']} {stop['outlineWidth']}px")
        elif check_contrast:
            ratio = contrast(stop["outline"], stop["behind"])
            if ratio < MIN_CONTRAST:
                problems.append(f"{where}: outline {ratio:.2f}:1 against its background")
    else:
        if not stops:
            problems.append(f"still more focus stops after {MAX_STOPS}: a keyboard trap?")
    return visited, problems


@pytest.fixture
def site(live_server, demo_live):
    return live_server.url


@pytest.mark.parametrize("name", PUBLIC_PAGES)
@pytest.mark.parametrize("width", [PHONE, DESKTOP])
def test_every_focus_stop_shows_a_ring_that_stands_out(browser, site, name, width):
    page = open_page(browser, width)
    page.goto(site + PUBLIC_PAGES[name])
    visited, problems = focus_problems(page)
    assert visited >= 3, f"only {visited} focus stops on {name}"
    assert problems == [], f"{name} at {width}px:\n" + "\n".join(problems)
    page.context.close()


@pytest.mark.parametrize("name", PUBLIC_PAGES)
@pytest.mark.parametrize("width", [PHONE, DESKTOP])
def test_every_focus_stop_shows_a_ring_in_forced_colours(browser, site, name, width):
    """High-contrast modes drop box shadows: the ring must be an outline."""
    page = open_page(browser, width)
    page.emulate_media(forced_colors="active")
    page.goto(site + PUBLIC_PAGES[name])
    # The system picks the colours; what is checked is that a ring is drawn at all.
    visited, problems = focus_problems(page, check_contrast=False)
    assert visited >= 3, f"only {visited} focus stops on {name}"
    assert problems == [], f"{name} at {width}px:\n" + "\n".join(problems)
    page.context.close()


def test_the_open_mobile_menu_shows_focus_on_each_link(browser, site):
    page = open_page(browser, PHONE)
    page.goto(site + "/")
    toggler = page.get_by_role("button", name="Show the menu")
    toggler.click()
    expect(page.locator("#site-nav")).to_be_visible()
    # From the toggler through the menu's links (Tour ... Search, FR, ES) into the page.
    toggler.focus()
    _, problems = focus_problems(page, stops=7)
    assert problems == [], "\n".join(problems)
    screenshot(page, "focus-menu-390")


def test_the_header_links_show_focus(browser, site):
    """Three Tabs on the home page (skip link, brand, then Tour; on a phone the menu button,
    which opens the menu, then Tour): the focused element changes on screen."""
    for width in (DESKTOP, PHONE):
        page = open_page(browser, width)
        page.goto(site + "/")
        for _ in range(3):
            page.keyboard.press("Tab")
        if width == PHONE:
            assert_focus_is_seen(page, "Show the menu", f"focus-toggler-{width}")
            page.keyboard.press("Enter")
            expect(page.locator("#site-nav")).to_be_visible()
            page.keyboard.press("Tab")
        assert_focus_is_seen(page, "Tour", f"focus-header-{width}")
        page.context.close()


def assert_focus_is_seen(page, name, picture):
    expect(page.locator(":focus")).to_have_accessible_name(name)
    focused = page.locator(":focus").element_handle()
    style = focused.evaluate(
        "e => [getComputedStyle(e).outlineStyle, parseFloat(getComputedStyle(e).outlineWidth)]"
    )
    assert style[0] != "none" and style[1] >= MIN_OUTLINE_PX, style
    box = focused.bounding_box()
    around = {
        "x": box["x"] - 8,
        "y": box["y"] - 8,
        "width": box["width"] + 16,
        "height": box["height"] + 16,
    }
    page.mouse.move(0, 0)  # no hover effect in either picture
    shown = page.screenshot(clip=around, animations="disabled")
    screenshot(page, picture)
    focused.evaluate("e => e.blur()")
    assert page.screenshot(clip=around, animations="disabled") != shown, (
        f"focus on {name} changes nothing on screen"
    )
    focused.focus()


def test_escape_closes_the_mobile_menu_and_returns_to_its_button(browser, site):
    page = open_page(browser, PHONE)
    page.goto(site + "/roundtables/")
    toggler = page.locator(".navbar-toggler")
    menu = page.locator("#site-nav")
    toggler.focus()
    page.keyboard.press("Enter")
    expect(menu).to_be_visible()
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    expect(page.locator("#site-nav :focus")).to_have_text("Actions")
    page.keyboard.press("Escape")
    expect(menu).to_be_hidden()
    expect(toggler).to_be_focused()
    expect(toggler).to_have_attribute("aria-expanded", "false")
    # Escape on a closed menu does nothing, and the menu opens again.
    page.keyboard.press("Escape")
    expect(toggler).to_be_focused()
    page.keyboard.press("Enter")
    expect(menu).to_be_visible()


# The text of an element that a sighted user sees: not what is clipped away (visually-hidden)
# nor what is not rendered.
VISIBLE_TEXT = """element => {
  const hidden = (node) => {
    for (let e = node; e && e !== element.parentElement; e = e.parentElement) {
      const s = getComputedStyle(e);
      const box = e.getBoundingClientRect();
      if (s.display === "none" || s.visibility === "hidden" || s.clipPath !== "none"
          || (s.clip !== "auto" && s.position === "absolute") || box.width <= 1 || box.height <= 1)
        return true;
    }
    return false;
  };
  const walker = document.createTreeWalker(element, NodeFilter.SHOW_TEXT);
  let text = "";
  while (walker.nextNode()) {
    if (!hidden(walker.currentNode.parentElement)) text += walker.currentNode.data;
  }
  return text.trim().replace(/\\s+/g, " ");
}"""


OWN_NAMES = {"en": "English", "fr": "Français", "es": "Español"}


@pytest.mark.parametrize("language", ["en", "fr", "es"])
def test_the_language_links_are_named_by_what_they_show(browser, site, language):
    """A voice user says "click FR": the link's name starts with the text it shows."""
    for width in (PHONE, DESKTOP):
        page = open_page(browser, width)
        page.goto(site + ("/" if language == "en" else f"/{language}/"))
        if width == PHONE:
            page.locator(".navbar-toggler").click()
        links = page.locator("header a[hreflang]")
        expect(links).to_have_count(2)
        for index in range(2):
            link = links.nth(index)
            expect(link).to_be_visible()
            shown = link.evaluate(VISIBLE_TEXT)
            name = re.fullmatch(r'- link "(.*)"', link.aria_snapshot().splitlines()[0].rstrip(":"))
            assert shown and name, (shown, link.aria_snapshot())
            assert re.match(rf"{re.escape(shown)}\b", name.group(1), re.IGNORECASE), (
                f"shows “{shown}” but is named “{name.group(1)}”"
            )
            # Its language and its full name are still said.
            code = link.get_attribute("hreflang")
            assert link.get_attribute("lang") == code
            assert OWN_NAMES[code] in name.group(1)
        page.context.close()


SCROLLERS = """() => [...document.querySelectorAll(".table-responsive")].map(e => ({
  scrolls: e.scrollWidth > e.clientWidth,
  tabindex: e.getAttribute("tabindex"),
  role: e.getAttribute("role"),
  name: e.getAttribute("aria-labelledby")
    ? e.getAttribute("aria-labelledby").split(" ")
        .map(id => document.getElementById(id)?.textContent.trim()).join(" ")
    : e.getAttribute("aria-label"),
  caption: e.querySelector("caption")?.textContent.trim(),
}))"""


# After two frames, the resize observer of static/js/site.js has seen every table's size.
AFTER_LAYOUT = "() => new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)))"


def scrollers(page):
    page.evaluate(AFTER_LAYOUT)
    return page.evaluate(SCROLLERS)


def test_a_table_that_scrolls_can_be_reached_and_is_named_by_its_caption(browser, site):
    scrolling = 0
    for width in (320, DESKTOP):
        page = open_page(browser, width)
        for name, path in PUBLIC_PAGES.items():
            page.goto(site + path)
            for table in scrollers(page):
                if table["scrolls"]:
                    scrolling += 1
                    assert table["tabindex"] == "0" and table["role"] == "region", (name, table)
                    assert table["name"] and table["name"] == table["caption"], (name, table)
                else:  # no stop that does nothing
                    assert table["tabindex"] is None, (name, width, table)
        page.context.close()
    assert scrolling, "no table scrolls at 320px: this test checks nothing"


def test_a_scrolling_table_becomes_a_stop_when_the_window_narrows(browser, site):
    page = open_page(browser, DESKTOP)
    page.goto(site + "/countries/")
    scroller = page.locator(".table-responsive").first
    expect(scroller).not_to_have_attribute("tabindex", "0")
    page.set_viewport_size({"width": 320, "height": 900})
    expect(scroller).to_have_attribute("tabindex", "0")
    expect(scroller).to_have_attribute("role", "region")


# WCAG 1.4.12: what a user's style sheet may set, all at once.
TEXT_SPACING = """
* { line-height: 1.5 !important; letter-spacing: 0.12em !important;
    word-spacing: 0.16em !important; }
p, li, dd, figcaption { margin-bottom: 2em !important; }
"""

# Each label of the chart: the element in the chart whose whole text is the label, and whether
# its text is cut (wider than its box) or lies outside the chart.
CHART_LABELS = """labels => {
  const chart = document.querySelector("#chart-heading ~ figure [role=img]");
  const area = chart.getBoundingClientRect();
  return labels.map(label => {
    const element = [...chart.querySelectorAll("*")].find(
      e => e.children.length === 0 && e.textContent.trim() === label);
    if (!element) return {label, found: false};
    const box = element.getBoundingClientRect();
    return {
      label,
      found: true,
      cut: element instanceof HTMLElement && element.scrollWidth > element.clientWidth + 1,
      outside: box.left < area.left - 1 || box.right > area.right + 1
        || box.top < area.top - 1 || box.bottom > area.bottom + 1,
      box: [box.left, box.top, box.right, box.bottom],
    };
  });
}"""


@pytest.mark.parametrize("width", [PHONE, DESKTOP])
def test_the_chart_labels_survive_the_text_spacing_override(browser, site, width):
    page = open_page(browser, width)
    page.goto(site + "/regions/asia/")
    page.add_style_tag(content=TEXT_SPACING)
    table = page.get_by_role("table", name="The same numbers as a table")
    labels = [text.strip() for text in table.locator("tbody th").all_inner_texts()]
    assert "Irregular Migration & Trafficking in Human Beings" in labels
    found = page.evaluate(CHART_LABELS, labels)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    chart = page.locator("section[aria-labelledby='chart-heading'] figure")
    chart.screenshot(path=str(SCREENSHOTS / f"chart-spacing-{width}.png"))
    for label in found:
        assert label["found"], f"“{label['label']}” is not written whole in the chart"
        assert not label["cut"] and not label["outside"], label
    # No label runs into the next one.
    for above, below in zip(found, found[1:], strict=False):
        assert above["box"][3] <= below["box"][1] + 1, (above, below)


def test_the_reflection_form_shows_focus_on_every_field(
    browser, site, settings, django_capture_on_commit_callbacks
):
    """Text areas, checkboxes, radios, a select and buttons: the form a participant opens from
    a personal link."""
    from roundtables.models import Participant

    from .reflections import invite, url

    settings.SITE_URL = site
    participant = Participant.objects.get(email="bangkok-2018.delegate.la@example.org")
    path = url(invite(participant, django_capture_on_commit_callbacks))
    for forced in (False, True):
        page = open_page(browser, PHONE)
        if forced:
            page.emulate_media(forced_colors="active")
        page.goto(site + path)
        kinds = page.locator("main").evaluate(
            "main => [...main.querySelectorAll('input, textarea, select')].map(e => e.type)"
        )
        assert {"textarea", "checkbox"} <= set(kinds), kinds
        _, problems = focus_problems(page, check_contrast=not forced)
        assert problems == [], "\n".join(problems)
        screenshot(page, "focus-reflection-390" + ("-forced" if forced else ""))
        page.context.close()


# Bootstrap components that the demo's pages do not show, as the templates write them:
# pagination (includes/pagination.html), a close button, an active button, a radio.
COMPONENTS = """
<nav aria-label="Pages"><ul class="pagination flex-wrap">
  <li class="page-item"><a class="page-link" href="#p1" rel="prev">Previous</a></li>
  <li class="page-item active"><span class="page-link" aria-current="page">2</span></li>
  <li class="page-item"><a class="page-link" href="#p3" aria-label="Page 3">3</a></li>
</ul></nav>
<button type="button" class="btn-close" aria-label="Close"></button>
<button type="button" class="btn btn-outline-primary active">Active</button>
<div class="form-check"><input class="form-check-input" type="radio" id="r1" name="r">
  <label class="form-check-label" for="r1">A choice</label></div>
"""


@pytest.mark.parametrize("forced", [False, True], ids=["colours", "forced-colours"])
def test_pagination_and_other_components_show_the_same_ring(browser, site, forced):
    page = open_page(browser, DESKTOP)
    if forced:
        page.emulate_media(forced_colors="active")
    page.goto(site + "/actions/")
    page.locator("main .container").first.evaluate(
        "(box, html) => box.insertAdjacentHTML('afterbegin', html)", COMPONENTS
    )
    page.locator("main .pagination a").first.focus()
    page.keyboard.press("Shift+Tab")  # so that the next stops are reached by keyboard
    visited, problems = focus_problems(page, check_contrast=not forced, stops=5)
    assert visited == 5 and problems == [], "\n".join(problems)
