"""Without Chromium the journeys skip on a workstation but fail in CI (BACLO_REQUIRE_E2E=1)."""

from __future__ import annotations

from pathlib import Path

import pytest

from .conftest import require_chromium

MISSING = Path("/nonexistent/chromium")


@pytest.mark.parametrize("value", ["", "0"], ids=["unset", "zero"])
def test_a_missing_browser_skips_when_not_required(
    monkeypatch: pytest.MonkeyPatch, value: str
) -> None:
    monkeypatch.setenv("BACLO_REQUIRE_E2E", value)
    with pytest.raises(pytest.skip.Exception):
        require_chromium(MISSING)


def test_a_missing_browser_fails_when_required(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BACLO_REQUIRE_E2E", "1")
    with pytest.raises(pytest.fail.Exception, match="BACLO_REQUIRE_E2E"):
        require_chromium(MISSING)


def test_a_present_browser_is_used(tmp_path: Path) -> None:
    browser = tmp_path / "chromium"
    browser.touch()
    assert require_chromium(browser) == browser
