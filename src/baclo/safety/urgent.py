"""Urgent rules: the dangerous side effects named by the association's document, acted on the same
day.

The association's document ("Effets indésirables") names the worrying ones: manic switches,
confusional syndromes, worsening depression or dark thoughts (one of the only dangerous side
effects, R. de Beaurepaire), and sudden sleep attacks (no driving or dangerous machines early in the
treatment). Any report counts, whatever its severity (1-3): these are not effects to get used to.

Missing days: a day without an entry reports nothing. Look-back: the days a patient may still
edit (today and the 7 days before, :data:`baclo.journal.entry.EDIT_WINDOW_DAYS`), so that a
report added to a recent day is acted on too; the alert ``key`` names the latest date.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from baclo.journal import SideEffectKind
from baclo.journal.entry import EDIT_WINDOW_DAYS
from baclo.questionnaires import SELF_HARM_ITEM, Text
from baclo.safety.alerts import Alert, Rule, Severity
from baclo.safety.contact import call_today, who_sees
from baclo.safety.labels import format_date, format_dates
from baclo.safety.state import PatientState
from baclo.sources import cite

__all__ = ["EDITABLE_DAYS", "PHQ9_RECALL_DAYS", "RULES"]

#: Today and the days before it that the patient may still edit.
EDITABLE_DAYS = EDIT_WINDOW_DAYS + 1
#: The PHQ-9 asks about the last two weeks, so an answer counts for 14 days.
PHQ9_RECALL_DAYS = 14

# Section "Effets indésirables".
_ASSOCIATION = cite("association-baclofene")

_DONT_STOP = Text(
    en=" Do not stop baclofen abruptly on your own: stopping suddenly can cause a dangerous "
    "withdrawal.",
    fr=" N'arrêtez pas le baclofène brutalement de vous-même : un arrêt soudain peut provoquer "
    "un sevrage dangereux.",
)


def _reports(state: PatientState, kind: SideEffectKind) -> list[tuple[dt.date, int]]:
    return [
        (e.date, e.severity_of(kind))
        for e in state.logged(EDITABLE_DAYS)
        if e.severity_of(kind) >= 1
    ]


def _check_dark_thoughts(rule: Rule, state: PatientState) -> Iterator[Alert]:
    reports = _reports(state, SideEffectKind.DARK_THOUGHTS)
    phq9_on = state.phq9_on or state.today
    phq9 = (
        state.phq9_item9 is not None
        and state.phq9_item9 > 0
        and 0 <= (state.today - phq9_on).days < PHQ9_RECALL_DAYS
    )
    if not reports and not phq9:
        return
    facts_en: list[str] = []
    facts_fr: list[str] = []
    dates = [d for d, _ in reports]
    if reports:
        worst = max(s for _, s in reports)
        facts_en.append(
            f"dark thoughts in the journal on {format_dates(dates).en} (up to {worst}/3)"
        )
        facts_fr.append(
            f"idées noires dans le journal le {format_dates(dates).fr} (jusqu'à {worst}/3)"
        )
    if phq9:
        dates.append(phq9_on)
        facts_en.append(f"PHQ-9 item 9 = {state.phq9_item9} on {format_date(phq9_on).en}")
        facts_fr.append(f"PHQ-9 item 9 = {state.phq9_item9} le {format_date(phq9_on).fr}")
    yield rule.alert(
        key=max(dates).isoformat(),
        dates=dates,
        crisis=True,
        patient=Text(
            en="You told us about dark thoughts. You are not alone: call 3114 now (free, "
            f"24/7), or 15 or 112 if you are in danger. {who_sees(state).en}",
            fr="Vous nous avez parlé d'idées noires. Vous n'êtes pas seul(e) : appelez le 3114 "
            "maintenant (gratuit, 24 h/24), ou le 15 ou le 112 si vous êtes en danger. "
            f"{who_sees(state).fr}",
        ),
        prescriber=Text(
            en="Dark thoughts reported: " + "; ".join(facts_en) + ". Contact the patient today.",
            fr="Idées noires signalées : " + " ; ".join(facts_fr) + ". Contactez le patient "
            "aujourd'hui.",
        ),
        advice=Text(
            en="Do not stay alone with these thoughts: talk to someone you trust and to your "
            "doctor today." + _DONT_STOP.en,
            fr="Ne restez pas seul(e) avec ces pensées : parlez-en aujourd'hui à un proche et à "
            "votre médecin." + _DONT_STOP.fr,
        ),
    )


DARK_THOUGHTS = Rule(
    id="dark_thoughts",
    severity=Severity.URGENT,
    title=Text(en="Dark thoughts", fr="Idées noires"),
    trigger=(
        f"'dark thoughts' logged at any severity (1-3) on a day of the last {EDITABLE_DAYS} "
        f"days, or PHQ-9 item {SELF_HARM_ITEM[1:]} above 0 answered in the last "
        f"{PHQ9_RECALL_DAYS} days. Shows the crisis panel (3114, 15, 112)."
    ),
    source=cite("association-baclofene", "kroenke-2001", "3114"),
    check=_check_dark_thoughts,
)


def _side_effect_rule(
    *,
    rule_id: str,
    kind: SideEffectKind,
    title: Text,
    patient: Text,
    advice: Text,
    no_driving: bool = False,
) -> Rule:
    def check(rule: Rule, state: PatientState) -> Iterator[Alert]:
        reports = _reports(state, kind)
        if not reports:
            return
        dates = [d for d, _ in reports]
        worst = max(s for _, s in reports)
        yield rule.alert(
            key=max(dates).isoformat(),
            dates=dates,
            no_driving=no_driving,
            patient=Text(
                en=f"{patient.en} {call_today(state).en}", fr=f"{patient.fr} {call_today(state).fr}"
            ),
            prescriber=Text(
                en=f"{title.en} reported on {format_dates(dates).en} (up to {worst}/3). "
                "Contact the patient today.",
                fr=f"{title.fr} signalé(e) le {format_dates(dates).fr} (jusqu'à {worst}/3). "
                "Contactez le patient aujourd'hui.",
            ),
            advice=advice,
        )

    return Rule(
        id=rule_id,
        severity=Severity.URGENT,
        title=title,
        trigger=f"'{kind.value}' logged at any severity (1-3) on a day of the last "
        f"{EDITABLE_DAYS} days.",
        source=_ASSOCIATION,
        check=check,
    )


MANIA = _side_effect_rule(
    rule_id="mania",
    kind=SideEffectKind.AGITATION_EUPHORIA,
    title=Text(en="Agitation or euphoria", fr="Agitation ou euphorie"),
    patient=Text(
        en="Unusual euphoria or agitation can be a manic switch, a known serious side effect of "
        "baclofen. Call 15 if you or those around you are worried.",
        fr="Une euphorie ou une agitation inhabituelle peut être un virage maniaque, un effet "
        "indésirable grave connu du baclofène. Appelez le 15 si vous ou vos proches êtes "
        "inquiets.",
    ),
    advice=Text(
        en="Do not raise the dose. Ask someone you trust to stay close." + _DONT_STOP.en,
        fr="N'augmentez pas la dose. Demandez à un proche de rester près de vous." + _DONT_STOP.fr,
    ),
)

CONFUSION = _side_effect_rule(
    rule_id="confusion",
    kind=SideEffectKind.CONFUSION,
    title=Text(en="Confusion", fr="Confusion"),
    patient=Text(
        en="Confusion can come from a dose too high for you or from withdrawal. Call 15 if it is "
        "severe or getting worse.",
        fr="Une confusion peut venir d'une dose trop forte pour vous ou d'un sevrage. Appelez le "
        "15 si elle est forte ou s'aggrave.",
    ),
    advice=Text(
        en="Do not drive. Do not increase the dose." + _DONT_STOP.en,
        fr="Ne conduisez pas. N'augmentez pas la dose." + _DONT_STOP.fr,
    ),
)

SLEEP_ATTACKS = _side_effect_rule(
    rule_id="sleep_attacks",
    kind=SideEffectKind.SLEEP_ATTACKS,
    title=Text(en="Sudden sleep attacks", fr="Endormissements brutaux"),
    patient=Text(
        en="Do not drive or use machines. Sudden sleep attacks are a dangerous side effect of "
        "baclofen.",
        fr="Ne conduisez pas et n'utilisez pas de machines. Les endormissements brutaux sont un "
        "effet indésirable dangereux du baclofène.",
    ),
    advice=Text(
        en="Do not drive or use machines until a doctor has reviewed the dose; a longer step, a "
        "step back or a fractionated split may help.",
        fr="Ne conduisez pas et n'utilisez pas de machines avant qu'un médecin ait revu la dose ; "
        "un palier plus long, un retour au palier précédent ou des prises fractionnées peuvent "
        "aider.",
    ),
    no_driving=True,
)

RULES = (DARK_THOUGHTS, MANIA, CONFUSION, SLEEP_ATTACKS)
