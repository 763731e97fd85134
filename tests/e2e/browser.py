"""What every end-to-end test shares: the browser's settings, the labels in the page's
language, and the record of a journey (a screenshot of every step at two widths and
axe-core's findings on every page)."""

import re
import shutil
from pathlib import Path

from axe_playwright_python.sync_playwright import Axe
from django.utils import translation
from django.utils.text import capfirst

# Debian's Chromium: Playwright's own browser builds cannot be downloaded here.
CHROMIUM = "/usr/bin/chromium"
# Root in CI needs --no-sandbox; the rest keeps Chromium from calling home during the run.
LAUNCH_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}
WIDTHS = {"desktop": DESKTOP, "phone": PHONE}

# WCAG 2.1 A and AA; of what axe-core finds, serious and critical impacts fail the test.
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
FAILING_IMPACTS = {"serious", "critical"}
AXE_OPTIONS = {"runOnly": {"type": "tag", "values": WCAG_TAGS}, "resultTypes": ["violations"]}
_axe = Axe()

# Every page reports on its console what its Content-Security-Policy refused (Chromium logs
# its own "Refused to ... Content Security Policy" line too; this catches report-only ones
# and names the directive).
CSP_REPORTER = """
document.addEventListener("securitypolicyviolation", (event) => {
  console.error(
    `CSP violation (${event.disposition}): ${event.effectiveDirective} refused ` +
    `${event.blockedURI || "inline"} at ${event.sourceFile}:${event.lineNumber}`
  );
});
"""


def watch_csp(context) -> list[str]:
    """The list that fills with each Content-Security-Policy violation in `context`'s pages."""
    violations = []
    context.add_init_script(CSP_REPORTER)

    def on_console(message):
        if "Content Security Policy" in message.text or message.text.startswith("CSP violation"):
            violations.append(f"{message.location.get('url')}: {message.text}")

    context.on("console", on_console)
    return violations


class Words:
    """The desk's words in one language, from its translation catalog: what a person of
    that language reads on the page, so one test drives both languages."""

    def __init__(self, language: str):
        self.language = language

    def __call__(self, message, *, context: str = "", **params) -> str:
        with translation.override(self.language):
            # A msgid (with its context where the catalog has one), or a lazy string (a
            # choice's label) that translates when read.
            if not isinstance(message, str):
                text = str(message)
            elif context:
                text = translation.pgettext(context, message)
            else:
                text = translation.gettext(message)
        return capfirst(text % params if params else text)

    def plural(self, singular: str, plural: str, count: int) -> str:
        with translation.override(self.language):
            return translation.ngettext(singular, plural, count) % {"counter": count}


def labelled(page, label: str):
    """The form control whose label is exactly `label` (crispy marks required fields with
    an asterisk; Django's labels start with a capital that the catalog's msgids lack)."""
    return page.get_by_label(re.compile(rf"^\s*{re.escape(label)}\s*\*?\s*$", re.IGNORECASE))


def accessibility_problems(page) -> list[str]:
    """What axe-core finds on the page against WCAG 2.1 A and AA, serious or critical, one
    readable line per rule with the elements concerned below it."""
    problems = []
    for violation in _axe.run(page, options=AXE_OPTIONS).response["violations"]:
        if violation["impact"] not in FAILING_IMPACTS:
            continue
        nodes = "".join(
            f"\n      {' '.join(map(str, node['target']))}: "
            + (node.get("failureSummary") or "").replace("\n", " ")
            for node in violation["nodes"]
        )
        problems.append(
            f"{violation['id']} [{violation['impact']}] {violation['help']} "
            f"<{violation['helpUrl']}>{nodes}"
        )
    return problems


class Journey:
    """Records each step of a journey: at each width, axe-core's findings on the page and a
    screenshot of it.

    The steps are declared beforehand, so a journey that skips one fails, and the folder is
    emptied first, so what it holds at the end is this run's.
    """

    def __init__(self, folder: Path, steps: list[str]):
        self.folder = folder
        self.steps = steps
        self.recorded: list[str] = []
        self.violations: list[str] = []
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir(parents=True)

    def step(self, page, name: str) -> None:
        number = len(self.recorded) + 1
        expected = self.steps[number - 1] if number <= len(self.steps) else None
        assert name == expected, f"step {number} is {name!r}; the journey declares {expected!r}"
        page.wait_for_load_state("load")
        stem = f"{number:02d}-{name}"
        for width, viewport in WIDTHS.items():
            page.set_viewport_size(viewport)
            self.violations += [
                f"{stem}-{width} ({page.url}): {v}" for v in accessibility_problems(page)
            ]
            page.screenshot(
                path=self.folder / f"{stem}-{width}.png", full_page=True, animations="disabled"
            )
        page.set_viewport_size(DESKTOP)
        self.recorded.append(name)

    def expected_files(self) -> set[str]:
        return {
            f"{number:02d}-{name}-{width}.png"
            for number, name in enumerate(self.steps, 1)
            for width in WIDTHS
        }
