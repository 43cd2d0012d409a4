"""The bibliography: well-formed entries, full citations, and docs/sources.md kept in step."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from baclo.sources import SOURCES, bibliography_markdown, cite, source

DOCS_SOURCES = Path(__file__).resolve().parent.parent / "docs" / "sources.md"


@pytest.mark.parametrize("entry", SOURCES.values(), ids=list(SOURCES))
def test_every_source_names_authors_a_year_a_title_and_where_it_was_published(entry):
    assert entry.authors
    assert entry.title
    assert entry.published_in
    assert re.fullmatch(r"(19|20)\d\d", entry.year)


def test_a_citation_carries_authors_year_title_journal_and_doi():
    assert cite("simon-2018") == (
        "Simon N, Moirand R, Dematteis M, Bordet R, Deplanque D, Rolland B (2018). Full-profile "
        "pharmacokinetic study of high dose baclofen in subjects with alcohol use disorder. "
        "Front Psychiatry 9:385. doi:10.3389/fpsyt.2018.00385"
    )


def test_several_keys_are_cited_in_order_separated_by_semicolons():
    assert cite("kroenke-2001", "3114") == (
        f"{source('kroenke-2001').citation()}; {source('3114').citation()}"
    )


def test_an_unknown_key_is_refused_by_name():
    with pytest.raises(KeyError, match="no source 'nobody-1900'"):
        cite("nobody-1900")


def test_the_committed_docs_sources_md_is_generated_from_the_bibliography():
    # After editing src/baclo/sources.py: python scripts/write_sources.py
    assert DOCS_SOURCES.read_text(encoding="utf-8") == bibliography_markdown()


@pytest.mark.parametrize(
    ("key", "short"),
    [
        pytest.param("simon-2018", "Simon et al. 2018", id="several-authors"),
        pytest.param("johns-1991", "Johns 1991", id="one-author"),
        pytest.param("de-beaurepaire-2012", "de Beaurepaire 2012", id="particle"),
        pytest.param("association-baclofene", "Association Baclofène 2014", id="organisation"),
    ],
)
def test_a_short_name_reads_as_author_and_year(key, short):
    assert source(key).short() == short


ROOT = DOCS_SOURCES.parent.parent
# What a reader of the repository has no copy of: the design notes kept beside it, the
# association's document under an internal name, an issue tracker's numbers.
UNREADABLE_REFERENCES = {
    "design file": re.compile(r"DESIGN\.md"),
    "issue number": re.compile(r"\bissues? #?\d+", re.IGNORECASE),
    "seed document": re.compile(
        r"shared/seed"
        r"|(?<!\w)\((?:the )?seed(?=[:)]|, [\"'A-Z])"
        r"|\b[Ss]eed(?:'s| document| tables?\b|, section| lines?\b| l\.)"
    ),
}
CHECKED_FILES = [
    path
    for pattern in (
        "src/**/*.py",
        "src/**/*.html",
        "src/**/*.js",
        "src/**/*.toml",
        "docs/*.md",
        "tests/**/*.py",
        "README.md",
    )
    for path in sorted(ROOT.glob(pattern))
    if path.name not in {"test_sources.py", "wording.py"}
]


@pytest.mark.parametrize("kind", UNREADABLE_REFERENCES)
def test_no_file_refers_to_what_a_reader_cannot_open(kind):
    pattern = UNREADABLE_REFERENCES[kind]
    found = [
        f"{path.relative_to(ROOT)}:{number}: {line.strip()}"
        for path in CHECKED_FILES
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if pattern.search(line)
    ]
    assert found == [], "cite the published source (baclo.sources) or docs/architecture.md"
