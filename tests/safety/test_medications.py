"""French medicine names matched to their class: case, accents, brand names, a dosage after the
name; anything else is kept as written."""

import pytest

from baclo.safety.medications import (
    COMMON_MEDICINES,
    MEDICATION_NAMES,
    CoMedication,
    match_medication,
    match_medications,
    normalise_name,
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("Stilnox 10mg", "stilnox", id="dosage-dropped"),
        pytest.param("  Prégabaline  ", "pregabaline", id="accents-and-spaces"),
        pytest.param("Xanax LP 0,5 mg", "xanax lp", id="decimal-comma"),
        pytest.param("THÉRALÈNE®", "theralene", id="registered-sign"),
    ],
)
def test_names_are_normalised(text, expected):
    assert normalise_name(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("Xanax LP", CoMedication.BENZODIAZEPINES, id="first-word"),
        pytest.param("dafalgan codeine", CoMedication.OPIOIDS, id="two-word-name"),
        pytest.param("furosémide 40 mg", CoMedication.DIURETICS, id="diuretic"),
        pytest.param("Advil", CoMedication.NSAIDS, id="nsaid-brand"),
        pytest.param("doliprane", None, id="paracetamol-is-not-listed"),
        pytest.param("", None, id="empty"),
    ],
)
def test_a_name_is_matched_to_its_class(text, expected):
    assert match_medication(text) is expected


def test_unmatched_names_are_kept_as_written_once():
    found = match_medications(["Zolpidem", "Tisane maison", "tisane maison ", "Tisane maison"])
    assert found.classes == {CoMedication.Z_DRUGS}
    assert found.unmatched == ("Tisane maison", "tisane maison")


@pytest.mark.parametrize("name", sorted(MEDICATION_NAMES), ids=sorted(MEDICATION_NAMES))
def test_every_listed_name_is_already_normalised(name):
    assert normalise_name(name) == name


@pytest.mark.parametrize(
    ("expected", "name"),
    [(c, n) for c, names in COMMON_MEDICINES for n in names],
    ids=[n for _, names in COMMON_MEDICINES for n in names],
)
def test_every_name_of_the_picker_matches_its_class(expected, name):
    assert match_medication(name) is expected
