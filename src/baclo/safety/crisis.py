"""Crisis resources shown at once when dark thoughts are reported (France).

Numbers (``3114`` in :mod:`baclo.sources`): 3114, the national suicide prevention line, free, 24/7
(https://3114.fr); 15, the emergency medical service (SAMU); 112, the European emergency number,
which works from any phone in the EU.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from baclo.questionnaires import Text

__all__ = ["CRISIS_RESOURCES", "CrisisResource", "crisis_resources_to_dicts"]


@dataclass(frozen=True, slots=True, kw_only=True)
class CrisisResource:
    """A number to call, what it is for, and when it answers."""

    number: str
    label: Text
    hours: Text

    def to_dict(self) -> dict[str, Any]:
        return {"number": self.number, "label": self.label.to_dict(), "hours": self.hours.to_dict()}


_ALWAYS = Text(en="24/7, free", fr="24 h/24, 7 j/7, gratuit")

CRISIS_RESOURCES: tuple[CrisisResource, ...] = (
    CrisisResource(
        number="3114",
        label=Text(
            en="Suicide prevention line (France)",
            fr="Numéro national de prévention du suicide",
        ),
        hours=_ALWAYS,
    ),
    CrisisResource(
        number="15",
        label=Text(en="Medical emergency (SAMU)", fr="Urgence médicale (SAMU)"),
        hours=_ALWAYS,
    ),
    CrisisResource(
        number="112",
        label=Text(en="European emergency number", fr="Numéro d'urgence européen"),
        hours=_ALWAYS,
    ),
)


def crisis_resources_to_dicts() -> list[dict[str, Any]]:
    """The crisis resources in their JSON shape (for the API and the CLI)."""
    return [r.to_dict() for r in CRISIS_RESOURCES]
