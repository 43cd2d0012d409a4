"""Treatment planning: titration protocols, the plan engine, daily split, taper, calendar.

Pure domain code (no Django): the CLI (``baclo protocols``, ``plan``, ``split``, ``taper``) and
the web app call these functions. See docs/planning.md.

Public API::

    make_titration, PROTOCOLS, ProtocolId     titration protocols (titration.py)
    PlanSpec, PlanEvent, EventKind, build_plan, Plan   the plan engine (plan.py)
    SplitRequest, SplitMode, split_daily_dose, Split   the daily split (split.py)
    build_taper, TaperSpeed, Taper            the taper (taper.py)
    schedule_for, calendar_ics                calendar export (calendar.py)
    TabletSet, DEFAULT_TABLETS                the patient's tablets (tablets.py)
"""

from baclo.protocols.calendar import calendar_ics, schedule_for
from baclo.protocols.plan import EventKind, Plan, PlanEvent, PlanSpec, build_plan
from baclo.protocols.split import Split, SplitMode, SplitRequest, split_daily_dose
from baclo.protocols.tablets import DEFAULT_TABLETS, TabletSet
from baclo.protocols.taper import Taper, TaperSpeed, build_taper
from baclo.protocols.titration import PROTOCOLS, ProtocolId, Titration, make_titration

__all__ = [
    "DEFAULT_TABLETS",
    "PROTOCOLS",
    "EventKind",
    "Plan",
    "PlanEvent",
    "PlanSpec",
    "ProtocolId",
    "Split",
    "SplitMode",
    "SplitRequest",
    "TabletSet",
    "Taper",
    "TaperSpeed",
    "Titration",
    "build_plan",
    "build_taper",
    "calendar_ics",
    "make_titration",
    "schedule_for",
    "split_daily_dose",
]
