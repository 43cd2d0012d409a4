"""Daytime sleepiness on the Epworth scale: no driving, and the prescriber is told.

Somnolence is among the most frequent side effects of baclofen and sudden sleep attacks among the
dangerous ones (``association-baclofene``, "Effets indésirables"). The Epworth Sleepiness Scale
(``johns-1991``) scores 8 situations 0-3; a total above 10 is excessive daytime sleepiness.
Item 8, dozing "in a car, while stopped for a few minutes in traffic", is the driving situation:
a moderate or high chance (2 or 3) means dozing at the wheel is possible even when the total is
normal, so it counts on its own. Sleep attacks logged in the journal stay urgent
(:mod:`baclo.safety.urgent`).

The answers count for 30 days: the scale asks about "recent times" and the web proposes it again
about monthly.
"""

from __future__ import annotations

from collections.abc import Iterator

from baclo.questionnaires import Text
from baclo.safety.alerts import Alert, Rule, Severity
from baclo.safety.contact import who_sees
from baclo.safety.labels import format_date
from baclo.safety.state import PatientState
from baclo.sources import cite

__all__ = ["ESS_EXCESSIVE_ABOVE", "ESS_RECALL_DAYS", "IN_TRAFFIC_ITEM_MIN", "RULES"]

#: A total above this is excessive daytime sleepiness (Johns 1991).
ESS_EXCESSIVE_ABOVE = 10
#: Item 8 (in a car stopped in traffic) at this value or more: dozing at the wheel is possible.
IN_TRAFFIC_ITEM_MIN = 2
_IN_TRAFFIC_INDEX = 7
ESS_RECALL_DAYS = 30
_ITEMS = 8


def _check_sleepiness(rule: Rule, state: PatientState) -> Iterator[Alert]:
    answers = state.ess_answers
    on = state.ess_on or state.today
    if (
        answers is None
        or len(answers) != _ITEMS
        or not 0 <= (state.today - on).days < ESS_RECALL_DAYS
    ):
        return
    total = sum(answers)
    in_traffic = answers[_IN_TRAFFIC_INDEX]
    if total <= ESS_EXCESSIVE_ABOVE and in_traffic < IN_TRAFFIC_ITEM_MIN:
        return
    facts = Text(
        en=f"Epworth score {total}/24, dozing in a car stopped in traffic {in_traffic}/3",
        fr=f"score d'Epworth {total}/24, assoupissement en voiture à l'arrêt {in_traffic}/3",
    )
    contact = who_sees(state)
    yield rule.alert(
        key=on.isoformat(),
        dates=(on,),
        no_driving=True,
        patient=Text(
            en="Do not drive or use machines: your answers show that you could doze off, even "
            f"at the wheel ({facts.en}). {contact.en}",
            fr="Ne conduisez pas et n'utilisez pas de machines : vos réponses montrent que vous "
            f"pourriez vous assoupir, même au volant ({facts.fr}). {contact.fr}",
        ),
        prescriber=Text(
            en=f"Daytime sleepiness on {format_date(on).en}: {facts.en}. The patient was told "
            "not to drive; consider a longer step, a step back or a fractionated split.",
            fr=f"Somnolence diurne le {format_date(on).fr} : {facts.fr}. Le patient a été "
            "averti de ne pas conduire ; envisager un palier plus long, un retour au palier "
            "précédent ou des prises fractionnées.",
        ),
        advice=Text(
            en="Do not raise the dose while you are this drowsy; alcohol and sleeping pills make "
            "it worse.",
            fr="N'augmentez pas la dose tant que vous êtes aussi somnolent(e) ; l'alcool et les "
            "somnifères l'aggravent.",
        ),
    )


SLEEPINESS = Rule(
    id="sleepiness",
    severity=Severity.WARNING,
    title=Text(en="Drowsy: do not drive", fr="Somnolence : ne conduisez pas"),
    trigger=(
        f"an Epworth Sleepiness Scale answered in the last {ESS_RECALL_DAYS} days with a total "
        f"above {ESS_EXCESSIVE_ABOVE}, or item 8 (in a car stopped in traffic) at "
        f"{IN_TRAFFIC_ITEM_MIN} or more. Shows 'do not drive or use machines' and reaches the "
        "prescriber."
    ),
    source=cite("johns-1991", "association-baclofene"),
    check=_check_sleepiness,
)

RULES = (SLEEPINESS,)
