"""Alerts, suggested actions and the rule record: what the rules return and the web shows.

An :class:`Alert` carries everything a page needs without another lookup: severity, the
patient's and the prescriber's messages (EN and FR), advice, the source, the evidence dates, a
``key`` naming the evidence (the web keeps one open alert per key, so running the rules on every
save does not duplicate alerts), and zero or more :class:`SuggestedAction` that the web can apply
in one tap.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

from baclo.protocols.plan import EventKind, PlanEvent
from baclo.questionnaires import Text
from baclo.safety.crisis import crisis_resources_to_dicts
from baclo.safety.state import PatientState, SplitMode

__all__ = [
    "ActionType",
    "Alert",
    "Rule",
    "Severity",
    "SuggestedAction",
    "hold_and_step_back",
    "plan_event_action",
    "split_action",
]


class Severity(enum.StrEnum):
    """How fast someone must act: ``urgent`` today, ``warning`` soon, ``info`` when convenient."""

    INFO = "info"
    WARNING = "warning"
    URGENT = "urgent"

    @property
    def rank(self) -> int:
        """0 for urgent, 1 for warning, 2 for info: the sort order of a list of alerts."""
        return (Severity.URGENT, Severity.WARNING, Severity.INFO).index(self)


class ActionType(enum.StrEnum):
    """What a one-tap suggestion changes."""

    #: Add a :class:`baclo.protocols.plan.PlanEvent` (``params["event"]`` is its JSON).
    PLAN_EVENT = "plan_event"
    #: Recompute the daily split (``params``: ``mode``, optional ``craving_onset`` HH:MM).
    SPLIT = "split"
    #: Show the PK curve at a declared creatinine clearance (``params["crcl_ml_min"]``).
    PK_CURVE = "pk_curve"
    #: Pause the taper going on: the dose of the day it is applied is held (no params).
    PAUSE_TAPER = "pause_taper"


@dataclass(frozen=True, kw_only=True)
class SuggestedAction:
    """A machine-readable change the patient (or prescriber) can accept in one tap."""

    type: ActionType
    label: Text
    params: Mapping[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        object.__setattr__(self, "params", MappingProxyType(dict(self.params)))

    def to_dict(self) -> dict[str, Any]:
        return {"type": self.type.value, **self.params, "label": self.label.to_dict()}


def plan_event_action(event: PlanEvent, label: Text) -> SuggestedAction:
    """An action whose ``event`` is ready for ``PlanEvent.from_dict`` and the plan's events."""
    return SuggestedAction(
        type=ActionType.PLAN_EVENT, label=label, params={"event": event.to_dict()}
    )


def split_action(mode: SplitMode, label: Text, **params: Any) -> SuggestedAction:
    return SuggestedAction(
        type=ActionType.SPLIT, label=label, params={"mode": mode.value, **params}
    )


@dataclass(frozen=True, kw_only=True)
class Alert:
    """One finding of one rule for one patient."""

    rule: str
    severity: Severity
    title: Text
    patient_message: Text
    prescriber_message: Text
    advice: Text
    source: str
    key: str
    dates: tuple[dt.date, ...] = ()
    actions: tuple[SuggestedAction, ...] = ()
    #: Show the crisis panel (:data:`baclo.safety.CRISIS_RESOURCES`) at once.
    crisis: bool = False
    #: Show "do not drive or use machines" prominently.
    no_driving: bool = False

    def to_dict(self) -> dict[str, Any]:
        """The JSON shape the API returns in ``"alerts": [...]``."""
        body: dict[str, Any] = {
            "rule": self.rule,
            "severity": self.severity.value,
            "key": self.key,
            "title": self.title.to_dict(),
            "patient_message": self.patient_message.to_dict(),
            "prescriber_message": self.prescriber_message.to_dict(),
            "advice": self.advice.to_dict(),
            "source": self.source,
            "dates": [d.isoformat() for d in self.dates],
            "actions": [a.to_dict() for a in self.actions],
            "crisis": self.crisis,
            "no_driving": self.no_driving,
        }
        if self.crisis:
            body["crisis_resources"] = crisis_resources_to_dicts()
        return body


Check = Callable[["Rule", PatientState], Iterable[Alert]]


@dataclass(frozen=True, kw_only=True)
class Rule:
    """A safety rule: its documentation (docs/safety.md mirrors it) and its check."""

    id: str
    severity: Severity
    title: Text
    trigger: str
    source: str
    check: Check
    #: Days a non-urgent alert of this rule stays on the patient's pages after it was raised
    #: (``None``: the pages' default); 1 for advice about the rest of that day only.
    shown_days: int | None = None

    def run(self, state: PatientState) -> list[Alert]:
        return list(self.check(self, state))

    def alert(
        self,
        *,
        key: str,
        patient: Text,
        prescriber: Text,
        advice: Text,
        dates: Iterable[dt.date] = (),
        actions: Iterable[SuggestedAction] = (),
        severity: Severity | None = None,
        crisis: bool = False,
        no_driving: bool = False,
    ) -> Alert:
        """An alert of this rule; ``key`` is prefixed with the rule id."""
        return Alert(
            rule=self.id,
            severity=severity or self.severity,
            title=self.title,
            patient_message=patient,
            prescriber_message=prescriber,
            advice=advice,
            source=self.source,
            key=f"{self.id}:{key}",
            dates=tuple(sorted(set(dates))),
            actions=tuple(actions),
            crisis=crisis,
            no_driving=no_driving,
        )


def hold_and_step_back(
    today: dt.date, hold_days: int, *, can_step_back: bool = True
) -> tuple[SuggestedAction, ...]:
    """The two plan events that soften a step: hold it longer, or step back
    (``association-baclofene``); a step back only when there is a lower step to go back to, so
    that no action is offered that would then fail."""
    hold = plan_event_action(
        PlanEvent(kind=EventKind.HOLD, on=today, days=hold_days),
        Text(
            en=f"Stay on this step {hold_days} more days",
            fr=f"Rester sur ce palier {hold_days} jours de plus",
        ),
    )
    if not can_step_back:
        return (hold,)
    step_back = plan_event_action(
        PlanEvent(kind=EventKind.STEP_BACK, on=today),
        Text(en="Go back to the previous step", fr="Revenir au palier précédent"),
    )
    return (hold, step_back)
