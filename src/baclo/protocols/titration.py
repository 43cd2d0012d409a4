"""Titration protocols: the staircase of daily doses that leads to the effective dose.

Every protocol baclo knows is the same shape: a first dose held for a few days, then a fixed
increment at every step, optionally a larger second increment once a given dose is reached
(the 2014 RTU scheme), optionally a protocol maximum (the 2018 label). One value object,
:class:`Titration`, therefore describes them all; :data:`PROTOCOLS` says where each comes from.

Sources (keys of :mod:`baclo.sources`):

* ``ameisen``, ``beaurepaire``, ``rtu-2014``: the tables of the Association Baclofène's
  document (``association-baclofene``, section "Posologie"), themselves from O. Ameisen
  (``ameisen-2008``), R. de Beaurepaire (``de-beaurepaire-2012``), and the ANSM temporary use
  recommendation of 14 March 2014 (``ansm-rtu-2014``).
* ``label``: Baclocur summary of product characteristics (``baclocur-smpc-2018``), section 4.2:
  15 to 20 mg/day in 2 to 4 intakes for 3 days, then +10 mg every 3 or 4 days, 80 mg/day at most.
  https://base-donnees-publique.medicaments.gouv.fr/affichageDoc.php?specid=66009893&typedoc=R
"""

from __future__ import annotations

import enum
import math
from dataclasses import dataclass

from baclo.errors import FieldError, InputError
from baclo.protocols.inputs import HARD_LIMIT_MG, positive_dose
from baclo.questionnaires import Text
from baclo.sources import cite
from baclo.text import number_fr

__all__ = [
    "HARD_LIMIT_MG",
    "LABEL_MAX_MG",
    "PROTOCOLS",
    "TITRATION_PARAMETERS",
    "ProtocolId",
    "ProtocolInfo",
    "Titration",
    "make_titration",
    "parse_protocol_id",
]

LABEL_MAX_MG = 80.0
"""Maximum daily dose of the 2018 label (Baclocur SmPC section 4.2); baclo's default ceiling."""

_MAX_DAYS_PER_STEP = 28

TITRATION_PARAMETERS = (
    "start_mg",
    "increment_mg",
    "days_per_step",
    "second_increment_mg",
    "second_increment_from_mg",
)
"""Names of the keyword arguments of :func:`make_titration`, as stored in a plan's JSON."""


class ProtocolId(enum.StrEnum):
    """Identifiers of the titration protocols, as typed on the command line and stored."""

    AMEISEN = "ameisen"
    BEAUREPAIRE = "beaurepaire"
    RTU_2014 = "rtu-2014"
    LABEL = "label"
    CUSTOM = "custom"


@dataclass(frozen=True, kw_only=True)
class ProtocolInfo:
    """What a person needs to choose a protocol: a name, one line, and where it comes from."""

    id: ProtocolId
    #: The human name pages show ("Ameisen", "RTU 2014"), never the id.
    title: Text
    #: One line on how the dose climbs.
    summary: Text
    source: str

    @property
    def name(self) -> str:
        """The English name (the CLI's and the API's)."""
        return self.title.en

    @property
    def description(self) -> str:
        """The English one-line summary (the CLI's and the API's)."""
        return self.summary.en


_SMPC = cite("baclocur-smpc-2018")

PROTOCOLS: dict[ProtocolId, ProtocolInfo] = {
    info.id: info
    for info in (
        ProtocolInfo(
            id=ProtocolId.AMEISEN,
            title=Text(en="Ameisen", fr="Ameisen"),
            summary=Text(
                en="Start 30 mg/day, +20 mg every 3 days until craving disappears (fast).",
                fr="Départ à 30 mg/jour, +20 mg tous les 3 jours jusqu'à la disparition du "
                "craving (rapide).",
            ),
            source=cite("ameisen-2008", "association-baclofene"),
        ),
        ProtocolInfo(
            id=ProtocolId.BEAUREPAIRE,
            title=Text(en="de Beaurepaire", fr="de Beaurepaire"),
            summary=Text(
                en="Start 10 mg/day, +10 mg (one tablet) every 3 days (slower, fewer side "
                "effects).",
                fr="Départ à 10 mg/jour, +10 mg (un comprimé) tous les 3 jours (plus lent, moins "
                "d'effets indésirables).",
            ),
            source=cite("de-beaurepaire-2012", "association-baclofene"),
        ),
        ProtocolInfo(
            id=ProtocolId.RTU_2014,
            title=Text(en="RTU 2014", fr="RTU 2014"),
            summary=Text(
                en="Start 15 mg/day, +5 mg every 3 days up to 30 mg, then +10 mg every 3 days.",
                fr="Départ à 15 mg/jour, +5 mg tous les 3 jours jusqu'à 30 mg, puis +10 mg tous "
                "les 3 jours.",
            ),
            source=cite("ansm-rtu-2014", "association-baclofene"),
        ),
        ProtocolInfo(
            id=ProtocolId.LABEL,
            title=Text(en="Label (Baclocur 2018)", fr="AMM (Baclocur 2018)"),
            summary=Text(
                en="Start 15-20 mg/day for 3 days, +10 mg every 3 or 4 days, 80 mg/day at most.",
                fr="Départ à 15-20 mg/jour pendant 3 jours, +10 mg tous les 3 ou 4 jours, "
                "80 mg/jour au plus.",
            ),
            source=_SMPC,
        ),
        ProtocolInfo(
            id=ProtocolId.CUSTOM,
            title=Text(en="Custom", fr="Personnalisé"),
            summary=Text(
                en="Your prescriber's staircase: start dose, increment, days per step, "
                "optionally a second increment from a given dose.",
                fr="L'escalier de votre prescripteur : dose de départ, palier, jours par palier, "
                "éventuellement un second palier à partir d'une dose donnée.",
            ),
            source="Set by the prescriber.",
        ),
    )
}


