"""The journal form: shapes what the phone posted into the API's entry shape, nothing more.

Validation belongs to :func:`baclo.journal.parse_entry` (through
:func:`baclo.web.journal.services.save_entry`), the same as for the API. This form only turns
flat HTML fields into the JSON-like entry, keeping unparsable text as it is so that the validator
names it, and maps each :class:`~baclo.errors.FieldError` path back to the HTML field it came from
(``drinks[2].abv_percent`` -> ``custom-0-abv_percent``), with a translated message.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from baclo.alcohol import DEFAULT_SERVINGS, DrinkKind
from baclo.errors import FieldError
from baclo.journal import HealthEvent, SideEffectKind
from baclo.journal.entry import (
    MAX_DRINK_VOLUME_ML,
    MAX_DRINKS,
    MAX_INTAKE_MG,
    MAX_INTAKES,
    MAX_NOTE_CHARS,
)
from baclo.web import wording

#: Empty rows offered for an extra intake and for drinks that are not a usual serving.
EXTRA_INTAKE_ROWS = 1
CUSTOM_DRINK_ROWS = 2
MAX_DRINK_COUNT = 50

SEVERITY_LABELS = [
    (0, gettext_lazy("none")),
    (1, gettext_lazy("mild")),
    (2, gettext_lazy("moderate")),
    (3, gettext_lazy("severe")),
]
DRINK_LABELS = {
    DrinkKind.BEER: gettext_lazy("Beer"),
    DrinkKind.WINE: gettext_lazy("Wine"),
    DrinkKind.SPIRITS: gettext_lazy("Spirits"),
    DrinkKind.CUSTOM: gettext_lazy("Other drink"),
}
SERVED_KINDS = tuple(DEFAULT_SERVINGS)
#: What the day's checkboxes say about fluid losses and new medicines (kidney risk).
HEALTH_EVENT_LABELS = {
    HealthEvent.VOMITING: gettext_lazy("Vomiting"),
    HealthEvent.DIARRHOEA: gettext_lazy("Diarrhoea"),
    HealthEvent.DEHYDRATION: gettext_lazy("Dehydrated (thirsty, dark urine, dizzy when standing)"),
    HealthEvent.NEW_NSAID: gettext_lazy("Started an anti-inflammatory painkiller (ibuprofen...)"),
    HealthEvent.NEW_DIURETIC: gettext_lazy("Started a diuretic (water pill)"),
}


def _number(text: str) -> Any:
    """A number typed on a phone (``12,5`` or ``12.5``), or the text itself for the validator."""
    cleaned = text.strip().replace(",", ".")
    if not cleaned:
        return None
    try:
        value = float(cleaned)
    except ValueError:
        return text.strip()
    return int(value) if value.is_integer() else value


def _clock(text: str) -> str | None:
    cleaned = text.strip()
    return cleaned or None


@dataclass
class JournalForm:
    """The journal page's fields, bound to posted data or to a saved entry.

    ``values`` maps HTML field names to what is shown; ``errors`` maps them to messages.
    ``planned`` holds the plan's intakes of the day (``[{"time", "dose_mg"}]``) used to prefill.
    """

    values: dict[str, str] = field(default_factory=dict)
    errors: dict[str, list[str]] = field(default_factory=dict)
    intake_rows: int = 0
    custom_rows: int = CUSTOM_DRINK_ROWS
    # Where each item of the built entry came from, to send errors back to its HTML field.
    _intake_source: list[int] = field(default_factory=list)
    _drink_source: list[str] = field(default_factory=list)
    _effect_source: list[str] = field(default_factory=list)

    @classmethod
    def from_entry(
        cls, entry: Mapping[str, Any] | None, planned: Sequence[Mapping[str, Any]]
    ) -> JournalForm:
        """Show a saved entry, or a new one prefilled from the plan (intakes not yet ticked).

        The plan's intakes that the entry has not answered yet (or that were skipped) are shown
        unticked beside the ones taken, each keeping the planned time it answers.
        """
        form = cls()
        values = form.values
        rows = _intake_rows(entry, planned)
        for index, row in enumerate(rows):
            values[f"intake-{index}-time"] = str(row["time"])
            values[f"intake-{index}-dose_mg"] = _mg_text(row["dose_mg"])
            values[f"intake-{index}-planned"] = str(row.get("planned") or "")
            if row["taken"]:
                values[f"intake-{index}-taken"] = "on"
        if entry is not None and entry.get("skipped"):
            values["skipped"] = " ".join(entry["skipped"])
        form.intake_rows = len(rows) + EXTRA_INTAKE_ROWS
        if entry is None:
            return form
        craving = entry.get("craving")
        if craving is not None:
            values["craving_set"] = "on"
            values["craving_intensity"] = str(craving["intensity"])
            values["craving_onset"] = craving.get("onset") or ""
        if entry.get("mood") is not None:
            values["mood_set"] = "on"
            values["mood"] = str(entry["mood"])
        values["note"] = entry.get("note", "")
        form._show_drinks(entry.get("drinks", []))
        for effect in entry.get("side_effects", []):
            values[f"effect-{effect['kind']}"] = str(effect["severity"])
        for event in entry.get("health_events", []):
            values[f"health-{event}"] = "on"
        return form

    def _show_drinks(self, drinks: Sequence[Mapping[str, Any]]) -> None:
        counts = dict.fromkeys(SERVED_KINDS, 0)
        others = []
        for drink in drinks:
            kind = DrinkKind(drink["kind"])
            serving = DEFAULT_SERVINGS.get(kind)
            usual = serving is not None and (
                drink["volume_ml"] == serving.volume_ml
                and drink["abv_percent"] == serving.abv_percent
            )
            if usual:
                counts[kind] += 1
            else:
                others.append(drink)
        for kind, count in counts.items():
            self.values[f"drinks-{kind.value}"] = str(count)
        for index, drink in enumerate(others):
            self.values[f"custom-{index}-kind"] = drink["kind"]
            self.values[f"custom-{index}-volume_ml"] = _mg_text(drink["volume_ml"])
            self.values[f"custom-{index}-abv_percent"] = _mg_text(drink["abv_percent"])
        self.custom_rows = len(others) + CUSTOM_DRINK_ROWS

    @classmethod
    def from_post(cls, post: Mapping[str, str]) -> JournalForm:
        form = cls(values={key: post[key] for key in post if key != "csrfmiddlewaretoken"})
        # Row numbers come from the client: capped, so that a forged "intake-999999-time"
        # cannot make the page render a million rows. Rows past the caps are not read.
        form.intake_rows = min(_row_count(post, "intake"), MAX_INTAKES) + EXTRA_INTAKE_ROWS
        form.custom_rows = max(min(_row_count(post, "custom"), MAX_DRINKS), CUSTOM_DRINK_ROWS)
        return form

    def entry_data(self) -> dict[str, Any]:
        """The API shape of what was posted; checked by ``parse_entry``, not here."""
        get = self.values.get
        data: dict[str, Any] = {
            "intakes": self._intakes(),
            "drinks": self._drinks(),
            "side_effects": self._effects(),
            "note": get("note", ""),
        }
        events = [e.value for e in HealthEvent if get(f"health-{e.value}")]
        if events:
            data["health_events"] = events
        if get("craving_set"):
            data["craving"] = {
                "intensity": _number(get("craving_intensity", "")),
                "onset": _clock(get("craving_onset", "")),
            }
        if get("mood_set"):
            data["mood"] = _number(get("mood", ""))
        answered = {intake.get("planned") for intake in data["intakes"]}
        skipped = [t for t in get("skipped", "").split() if t not in answered]
        if skipped:
            data["skipped"] = skipped
        return data

    def _intakes(self) -> list[dict[str, Any]]:
        intakes = []
        self._intake_source = []
        for row in range(self.intake_rows):
            prefix = f"intake-{row}"
            if not self.values.get(f"{prefix}-taken"):
                continue
            intake = {
                "time": _clock(self.values.get(f"{prefix}-time", "")),
                "dose_mg": _number(self.values.get(f"{prefix}-dose_mg", "")),
            }
            planned = _clock(self.values.get(f"{prefix}-planned", ""))
            if planned is not None:
                intake["planned"] = planned
            intakes.append(intake)
            self._intake_source.append(row)
        return intakes

    def _drinks(self) -> list[dict[str, Any]]:
        drinks: list[dict[str, Any]] = []
        self._drink_source = []
        for kind in SERVED_KINDS:
            name = f"drinks-{kind.value}"
            count = _number(self.values.get(name, ""))
            if count is None or count == 0:
                continue
            if not isinstance(count, int) or not 0 < count <= MAX_DRINK_COUNT:
                self.add_error(name, _("Enter a whole number of drinks between 0 and 50."))
                continue
            drinks.extend({"kind": kind.value} for _ in range(count))
            self._drink_source.extend([name] * count)
        for row in range(self.custom_rows):
            prefix = f"custom-{row}"
            volume = _number(self.values.get(f"{prefix}-volume_ml", ""))
            abv = _number(self.values.get(f"{prefix}-abv_percent", ""))
            if volume is None and abv is None:
                continue
            kind = self.values.get(f"{prefix}-kind") or DrinkKind.CUSTOM.value
            drinks.append({"kind": kind, "volume_ml": volume, "abv_percent": abv})
            self._drink_source.append(prefix)
        return drinks

    def _effects(self) -> list[dict[str, Any]]:
        effects = []
        self._effect_source = []
        for kind in SideEffectKind:
            name = f"effect-{kind.value}"
            severity = _number(self.values.get(name, ""))
            if severity in (None, 0):
                continue
            effects.append({"kind": kind.value, "severity": severity})
            self._effect_source.append(name)
        return effects

    def add_error(self, name: str, message: str) -> None:
        self.errors.setdefault(name, []).append(message)

    def add_field_errors(self, errors: Sequence[FieldError]) -> None:
        """Show each validator error next to the HTML field it came from."""
        for error in errors:
            self.add_error(self._html_name(error.field), error_message(error))

    def _html_name(self, path: str) -> str:
        match = re.fullmatch(r"(intakes|drinks|side_effects)\[(\d+)\](?:\.(\w+))?", path)
        if match is None:
            return {
                "craving": "craving_intensity",
                "craving.intensity": "craving_intensity",
                "craving.onset": "craving_onset",
                "mood": "mood",
                "note": "note",
            }.get(path, "__all__")
        group, index, leaf = match.group(1), int(match.group(2)), match.group(3)
        if group == "intakes" and index < len(self._intake_source):
            return f"intake-{self._intake_source[index]}-{leaf or 'time'}"
        if group == "drinks" and index < len(self._drink_source):
            source = self._drink_source[index]
            return source if source.startswith("drinks-") else f"{source}-{leaf or 'volume_ml'}"
        if group == "side_effects" and index < len(self._effect_source):
            return self._effect_source[index]
        return "__all__"

    @property
    def non_field_errors(self) -> list[str]:
        return self.errors.get("__all__", [])


def _intake_rows(
    entry: Mapping[str, Any] | None, planned: Sequence[Mapping[str, Any]]
) -> list[dict[str, Any]]:
    """The intake rows of the page: what was taken (ticked), then the plan's other intakes."""
    taken = [] if entry is None else [{**i, "taken": True} for i in entry.get("intakes", [])]
    answered = {i.get("planned") or i["time"] for i in taken}
    open_rows = [
        {"time": i["time"], "dose_mg": i["dose_mg"], "planned": i["time"], "taken": False}
        for i in planned
        if i["time"] not in answered
    ]
    return sorted([*taken, *open_rows], key=lambda row: str(row["time"]))


