"""Short bilingual names used inside alert messages."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from baclo.journal import SideEffectKind
from baclo.questionnaires import Text

__all__ = [
    "SIDE_EFFECT_LABELS",
    "crcl_note",
    "declared_kidneys",
    "format_date",
    "format_dates",
    "format_decimal",
    "format_mg",
    "format_ng_ml",
    "side_effect_names",
]

SIDE_EFFECT_LABELS: dict[SideEffectKind, Text] = {
    SideEffectKind.FATIGUE: Text(en="fatigue", fr="fatigue"),
    SideEffectKind.SOMNOLENCE: Text(en="somnolence", fr="somnolence"),
    SideEffectKind.INSOMNIA: Text(en="insomnia", fr="insomnie"),
    SideEffectKind.DIZZINESS: Text(en="dizziness", fr="vertiges"),
    SideEffectKind.SEXUAL: Text(en="sexual troubles", fr="troubles sexuels"),
    SideEffectKind.HEARING_VISION_SPEECH: Text(
        en="hearing, vision or speech troubles",
        fr="troubles de l'audition, de la vue ou de la parole",
    ),
    SideEffectKind.NAUSEA: Text(en="nausea", fr="nausées"),
    SideEffectKind.MOOD_LOW: Text(en="low mood", fr="humeur basse"),
    SideEffectKind.DARK_THOUGHTS: Text(en="dark thoughts", fr="idées noires"),
    SideEffectKind.CONFUSION: Text(en="confusion", fr="confusion"),
    SideEffectKind.AGITATION_EUPHORIA: Text(en="agitation or euphoria", fr="agitation ou euphorie"),
    SideEffectKind.SLEEP_ATTACKS: Text(en="sudden sleep attacks", fr="endormissements brutaux"),
    SideEffectKind.OTHER: Text(en="another side effect", fr="un autre effet indésirable"),
}


def side_effect_names(kinds: Iterable[SideEffectKind]) -> Text:
    """``"fatigue, dizziness"`` in both languages, in the enum's order, without repeats."""
    wanted = set(kinds)
    ordered = [k for k in SideEffectKind if k in wanted]
    return Text(
        en=", ".join(SIDE_EFFECT_LABELS[k].en for k in ordered),
        fr=", ".join(SIDE_EFFECT_LABELS[k].fr for k in ordered),
    )


_MONTHS = Text(
    en="Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec",
    fr="janv. févr. mars avr. mai juin juil. août sept. oct. nov. déc.",
)


def format_date(day: dt.date) -> Text:
    """``3 Dec 2026`` / ``3 déc. 2026``: a date as people read it, never an ISO code."""
    return Text(
        en=f"{day.day} {_MONTHS.en.split()[day.month - 1]} {day.year}",
        fr=f"{day.day} {_MONTHS.fr.split()[day.month - 1]} {day.year}",
    )


def format_dates(dates: Iterable[dt.date]) -> Text:
    """Several dates, oldest first, without repeats, as :func:`format_date` writes each."""
    days = sorted(set(dates))
    return Text(
        en=", ".join(format_date(d).en for d in days),
        fr=", ".join(format_date(d).fr for d in days),
    )


def format_decimal(value: float, digits: int = 1) -> Text:
    """``2.5`` in English, ``2,5`` in French: a decimal as each language writes it."""
    text = f"{value:.{digits}f}"
    return Text(en=text, fr=text.replace(".", ","))


def format_ng_ml(mg_per_l: float) -> str:
    """A concentration as clinical laboratories report it: 1.34 mg/L is ``"1340"`` ng/mL.

    The API speaks mg/L (SI-like, for programs); every text a person reads speaks ng/mL (µg/L).
    """
    return f"{mg_per_l * 1000:.0f}"


def format_mg(mg: float) -> str:
    """``"30"`` for 30.0, ``"12.5"`` for 12.5: doses as people write them."""
    return f"{mg:g}"


def declared_kidneys(crcl_ml_min: float) -> Text:
    """``your declared kidney function (creatinine clearance 40 mL/min)``, inside a sentence."""
    return Text(
        en=f"your declared kidney function (creatinine clearance {crcl_ml_min:g} mL/min)",
        fr=f"votre fonction rénale déclarée (clairance de la créatinine {crcl_ml_min:g} mL/min)",
    )


def crcl_note(crcl_ml_min: float | None) -> Text:
    """``, CrCl 40 mL/min`` (``ClCr`` in French) for a prescriber's line; empty when unknown."""
    if crcl_ml_min is None:
        return Text(en="", fr="")
    return Text(en=f", CrCl {crcl_ml_min:g} mL/min", fr=f", ClCr {crcl_ml_min:g} mL/min")
