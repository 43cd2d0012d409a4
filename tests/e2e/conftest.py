"""Browser journeys in Debian's headless Chromium, driven by Playwright against a live server.

Playwright cannot download its own browsers here, so the system Chromium is launched through
``executable_path``. Without it the journeys are skipped on a workstation, but they fail in CI
(``BACLO_REQUIRE_E2E=1``, set by ``.ci/run``), so that a missing browser never passes silently.

Every page a journey's browser loads is read as a person would read it (``innerText``) and
checked for internal words, raw codes, ISO dates and, on a French page, English
(:mod:`tests.wording`); a journey fails on any.

Screenshots go to a temporary directory, or to ``BACLO_SCREENSHOT_DIR`` (``make screenshots``
points it at ``docs/screenshots``), so that ``make test`` never rewrites tracked files.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from PIL import Image

from tests.wording import page_findings

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
PHONE = {"width": 390, "height": 844}

# Sends each loaded page's text to Python: everything shown, and the part that must be in the
# page's language (without references and names marked translate="no").
READ_PAGE = """
window.addEventListener("load", () => {
  const body = document.body;
  if (!body) return;
  const translatable = body.cloneNode(true);
  translatable.querySelectorAll('[translate="no"], script, style, template').forEach(
    (node) => node.remove()
  );
  window.bacloReadPage(
    location.pathname, document.documentElement.lang || "", body.innerText,
    translatable.textContent
  );
});
"""


class WordingWatch:
    """Collects what is wrong with the words of every page loaded in the contexts it watches."""

    def __init__(self) -> None:
        self.findings: list[str] = []

    def watch(self, context) -> None:
        context.expose_binding("bacloReadPage", self._read)
        context.add_init_script(READ_PAGE)

    def _read(self, _source, path: str, lang: str, text: str, translatable: str) -> None:
        self.findings += page_findings(text, translatable, lang, path)


class WatchedBrowser:
    """The browser, whose every new context has its pages' words checked."""

    def __init__(self, browser, wording: WordingWatch) -> None:
        self._browser = browser
        self.wording = wording

    def new_context(self, **options):
        # Playwright evaluates wait_for_function's expressions with eval, which the pages'
        # Content-Security-Policy forbids; the policy is tested without a browser
        # (tests/web/test_content_security_policy.py, tests/web/test_reported_failures.py).
        options.setdefault("bypass_csp", True)
        # No request of the service worker's own in the background unless a journey is about
        # the installed app (``installed_phone``): a request still served when the test's live
        # server stops closes its database connection from another thread.
        options.setdefault("service_workers", "block")
        context = self._browser.new_context(**options)
        self.wording.watch(context)
        return context

    def __getattr__(self, name: str):
        return getattr(self._browser, name)


@pytest.fixture(scope="session", autouse=True)
def _allow_sync_orm_under_playwright() -> Iterator[None]:
    """Let the journeys' own ORM calls run beside Playwright's event loop, and only them.

    Playwright's sync API runs an event loop in this thread; the tests' ORM calls (creating the
    cast, reading what the browser saved) are plain synchronous code, which Django would refuse
    as "called from an async context". The journeys run last (see the collection hook below), so
    this flag, set at the first journey, never reaches other tests and their subprocesses
    (``check --deploy`` refuses it, rightly).
    """
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        yield


def _require_e2e() -> bool:
    return os.environ.get("BACLO_REQUIRE_E2E", "").strip() not in {"", "0"}


def _is_journey(item: pytest.Item) -> bool:
    return "tests/e2e/" in str(item.path).replace(os.sep, "/")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark the journeys ``e2e`` and run them after every other test."""
    for item in items:
        if _is_journey(item):
            item.add_marker(pytest.mark.e2e)
    items.sort(key=_is_journey)


def require_chromium(path: Path = CHROMIUM) -> Path:
    """The browser to drive; skip without it, or fail when CI requires the journeys."""
    if not path.exists():
        message = f"{path} not found (apt-get install chromium)"
        if _require_e2e():
            pytest.fail(f"BACLO_REQUIRE_E2E is set but {message}", pytrace=False)
        pytest.skip(message)
    return path


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    executable = require_chromium()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(executable), args=CHROMIUM_ARGS)
        yield WatchedBrowser(chromium, WordingWatch())
        chromium.close()


@pytest.fixture(autouse=True)
def _pages_speak_the_readers_language(request: pytest.FixtureRequest) -> Iterator[None]:
    """Fail a journey whose browser showed an internal word, a code or English on a French page."""
    if "browser" not in request.fixturenames:
        yield
        return
    wording = request.getfixturevalue("browser").wording
    wording.findings.clear()
    yield
    findings = sorted(set(wording.findings))
    assert not findings, "Words a person should never read:\n" + "\n".join(findings)


def _phone_page(browser, live_server, *, service_workers: str) -> Iterator[object]:
    context = browser.new_context(
        viewport=PHONE,
        device_scale_factor=1,
        locale="fr-FR",
        base_url=live_server.url,
        service_workers=service_workers,
    )
    # Generous: a loaded 2-core CI machine can take seconds for a first page.
    context.set_default_timeout(30_000)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    yield page
    # Let the requests the last page started be answered: a request still being served when
    # the live server stops closes its database connection from another thread.
    page.wait_for_load_state("networkidle")
    if service_workers == "allow":
        # The installed app keeps pages for offline reading in the background: let that round
        # end, so that no request is still served when the live server stops.
        page.wait_for_function(
            "document.documentElement.dataset.offlineWarm !== 'running'", timeout=30_000
        )
    context.close()
    assert not errors, f"JavaScript errors on the page: {errors}"


@pytest.fixture
def phone(browser, live_server) -> Iterator[object]:
    """A page in a phone-sized viewport, French by default, pointed at the live server.

    The service worker is blocked: a journey that is not about the installed app sends no
    request of its own in the background (see ``installed_phone``).
    """
    yield from _phone_page(browser, live_server, service_workers="block")


@pytest.fixture
def installed_phone(browser, live_server) -> Iterator[object]:
    """``phone`` with the service worker: the installed app, which also reads offline."""
    yield from _phone_page(browser, live_server, service_workers="allow")


@pytest.fixture
def screenshot(tmp_path: Path):
    """``screenshot(page, "name")`` saves a PNG of the whole page."""
    target = Path(os.environ.get("BACLO_SCREENSHOT_DIR") or tmp_path)
    target.mkdir(parents=True, exist_ok=True)

    def take(page, name: str) -> Path:
        path = target / f"{name}.png"
        page.screenshot(path=str(path), full_page=True)
        # A 128-colour palette keeps text and charts crisp at about a third of the size.
        with Image.open(path) as shot:
            small = shot.convert("RGB").quantize(colors=128)
        small.save(path, optimize=True)
        return path

    return take
