"""The daily-dose ceiling: who may set it, and what must be said when it is high.

Product rule (docs/architecture.md, from the French regulatory history shown as dated facts):
the default ceiling is the label maximum, 80 mg/day (Baclocur SmPC, 2018); only a prescriber
may raise it, with a recorded acknowledgement; never above 300 mg/day (2014 RTU maximum; ANSM
recommendations of 2021). Notices are tiered at 80, 120 and 180 mg/day:

* above 80: ANSM (2021) strongly recommends a specialised multidisciplinary assessment;
* above 120: the 2014 RTU advised a specialist's opinion;
* above 180: the 2014 RTU required a collegial opinion, and the 2017 health-insurance/ANSM
  study (2009-2015 data) found a 2.27-fold death risk versus other alcohol-dependence drugs.
"""

from __future__ import annotations

import enum
import math
from dataclasses import dataclass

from baclo.errors import FieldError
from baclo.protocols.titration import HARD_LIMIT_MG, LABEL_MAX_MG
from baclo.questionnaires import Text
from baclo.text import number_fr

__all__ = [
    "COLLEGIAL_OPINION_MG",
    "SPECIALIST_OPINION_MG",
    "Notice",
    "NoticeCode",
    "ceiling_notices",
    "check_ceiling",
]

SPECIALIST_OPINION_MG = 120.0
COLLEGIAL_OPINION_MG = 180.0


class NoticeCode(enum.StrEnum):
    """Stable codes a UI can translate."""

    PRESCRIBER_ONLY = "ceiling_above_label"
    SPECIALIST_OPINION = "ceiling_above_120"
    COLLEGIAL_OPINION = "ceiling_above_180"
    RENAL_LONGER_STEPS = "renal_longer_steps"
    RENAL_CEILING_ADVICE = "renal_ceiling_advice"
    RENAL_MILD = "renal_mild"
    TABLETS_ROUND_CEILING = "ceiling_not_takeable"


@dataclass(frozen=True, kw_only=True)
class Notice:
    """A message that must travel with a result (shown on stderr, in JSON, on the page)."""

    code: NoticeCode
    message: str
    text: Text | None = None
    """The message in English and French, when the page shows it as written (else by code)."""

    def to_dict(self) -> dict[str, str]:
        """``code``, ``message`` (English) and ``message_fr``."""
        french = self.message if self.text is None else self.text.fr
        return {"code": self.code.value, "message": self.message, "message_fr": french}


def check_ceiling(ceiling_mg: float) -> float:
    """Return ``ceiling_mg`` as a float if it is a possible ceiling, else raise ``FieldError``."""
    if not math.isfinite(ceiling_mg) or ceiling_mg <= 0:
        raise FieldError(
            "ceiling_mg",
            Text(
                en=f"must be a positive dose in mg/day, got {ceiling_mg:g}",
                fr=f"le plafond est une dose positive en mg/jour, reçu {number_fr(ceiling_mg)}",
            ),
            code="range",
        )
    if ceiling_mg > HARD_LIMIT_MG:
        raise FieldError(
            "ceiling_mg",
            Text(
                en=f"{ceiling_mg:g} mg/day is above the hard limit of {HARD_LIMIT_MG:g} mg/day",
                fr=f"{number_fr(ceiling_mg)} mg/jour dépasse la limite absolue de "
                f"{HARD_LIMIT_MG:g} mg/jour",
            ),
            code="above_hard_limit",
        )
    return float(ceiling_mg)


def ceiling_notices(ceiling_mg: float) -> tuple[Notice, ...]:
    """The notices a ceiling of ``ceiling_mg`` mg/day must carry, mildest first."""
    notices: list[Notice] = []
    if ceiling_mg > LABEL_MAX_MG:
        notices.append(
            Notice(
                code=NoticeCode.PRESCRIBER_ONLY,
                message=(
                    f"ceiling {ceiling_mg:g} mg/day is above the label maximum of "
                    f"{LABEL_MAX_MG:g} mg/day (Baclocur SmPC 2018): only a prescriber may set "
                    "it, with a recorded acknowledgement; ANSM (2021) strongly recommends a "
                    "specialised multidisciplinary assessment above 80 mg/day"
                ),
            )
        )
    if ceiling_mg > SPECIALIST_OPINION_MG:
        notices.append(
            Notice(
                code=NoticeCode.SPECIALIST_OPINION,
                message=(
                    f"above {SPECIALIST_OPINION_MG:g} mg/day the 2014 RTU advised a "
                    "specialist's opinion (addiction medicine)"
                ),
            )
        )
    if ceiling_mg > COLLEGIAL_OPINION_MG:
        notices.append(
            Notice(
                code=NoticeCode.COLLEGIAL_OPINION,
                message=(
                    f"above {COLLEGIAL_OPINION_MG:g} mg/day the 2014 RTU required a collegial "
                    "opinion; the 2017 CNAM/ANSM study found a 2.27-fold death risk versus "
                    "other alcohol-dependence drugs at these doses"
                ),
            )
        )
    return tuple(notices)
