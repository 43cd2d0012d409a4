"""The sedative mix: a heavy drinking day on baclofen (by sex, WHO 2000); sedative classes among
the declared co-medications, by class or by French name; unknown names flagged."""

import pytest

from baclo.questionnaires import Sex
from baclo.safety import CoMedication, Severity
from baclo.safety.medications import DeclaredMedication
from tests.safety.make import day, entry, fired, state


@pytest.mark.parametrize(
    ("drinks", "dose", "plan", "sex", "expected"),
    [
        pytest.param(6, 60, {}, Sex.MALE, 0, id="man-6-drinks"),
        pytest.param(6.1, 60, {}, Sex.MALE, 1, id="man-6.1-drinks"),
        pytest.param(4, 60, {}, Sex.FEMALE, 0, id="woman-4-drinks"),
        pytest.param(4.1, 60, {}, Sex.FEMALE, 1, id="woman-4.1-drinks"),
        pytest.param(4, 60, {}, None, 0, id="unknown-4-drinks"),
        pytest.param(4.1, 60, {}, None, 1, id="unknown-sex-uses-the-lower-threshold"),
        pytest.param(9, 0, {}, Sex.MALE, 0, id="not-on-baclofen"),
        pytest.param(9, 0, {6: 30}, Sex.MALE, 1, id="planned-dose-counts"),
    ],
)
def test_heavy_drinking_day_on_baclofen(drinks, dose, plan, sex, expected):
    patient = state([entry(6, dose=dose, alcohol=drinks)], plan=plan, sex=sex)
    alerts = fired("heavy_drinking", patient)
    assert len(alerts) == expected
    if alerts:
        assert alerts[0].severity is Severity.WARNING
        assert "15" in alerts[0].advice.en


def test_heavy_drinking_names_the_threshold_used():
    patient = state([entry(6, dose=60, alcohol=5)], sex=Sex.FEMALE)
    [alert] = fired("heavy_drinking", patient)
    assert "more than 4" in alert.patient_message.en
    assert "40 g" in alert.prescriber_message.en


@pytest.mark.parametrize(
    ("declared", "key"),
    [
        pytest.param({CoMedication.BENZODIAZEPINES}, "benzodiazepines", id="benzodiazepines"),
        pytest.param({CoMedication.OPIOIDS}, "opioids", id="opioids"),
        pytest.param({CoMedication.GABAPENTINOIDS}, "gabapentinoids", id="gabapentinoids"),
        pytest.param({CoMedication.Z_DRUGS}, "z_drugs", id="z-drugs"),
        pytest.param(
            {CoMedication.OPIOIDS, CoMedication.BENZODIAZEPINES},
            "benzodiazepines+opioids",
            id="both",
        ),
    ],
)
def test_sedative_co_medication_warns_once(declared, key):
    [alert] = fired("sedative_comedication", state(co_medications=declared))
    assert alert.key == f"sedative_comedication:{key}"
    assert alert.severity is Severity.WARNING


@pytest.mark.parametrize(
    ("name", "key"),
    [
        pytest.param("Théralène", "sedating_antihistamines", id="alimemazine-brand"),
        pytest.param("alimémazine", "sedating_antihistamines", id="alimemazine-inn"),
        pytest.param("hydroxyzine", "sedating_antihistamines", id="hydroxyzine"),
        pytest.param("Xeroquel 50 mg", "sedating_antipsychotics", id="quetiapine-brand-dosage"),
        pytest.param("mirtazapine", "sedating_antidepressants", id="mirtazapine"),
        pytest.param("LYRICA", "gabapentinoids", id="pregabalin-upper-case"),
        pytest.param("Stilnox", "z_drugs", id="zolpidem-brand"),
        pytest.param("Imovane 7,5mg", "z_drugs", id="zopiclone-brand-dosage"),
    ],
)
def test_a_french_name_is_matched_to_its_class(name, key):
    patient = state(medications=[DeclaredMedication(name=name)])
    [alert] = fired("sedative_comedication", patient)
    assert alert.key == f"sedative_comedication:{key}"


def test_gabapentinoids_also_warn_about_the_kidneys():
    patient = state(medications=[DeclaredMedication(name="gabapentine")])
    [alert] = fired("sedative_comedication", patient)
    assert "kidneys" in alert.patient_message.en
    assert "reins" in alert.patient_message.fr


@pytest.mark.parametrize(
    ("names", "expected"),
    [
        pytest.param([], 0, id="none"),
        pytest.param(["paracétamol"], 1, id="not-in-the-list"),
        pytest.param(["Xanax", "  "], 0, id="known-and-blank"),
    ],
)
def test_an_unknown_name_is_kept_and_flagged_for_the_prescriber(names, expected):
    patient = state(medications=[DeclaredMedication(name=n) for n in names])
    alerts = fired("unknown_medication", patient)
    assert len(alerts) == expected
    if alerts:
        assert "paracétamol" in alerts[0].prescriber_message.en
        assert alerts[0].severity is Severity.INFO


def test_no_co_medication_no_warning():
    assert fired("sedative_comedication", state()) == []


def test_the_class_names_are_translated():
    declared = {CoMedication.OPIOIDS, CoMedication.BENZODIAZEPINES}
    [alert] = fired("sedative_comedication", state(co_medications=declared))
    assert "benzodiazepines, opioids" in alert.patient_message.en
    assert "benzodiazépines, opioïdes" in alert.patient_message.fr


def test_the_day_a_medicine_was_declared_is_kept():
    patient = state(medications=[DeclaredMedication(name="ibuprofène", since=day(5))])
    assert patient.started_since({CoMedication.NSAIDS}, day(0)) == ["ibuprofène"]
    assert patient.started_since({CoMedication.NSAIDS}, day(6)) == []
