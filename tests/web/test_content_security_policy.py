"""The pages' Content-Security-Policy forbids inline scripts and style attributes: no template may
use them (a browser would drop them silently, and the page would break unnoticed)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

WEB = Path(__file__).resolve().parents[2] / "src" / "baclo" / "web"
# PDF templates are rendered by WeasyPrint, never served to a browser.
PAGES = sorted(p for p in WEB.rglob("*.html") if "pdf" not in p.name and "reports" not in p.parts)
INLINE = re.compile(
    r"""\sstyle=["']|\son[a-z]+=["']|<style|<script(?![^>]*(\bsrc=|type="application/json"))"""
)


@pytest.mark.parametrize("template", PAGES, ids=lambda p: str(p.relative_to(WEB)))
def test_no_template_uses_inline_scripts_or_styles(template: Path):
    assert not INLINE.search(template.read_text(encoding="utf-8"))
