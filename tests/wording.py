"""Words a person should never read: internal names, raw codes, ISO dates, English on French pages.

Shared by the browser journeys (every page the browser loads is checked, tests/e2e/conftest.py)
and the PDF reports' tests. A finding is a short string naming what was found and where.

English on a French page: a handful of English function words that no French sentence uses. Text
marked ``translate="no"`` (a bibliographic reference in its own language, a person's name) is
exempt from that check, never from the others.
"""

from __future__ import annotations

import re

from baclo.sources import SOURCES

INTERNAL = {
    "design file": re.compile(r"DESIGN\.md"),
    "seed document": re.compile(r"\bseed\b", re.IGNORECASE),
    "issue number": re.compile(r"\bissue\s*#?\d+", re.IGNORECASE),
    "snake_case code": re.compile(r"\b[a-z][a-z0-9]*_[a-z0-9_]*[a-z0-9]\b"),
    "ISO date": re.compile(r"\b\d{4}-\d\d-\d\d\b"),
}

ENGLISH = re.compile(
    r"\b(the|and|with|your|you|cannot|please|which|should|would|this|these|from|"
    r"step|steps|day|days|week|weeks|mg/day|is|are|not|has|have|of|to|sleepiness|scale)\b",
    re.IGNORECASE,
)


def _around(text: str, match: re.Match[str]) -> str:
    start, end = max(0, match.start() - 30), min(len(text), match.end() + 30)
    return " ".join(text[start:end].split())


def internal_words(text: str, where: str) -> list[str]:
    """Each internal name, code or ISO date in ``text``, with its surroundings."""
    return [
        f"{where}: {kind} {match.group(0)!r} in '{_around(text, match)}'"
        for kind, pattern in INTERNAL.items()
        for match in pattern.finditer(text)
    ]


def english_words(text: str, where: str) -> list[str]:
    """Each English function word in ``text`` (meant to be French), with its surroundings."""
    return [
        f"{where}: English {match.group(0)!r} in '{_around(text, match)}'"
        for match in ENGLISH.finditer(text)
    ]


def page_findings(text: str, translatable: str, lang: str, where: str) -> list[str]:
    """What is wrong with a page: ``text`` is all it shows, ``translatable`` the part that must
    be in the page's language ``lang``."""
    findings = internal_words(text, where)
    if lang.startswith("fr"):
        findings += english_words(translatable, where)
    return findings


def without_references(text: str) -> str:
    """``text`` with every reference of the bibliography taken out (a reference keeps its own
    language); a line break may fall anywhere in a reference, even inside its doi."""
    for entry in SOURCES.values():
        anywhere = r"\s*".join(re.escape(char) for char in entry.citation() if not char.isspace())
        text = re.sub(anywhere, " ", text)
    return text


def french_document_findings(text: str, where: str) -> list[str]:
    """What is wrong with the text of a French document (a PDF): internal words anywhere,
    English outside its references."""
    return internal_words(text, where) + english_words(without_references(text), where)