def _row_count(post: Mapping[str, str], prefix: str) -> int:
    rows = [int(m.group(1)) for key in post if (m := re.fullmatch(rf"{prefix}-(\d+)-\w+", key))]
    return max(rows, default=-1) + 1


def _mg_text(value: float) -> str:
    return f"{value:g}"


def error_message(error: FieldError) -> str:
    """A translated message for a validator error, from its field and machine code."""
    leaf = error.field.rsplit(".", 1)[-1]
    if error.code == "out_of_range":
        ranges = {
            "dose_mg": _("Enter a dose above 0 and at most %(max)s mg.")
            % {"max": f"{MAX_INTAKE_MG:g}"},
            "volume_ml": _("Enter a volume above 0 and at most %(max)s mL.")
            % {"max": f"{MAX_DRINK_VOLUME_ML:g}"},
            "abv_percent": _("Enter an alcohol strength above 0 and at most 100 %."),
            "severity": _("Choose a severity from 0 to 3."),
        }
        return ranges.get(leaf, _("Enter a value from 0 to 10."))
    messages = {
        "required": _("This field is required."),
        "type": _("Enter a number."),
        "format": _("Enter a time as HH:MM."),
        "too_long": _("At most %(max)s characters.") % {"max": MAX_NOTE_CHARS},
        "choice": _("Choose a value from the list."),
        "duplicate": _("This side effect is listed twice."),
        "future": _("This day is in the future."),
        "too_old": _("This day is more than 7 days ago: it can no longer be changed."),
        "too_many": _("Too many items."),
    }
    return messages.get(error.code) or wording.error_message(error)