@dataclass(frozen=True, kw_only=True)
class Titration:
    """A staircase of daily doses, in mg/day.

    Step ``k`` (0-based) lasts ``days_per_step`` days. The dose rises by ``increment_mg`` per
    step; once it has reached ``second_increment_from_mg`` it rises by ``second_increment_mg``
    instead; it never rises above ``max_mg`` when the protocol has its own maximum.

    >>> make_titration("rtu-2014").step_dose(4)
    40.0
    """

    protocol: ProtocolId
    start_mg: float
    increment_mg: float
    days_per_step: int
    second_increment_mg: float | None = None
    second_increment_from_mg: float | None = None
    max_mg: float | None = None

    @property
    def info(self) -> ProtocolInfo:
        return PROTOCOLS[self.protocol]

    def step_dose(self, step: int) -> float:
        """Daily dose of step ``step`` (0-based), mg/day, before any ceiling."""
        if step < 0:
            raise ValueError(f"step must be >= 0, got {step}")
        dose = self._uncapped_step_dose(step)
        return dose if self.max_mg is None else min(dose, self.max_mg)

    def _uncapped_step_dose(self, step: int) -> float:
        if self.second_increment_mg is None or self.second_increment_from_mg is None:
            return self.start_mg + self.increment_mg * step
        gap = max(self.second_increment_from_mg - self.start_mg, 0.0)
        first_steps = math.ceil(gap / self.increment_mg)
        if step <= first_steps:
            return self.start_mg + self.increment_mg * step
        switch_dose = self.start_mg + self.increment_mg * first_steps
        return switch_dose + self.second_increment_mg * (step - first_steps)

    def parameters(self) -> dict[str, float | int | None]:
        """The adjustable numbers, as stored in a plan's JSON (see :func:`make_titration`)."""
        return {
            "start_mg": self.start_mg,
            "increment_mg": self.increment_mg,
            "days_per_step": self.days_per_step,
            "second_increment_mg": self.second_increment_mg,
            "second_increment_from_mg": self.second_increment_from_mg,
        }


_FIXED: dict[ProtocolId, Titration] = {
    ProtocolId.AMEISEN: Titration(
        protocol=ProtocolId.AMEISEN, start_mg=30.0, increment_mg=20.0, days_per_step=3
    ),
    ProtocolId.BEAUREPAIRE: Titration(
        protocol=ProtocolId.BEAUREPAIRE, start_mg=10.0, increment_mg=10.0, days_per_step=3
    ),
    ProtocolId.RTU_2014: Titration(
        protocol=ProtocolId.RTU_2014,
        start_mg=15.0,
        increment_mg=5.0,
        days_per_step=3,
        second_increment_mg=10.0,
        second_increment_from_mg=30.0,
    ),
}

LABEL_START_RANGE_MG = (15.0, 20.0)
LABEL_DAYS_PER_STEP = (3, 4)
LABEL_INCREMENT_MG = 10.0


def parse_protocol_id(value: str) -> ProtocolId:
    """The protocol id named by ``value``, or an error listing the known ids."""
    try:
        return ProtocolId(value)
    except ValueError:
        known = ", ".join(p.value for p in ProtocolId)
        raise FieldError(
            "protocol",
            Text(
                en=f"unknown protocol {value!r}; choose one of {known}",
                fr=f"protocole inconnu {value!r} ; choisissez parmi {known}",
            ),
            code="unknown",
        ) from None


