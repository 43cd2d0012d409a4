"""A patient's journal as a FHIR R4 (R4B, 4.3.0) ``Bundle`` of type ``collection``.

Built and validated with ``fhir.resources`` (its ``R4B`` package: 4.3.0 is the technical
correction of R4 4.0.1 and keeps these resources' shape). One ``Patient``, then per journal
day: a ``MedicationStatement`` per baclofen intake (ATC M03BX01, dose in UCUM mg, the dosage's
``text`` the dose as the patient's tablets, ``40 mg = 2 × 20 mg``) and
``Observation``s (category ``survey``) for craving 0-10, alcohol in grams of ethanol, mood
0-10 and each side effect's severity 0-3. Codes without a standard equivalent use the local
system :data:`BACLO_SYSTEM` and always carry a readable ``text``. Ids are stable UUIDs
(uuid5), so a re-export of the same data is identical.
"""

from __future__ import annotations

import datetime as dt
import json
import uuid
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from fhir.resources.R4B.bundle import Bundle

from baclo.protocols.tablets import TabletSet
from baclo.web.accounts.models import User
from baclo.web.care.services import patient_tablets
from baclo.web.journal.models import JournalEntry

__all__ = ["BACLO_SYSTEM", "patient_bundle"]

BACLO_SYSTEM = "urn:baclo:journal"
ATC_SYSTEM = "http://www.whocc.no/atc"
BACLOFEN_ATC = "M03BX01"
UCUM = "http://unitsofmeasure.org"
CATEGORY_SYSTEM = "http://terminology.hl7.org/CodeSystem/observation-category"
_NAMESPACE = uuid.UUID("6f1f4c1e-6a52-4d7c-9d4b-5b0c2a7e0b01")


def _urn(*parts: object) -> str:
    return f"urn:uuid:{uuid.uuid5(_NAMESPACE, '/'.join(str(p) for p in parts))}"


def _at(date: dt.date, hhmm: str) -> str:
    zone = ZoneInfo(settings.TIME_ZONE)
    return dt.datetime.combine(date, dt.time.fromisoformat(hhmm), tzinfo=zone).isoformat()


def _observation(
    subject: str, date: dt.date, code: str, text: str, value: dict[str, Any]
) -> dict[str, Any]:
    return {
        "resourceType": "Observation",
        "status": "final",
        "category": [{"coding": [{"system": CATEGORY_SYSTEM, "code": "survey"}]}],
        "code": {"coding": [{"system": BACLO_SYSTEM, "code": code}], "text": text},
        "subject": {"reference": subject},
        "effectiveDateTime": date.isoformat(),
        **value,
    }


def _score(value: int, high: int) -> dict[str, Any]:
    return {
        "valueQuantity": {
            "value": value,
            "unit": f"score 0-{high}",
            "system": UCUM,
            "code": "{score}",
        }
    }


def _dosage_text(dose_mg: float, tablets: TabletSet) -> str:
    """``40 mg = 2 × 20 mg``; the dose alone when the patient's tablets cannot make it."""
    if not tablets.can_make(dose_mg):
        return f"{dose_mg:g} mg"
    return f"{dose_mg:g} mg = {tablets.describe(dose_mg).en}"


def _day(subject: str, entry: JournalEntry, tablets: TabletSet) -> list[tuple[str, dict[str, Any]]]:
    data, date, key = entry.data, entry.date, (entry.patient_id, entry.date.isoformat())
    resources = [
        (
            _urn(*key, "intake", index),
            {
                "resourceType": "MedicationStatement",
                "status": "completed",
                "medicationCodeableConcept": {
                    "coding": [{"system": ATC_SYSTEM, "code": BACLOFEN_ATC, "display": "baclofen"}],
                    "text": "baclofen",
                },
                "subject": {"reference": subject},
                "effectiveDateTime": _at(date, intake["time"]),
                "dosage": [
                    {
                        "text": _dosage_text(intake["dose_mg"], tablets),
                        "route": {"text": "oral"},
                        "doseAndRate": [
                            {
                                "doseQuantity": {
                                    "value": intake["dose_mg"],
                                    "unit": "mg",
                                    "system": UCUM,
                                    "code": "mg",
                                }
                            }
                        ],
                    }
                ],
            },
        )
        for index, intake in enumerate(data["intakes"])
    ]
    if data["craving"] is not None:
        craving = _observation(
            subject,
            date,
            "craving",
            "Craving intensity (0-10)",
            _score(data["craving"]["intensity"], 10),
        )
        if data["craving"]["onset"] is not None:
            craving["component"] = [
                {
                    "code": {
                        "coding": [{"system": BACLO_SYSTEM, "code": "craving-onset"}],
                        "text": "Craving onset",
                    },
                    "valueTime": data["craving"]["onset"] + ":00",
                }
            ]
        resources.append((_urn(*key, "craving"), craving))
    grams = {
        "valueQuantity": {"value": data["alcohol_g"], "unit": "g", "system": UCUM, "code": "g"}
    }
    resources.append(
        (
            _urn(*key, "alcohol"),
            _observation(subject, date, "alcohol-g", "Alcohol drunk (grams of ethanol)", grams),
        )
    )
    if data["mood"] is not None:
        resources.append(
            (
                _urn(*key, "mood"),
                _observation(subject, date, "mood", "Mood (0-10)", _score(data["mood"], 10)),
            )
        )
    for effect in data["side_effects"]:
        kind = effect["kind"]
        resources.append(
            (
                _urn(*key, "side-effect", kind),
                _observation(
                    subject,
                    date,
                    f"side-effect-{kind}",
                    f"Side effect: {kind.replace('_', ' ')} (severity 0-3)",
                    _score(effect["severity"], 3),
                ),
            )
        )
    return resources


def patient_bundle(patient: User) -> dict[str, Any]:
    """The FHIR Bundle of ``patient``'s journal, validated by ``fhir.resources``, as JSON data."""
    subject = _urn(patient.pk, "patient")
    person: dict[str, Any] = {
        "resourceType": "Patient",
        "identifier": [{"system": "urn:baclo:username", "value": patient.username}],
        "active": patient.is_active,
        "communication": [
            {"language": {"coding": [{"system": "urn:ietf:bcp:47", "code": patient.language}]}}
        ],
    }
    if patient.first_name or patient.last_name:
        person["name"] = [{"given": [patient.first_name], "family": patient.last_name}]
    resources = [(subject, person)]
    tablets = patient_tablets(patient)
    for entry in JournalEntry.objects.filter(patient=patient).order_by("date"):
        resources.extend(_day(subject, entry, tablets))
    bundle = Bundle.model_validate(
        {
            "resourceType": "Bundle",
            "type": "collection",
            "entry": [{"fullUrl": url, "resource": resource} for url, resource in resources],
        }
    )
    return json.loads(bundle.model_dump_json())
