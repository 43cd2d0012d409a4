"""Doses above the plan or the ceiling, and the tiered notices above 80, 120 and 180 mg/day.

Product rule (docs/architecture.md, Product rules): default ceiling 80 mg/day, raised only by a
prescriber, never above 300 mg/day. The tiers show the French regulatory history as dated facts,
never as a claim about today's law:

* 14 Mar 2014, RTU: up to 300 mg/day; specialist opinion advised above 120, collegial opinion
  required above 180 mg/day;
* Jul 2017: a national health-insurance/ANSM study (2009-2015) found a death risk x1.5 at
  75-180 mg/day and x2.27 above 180 mg/day versus other alcohol-dependence drugs; the RTU
  maximum was cut to 80 mg/day;
* Oct 2018: Baclocur authorised, maximum 80 mg/day;
* Mar 2021: an administrative court annulled the 80 mg/day limit; ANSM then recommended a
  specialised multidisciplinary assessment above 80 mg/day; Jan 2022: the appeal court stayed
  that judgment pending its ruling.

Missing days: a day without an entry has no taken dose to compare; a day without a planned dose
is only compared with the ceiling.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass

from baclo.protocols.ceiling import COLLEGIAL_OPINION_MG, SPECIALIST_OPINION_MG
from baclo.protocols.titration import HARD_LIMIT_MG, LABEL_MAX_MG
from baclo.questionnaires import Text
from baclo.safety.alerts import Alert, Rule, Severity
from baclo.safety.contact import ask_doctor
from baclo.safety.labels import format_date, format_dates, format_mg
from baclo.safety.state import PatientState
from baclo.safety.urgent import EDITABLE_DAYS
from baclo.sources import cite

__all__ = ["DOSE_TIERS", "RULES", "DoseTier"]

#: Doses are sums of floats: ignore differences below a microgram.
_TOLERANCE_MG = 1e-6


def _ceiling(state: PatientState) -> float:
    if state.ceiling_mg is None:
        return HARD_LIMIT_MG
    return min(state.ceiling_mg, HARD_LIMIT_MG)


def _check_ceiling(rule: Rule, state: PatientState) -> Iterator[Alert]:
    ceiling = _ceiling(state)
    days = [e for e in state.logged(EDITABLE_DAYS) if e.dose_mg > ceiling + _TOLERANCE_MG]
    if not days:
        return
    dates = [e.date for e in days]
    highest = max(e.dose_mg for e in days)
    yield rule.alert(
        key=max(dates).isoformat(),
        dates=dates,
        patient=Text(
            en=f"You took up to {format_mg(highest)} mg/day, above your ceiling of "
            f"{format_mg(ceiling)} mg/day. Do not go above it without the agreement of "
            f"{ask_doctor(state).en}: side effects and risks grow with the dose.",
            fr=f"Vous avez pris jusqu'à {format_mg(highest)} mg/jour, au-dessus de votre plafond "
            f"de {format_mg(ceiling)} mg/jour. Ne le dépassez pas sans l'accord de "
            f"{ask_doctor(state).fr} : effets indésirables et risques augmentent avec la dose.",
        ),
        prescriber=Text(
            en=f"Doses above the ceiling ({format_mg(ceiling)} mg/day) on "
            f"{format_dates(dates).en}, up to {format_mg(highest)} mg/day.",
            fr=f"Doses au-dessus du plafond ({format_mg(ceiling)} mg/jour) le "
            f"{format_dates(dates).fr}, jusqu'à {format_mg(highest)} mg/jour.",
        ),
        advice=Text(
            en="Go back to the planned dose, without stopping abruptly.",
            fr="Revenez à la dose prévue, sans arrêt brutal.",
        ),
    )


ABOVE_CEILING = Rule(
    id="dose_above_ceiling",
    severity=Severity.WARNING,
    title=Text(en="Dose above the ceiling", fr="Dose au-dessus du plafond"),
    trigger=(
        f"a logged daily dose of the last {EDITABLE_DAYS} days above the plan's ceiling (or "
        f"above {format_mg(HARD_LIMIT_MG)} mg/day, the hard limit, when no ceiling is known)."
    ),
    source=cite("baclocur-smpc-2018", "ansm-rtu-2014", "ansm-2021"),
    check=_check_ceiling,
)


def _check_plan(rule: Rule, state: PatientState) -> Iterator[Alert]:
    ceiling = _ceiling(state)
    days: list[tuple[dt.date, float, float]] = []
    for entry in state.logged(EDITABLE_DAYS):
        planned = state.planned(entry.date)
        if planned is None or entry.dose_mg > ceiling + _TOLERANCE_MG:
            continue
        if entry.dose_mg > planned + _TOLERANCE_MG:
            days.append((entry.date, entry.dose_mg, planned))
    if not days:
        return
    date, taken, planned = days[-1]
    dates = [d for d, _, _ in days]
    yield rule.alert(
        key=date.isoformat(),
        dates=dates,
        patient=Text(
            en=f"On {format_date(date).en} you took {format_mg(taken)} mg, more than the "
            f"{format_mg(planned)} mg planned. Follow the plan; if craving is too strong, talk "
            f"to {ask_doctor(state).en} rather than adding intakes.",
            fr=f"Le {format_date(date).fr}, vous avez pris {format_mg(taken)} mg, plus que les "
            f"{format_mg(planned)} mg prévus. Suivez le plan ; si le craving est trop fort, "
            f"parlez-en à {ask_doctor(state).fr} plutôt que d'ajouter des prises.",
        ),
        prescriber=Text(
            en=f"Doses above the plan on {format_dates(dates).en} (latest: {format_mg(taken)} mg "
            f"taken, {format_mg(planned)} mg planned).",
            fr=f"Doses au-dessus du plan le {format_dates(dates).fr} (dernière : "
            f"{format_mg(taken)} mg pris, {format_mg(planned)} mg prévus).",
        ),
        advice=Text(
            en="Climbing faster than planned brings more side effects.",
            fr="Monter plus vite que prévu donne plus d'effets indésirables.",
        ),
    )


ABOVE_PLAN = Rule(
    id="dose_above_plan",
    severity=Severity.WARNING,
    title=Text(en="Dose above the plan", fr="Dose au-dessus du plan"),
    trigger=(
        f"a logged daily dose of the last {EDITABLE_DAYS} days above that day's planned dose "
        "(days already above the ceiling are left to dose_above_ceiling)."
    ),
    source=cite("association-baclofene"),
    check=_check_plan,
)


@dataclass(frozen=True, kw_only=True)
class DoseTier:
    """A dose above which a dated regulatory fact must be shown."""

    above_mg: float
    facts: Text


DOSE_TIERS = (
    DoseTier(
        above_mg=COLLEGIAL_OPINION_MG,
        facts=Text(
            en="The 2014 RTU required a collegial opinion above 180 mg/day; in July 2017 a "
            "health-insurance/ANSM study (2009-2015 data) found a death risk 2.27 times higher "
            "above 180 mg/day than with other alcohol-dependence drugs.",
            fr="La RTU de 2014 exigeait un avis collégial au-delà de 180 mg/jour ; en juillet "
            "2017, une étude Assurance maladie/ANSM (données 2009-2015) a trouvé un risque de "
            "décès 2,27 fois plus élevé au-delà de 180 mg/jour qu'avec les autres médicaments de "
            "la dépendance à l'alcool.",
        ),
    ),
    DoseTier(
        above_mg=SPECIALIST_OPINION_MG,
        facts=Text(
            en="The 2014 RTU advised a specialist's opinion above 120 mg/day; the July 2017 "
            "study found a death risk 1.5 times higher at 75-180 mg/day.",
            fr="La RTU de 2014 conseillait un avis spécialisé au-delà de 120 mg/jour ; l'étude "
            "de juillet 2017 a trouvé un risque de décès 1,5 fois plus élevé entre 75 et "
            "180 mg/jour.",
        ),
    ),
    DoseTier(
        above_mg=LABEL_MAX_MG,
        facts=Text(
            en="80 mg/day is the maximum of the marketing authorisation (Baclocur, October "
            "2018); since March 2021 ANSM has strongly recommended a specialised "
            "multidisciplinary assessment above it (the court rulings of 2021-2022 are still "
            "debated).",
            fr="80 mg/jour est le maximum de l'autorisation de mise sur le marché (Baclocur, "
            "octobre 2018) ; depuis mars 2021, l'ANSM recommande fortement une évaluation "
            "pluridisciplinaire spécialisée au-delà (les décisions de justice de 2021-2022 "
            "restent débattues).",
        ),
    ),
)


def _check_tier(rule: Rule, state: PatientState) -> Iterator[Alert]:
    logged = [e.dose_mg for e in state.logged(EDITABLE_DAYS) if e.dose_mg > 0]
    dose = max(state.planned(state.today) or 0.0, logged[-1] if logged else 0.0)
    tier = next((t for t in DOSE_TIERS if dose > t.above_mg), None)
    if tier is None:
        return
    above = format_mg(tier.above_mg)
    yield rule.alert(
        key=above,
        patient=Text(
            en=f"Your dose ({format_mg(dose)} mg/day) is above {above} mg/day. "
            f"{tier.facts.en} These are dated facts, not a judgement of your treatment: keep "
            f"{ask_doctor(state).en} closely involved.",
            fr=f"Votre dose ({format_mg(dose)} mg/jour) dépasse {above} mg/jour. "
            f"{tier.facts.fr} Ce sont des faits datés, pas un jugement sur votre traitement : "
            f"gardez {ask_doctor(state).fr} étroitement associé.",
        ),
        prescriber=Text(
            en=f"Current dose {format_mg(dose)} mg/day, above {above} mg/day. {tier.facts.en}",
            fr=f"Dose actuelle {format_mg(dose)} mg/jour, au-dessus de {above} mg/jour. "
            f"{tier.facts.fr}",
        ),
        advice=Text(
            en="Monthly follow-up at least; never stop abruptly.",
            fr="Suivi au moins mensuel ; jamais d'arrêt brutal.",
        ),
    )


DOSE_TIER = Rule(
    id="dose_tier",
    severity=Severity.INFO,
    title=Text(en="High-dose notice", fr="Information dose élevée"),
    trigger=(
        "today's planned dose, or the latest logged dose of the last "
        f"{EDITABLE_DAYS} days, whichever is higher, is above 80, 120 or 180 mg/day (the "
        "highest tier passed is shown)."
    ),
    source=cite(
        "ansm-rtu-2014", "cnam-ansm-2017", "ansm-2017-80mg", "baclocur-smpc-2018", "ansm-2021"
    ),
    check=_check_tier,
)

RULES = (ABOVE_CEILING, ABOVE_PLAN, DOSE_TIER)
