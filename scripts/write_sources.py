"""Write docs/sources.md from the bibliography in src/baclo/sources.py (run after editing it)."""

from pathlib import Path

from baclo.sources import bibliography_markdown

TARGET = Path(__file__).resolve().parent.parent / "docs" / "sources.md"

if __name__ == "__main__":
    TARGET.write_text(bibliography_markdown(), encoding="utf-8")
    print(f"wrote {TARGET}")
