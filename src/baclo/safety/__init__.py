"""Safety rules over a patient's recent state: alerts with severity, messages, advice, actions.

One call per request (journal save, questionnaire answer, page view)::

    alerts = evaluate(PatientState(today=today, entries=entries, plan_doses=doses, ...))

Each :class:`Alert` has a rule id, a severity (``urgent`` > ``warning`` > ``info``), messages
for the patient and the prescriber in English and French, advice, a source, a ``key`` naming its
evidence (keep one open alert per key), and one-tap :class:`SuggestedAction` items. The rules
are listed with their triggers and sources in docs/safety.md.
"""

from baclo.safety.alerts import ActionType, Alert, Rule, Severity, SuggestedAction
from baclo.safety.crisis import CRISIS_RESOURCES, CrisisResource, crisis_resources_to_dicts
from baclo.safety.engine import RULES, evaluate
from baclo.safety.state import CoMedication, PatientState, Phase, SplitMode

__all__ = [
    "CRISIS_RESOURCES",
    "RULES",
    "ActionType",
    "Alert",
    "CoMedication",
    "CrisisResource",
    "PatientState",
    "Phase",
    "Rule",
    "Severity",
    "SplitMode",
    "SuggestedAction",
    "crisis_resources_to_dicts",
    "evaluate",
]
