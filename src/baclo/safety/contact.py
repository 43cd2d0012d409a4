"""Who to call, said honestly: the prescriber is named only when one is linked.

A message must say only what will happen. When a prescriber is linked to the patient's account,
the alert reaches their list and the message names them; when none is linked nobody is notified,
so the message says so and sends the patient to their own doctor, or to 15 (SAMU, the French
emergency medical service) when it cannot wait.
"""

from __future__ import annotations

from baclo.questionnaires import Text
from baclo.safety.state import PatientState

__all__ = ["ask_doctor", "call_today", "who_sees"]


def who_sees(state: PatientState) -> Text:
    """Who will read this alert: the named prescriber, or nobody (then: call someone)."""
    if state.prescriber is not None:
        return Text(
            en=f"Your prescriber ({state.prescriber}) will see this alert in baclo.",
            fr=f"Votre prescripteur ({state.prescriber}) verra cette alerte dans baclo.",
        )
    return Text(
        en="No prescriber is linked to your baclo account, so nobody is notified: call your "
        "doctor, or 15 if it cannot wait.",
        fr="Aucun prescripteur n'est lié à votre compte baclo, personne n'est donc prévenu : "
        "appelez votre médecin, ou le 15 si cela ne peut pas attendre.",
    )


def call_today(state: PatientState) -> Text:
    """Contact the named prescriber today; without one, your doctor (or 15 if it cannot wait)."""
    if state.prescriber is not None:
        return Text(
            en=f"Contact your prescriber ({state.prescriber}) today.",
            fr=f"Contactez votre prescripteur ({state.prescriber}) aujourd'hui.",
        )
    return Text(
        en="Call your doctor today, or 15 if it cannot wait.",
        fr="Appelez votre médecin aujourd'hui, ou le 15 si cela ne peut pas attendre.",
    )


def ask_doctor(state: PatientState) -> Text:
    """Whom to ask, inside a sentence of advice: the named prescriber, or your doctor."""
    if state.prescriber is not None:
        return Text(
            en=f"your prescriber ({state.prescriber})",
            fr=f"votre prescripteur ({state.prescriber})",
        )
    return Text(en="your doctor", fr="votre médecin")
