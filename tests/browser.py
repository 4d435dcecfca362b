"""Helpers for the browser tests: headless Chromium through Playwright, and axe-core."""

import os
import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
SCREENSHOTS = ROOT / "test-artifacts" / "screenshots"
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
# The rules of WCAG 2.0, 2.1 and 2.2 at levels A and AA.
WCAG_AA_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
PHONE, DESKTOP = 390, 1280

missing = [
    reason
    for reason, absent in (
        (f"no Chromium at {CHROMIUM} (apt-get install chromium)", not shutil.which(CHROMIUM)),
        ("no axe-core in node_modules (npm ci)", not AXE.exists()),
    )
    if absent
]
requires_browser = pytest.mark.skipif(bool(missing), reason="; ".join(missing))


def run_axe(page) -> list[dict]:
    """The WCAG 2.2 AA violations axe-core finds on the page, as (rule, targets) dicts."""
    page.add_script_tag(path=str(AXE))
    result = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", WCAG_AA_TAGS
    )
    return [
        {
            "rule": violation["id"],
            "help": violation["help"],
            "targets": [node["target"] for node in violation["nodes"]][:5],
        }
        for violation in result["violations"]
    ]


def screenshot(page, name: str) -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def open_page(browser, width):
    """A new page in a fresh context, ``width`` pixels wide. CSP is bypassed to inject axe."""
    context = browser.new_context(viewport={"width": width, "height": 900}, bypass_csp=True)
    return context.new_page()


# The public pages the accessibility checks visit, by name, at their English addresses.
PUBLIC_PAGES = {
    "home": "/",
    "tour": "/roundtables/",
    "roundtable": "/roundtables/bangkok-2018/",
    "actions": "/actions/",
    "actions-filtered": "/actions/?region=asia&sort=title",
    "action": "/actions/mexico-ii/",
    "countries": "/countries/",
    "country": "/countries/ph/",
    "region": "/regions/asia/",
    "good-practices": "/good-practices/",
    "publication": "/publications/building-bridges/",
    "search": "/search/?q=working+group",
    "not-found": "/roundtables/atlantis/",
}


def check_axe(browser, site, name, language, widths=(PHONE, DESKTOP)):
    """No WCAG 2.2 AA violation on the page ``name`` in ``language`` at each of ``widths``
    (with a screenshot of each)."""
    prefix = "" if language == "en" else f"/{language}"
    for width in widths:
        page = open_page(browser, width)
        page.goto(site + prefix + PUBLIC_PAGES[name])
        screenshot(page, f"{name}-{language}-{width}")
        assert run_axe(page) == [], f"{name} in {language} at {width}px"
        page.context.close()
