"""Safety rules over a patient's recent state, and the crisis resources."""

from baclo.safety.crisis import CRISIS_RESOURCES, CrisisResource

__all__ = ["CRISIS_RESOURCES", "CrisisResource"]