def make_titration(
    protocol: str,
    *,
    start_mg: float | None = None,
    increment_mg: float | None = None,
    days_per_step: int | None = None,
    second_increment_mg: float | None = None,
    second_increment_from_mg: float | None = None,
) -> Titration:
    """Build the titration of ``protocol`` with the parameters it accepts.

    ``ameisen``, ``beaurepaire`` and ``rtu-2014`` are fixed tables and accept no parameter.
    ``label`` accepts ``start_mg`` in 15-20 and ``days_per_step`` in 3-4 (defaults 15 and 3,
    the SmPC's ranges); its increment is 10 mg and it stops at 80 mg/day. ``custom`` needs
    ``start_mg``, ``increment_mg`` and ``days_per_step``, and optionally both
    ``second_increment_mg`` and ``second_increment_from_mg``.
    """
    pid = parse_protocol_id(protocol)
    given = {
        "start_mg": start_mg,
        "increment_mg": increment_mg,
        "days_per_step": days_per_step,
        "second_increment_mg": second_increment_mg,
        "second_increment_from_mg": second_increment_from_mg,
    }
    if pid in _FIXED:
        extra = [name for name, value in given.items() if value is not None]
        if extra:
            raise InputError(f"protocol {pid.value!r} is a fixed table and takes no {extra[0]}")
        return _FIXED[pid]
    if pid is ProtocolId.LABEL:
        return _label(start_mg, increment_mg, days_per_step, second_increment_mg)
    return _custom(
        start_mg, increment_mg, days_per_step, second_increment_mg, second_increment_from_mg
    )


def _label(
    start_mg: float | None,
    increment_mg: float | None,
    days_per_step: int | None,
    second_increment_mg: float | None,
) -> Titration:
    if increment_mg not in (None, LABEL_INCREMENT_MG) or second_increment_mg is not None:
        raise FieldError(
            "increment_mg",
            Text(
                en="the label's increment is 10 mg per step",
                fr="le schéma de l'AMM monte de 10 mg par marche : l'augmentation ne se règle pas",
            ),
            code="not_adjustable",
        )
    start = LABEL_START_RANGE_MG[0] if start_mg is None else float(start_mg)
    low, high = LABEL_START_RANGE_MG
    if not low <= start <= high:
        raise FieldError(
            "start_mg",
            Text(
                en=f"label start dose must be {low:g}-{high:g} mg/day, got {start:g}",
                fr=f"la dose de départ de l'AMM est de {number_fr(low)} à {number_fr(high)} "
                f"mg/jour, reçu {number_fr(start)}",
            ),
            code="out_of_range",
        )
    days = LABEL_DAYS_PER_STEP[0] if days_per_step is None else days_per_step
    if days not in LABEL_DAYS_PER_STEP:
        raise FieldError(
            "days_per_step",
            Text(
                en=f"label steps last 3 or 4 days, got {days}",
                fr=f"les marches de l'AMM durent 3 ou 4 jours, reçu {days}",
            ),
            code="out_of_range",
        )
    return Titration(
        protocol=ProtocolId.LABEL,
        start_mg=start,
        increment_mg=LABEL_INCREMENT_MG,
        days_per_step=days,
        max_mg=LABEL_MAX_MG,
    )


_REQUIRED_FOR_CUSTOM = Text(
    en="is required for a custom protocol", fr="obligatoire pour un protocole personnalisé"
)


def _positive_dose(field: str, value: float | None) -> float:
    if value is None:
        raise FieldError(
            field,
            _REQUIRED_FOR_CUSTOM,
            code="required",
        )
    dose = positive_dose(field, value)
    if dose > HARD_LIMIT_MG:
        raise FieldError(
            field,
            Text(
                en=f"must be at most {HARD_LIMIT_MG:g} mg, got {dose:g}",
                fr=f"au plus {HARD_LIMIT_MG:g} mg, reçu {number_fr(dose)}",
            ),
            code="range",
        )
    return dose


def _custom(
    start_mg: float | None,
    increment_mg: float | None,
    days_per_step: int | None,
    second_increment_mg: float | None,
    second_increment_from_mg: float | None,
) -> Titration:
    start = _positive_dose("start_mg", start_mg)
    increment = _positive_dose("increment_mg", increment_mg)
    if days_per_step is None:
        raise FieldError(
            "days_per_step",
            _REQUIRED_FOR_CUSTOM,
            code="required",
        )
    if not 1 <= days_per_step <= _MAX_DAYS_PER_STEP:
        raise FieldError(
            "days_per_step",
            Text(
                en=f"must be 1-{_MAX_DAYS_PER_STEP} days, got {days_per_step}",
                fr=f"de 1 à {_MAX_DAYS_PER_STEP} jours par marche, reçu {days_per_step}",
            ),
            code="out_of_range",
        )
    if (second_increment_mg is None) != (second_increment_from_mg is None):
        raise FieldError(
            "second_increment_mg",
            Text(
                en="a second increment needs both the increment and the dose it starts from",
                fr="une seconde augmentation demande son montant et la dose à partir de laquelle "
                "elle s'applique",
            ),
            code="incomplete",
        )
    second = (
        None
        if second_increment_mg is None
        else _positive_dose("second_increment_mg", second_increment_mg)
    )
    second_from = (
        None
        if second_increment_from_mg is None
        else _positive_dose("second_increment_from_mg", second_increment_from_mg)
    )
    return Titration(
        protocol=ProtocolId.CUSTOM,
        start_mg=start,
        increment_mg=increment,
        days_per_step=days_per_step,
        second_increment_mg=second,
        second_increment_from_mg=second_from,
    )
