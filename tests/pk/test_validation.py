"""External validation: the documented table is the code's, and the default model holds on it."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from baclo.pk import load_model
from baclo.pk.validation import OBSERVATIONS, UNVERIFIED, markdown_table, predictions

DOC = Path(__file__).resolve().parents[2] / "docs" / "pk-validation.md"


def test_the_documented_table_is_the_one_the_code_prints():
    assert markdown_table() in DOC.read_text(encoding="utf-8")


@pytest.mark.parametrize("entry", UNVERIFIED, ids=[e.split(" ")[0] for e in UNVERIFIED])
def test_every_source_without_readable_figures_is_listed_in_the_doc(entry):
    assert f"- {entry}\n" in DOC.read_text(encoding="utf-8")


def test_every_observation_names_a_dated_source():
    for observation in OBSERVATIONS:
        assert re.search(r"(19|20)\d\d", observation.study), observation.study


@pytest.mark.parametrize(
    "quantity", ["CL/F", "AUC (model: 0-inf; study: 0-t)"], ids=["clearance", "auc"]
)
def test_the_default_model_gets_exposure_right_within_15_percent(quantity):
    simon = load_model()
    for observation, (predicted,) in predictions([simon]):
        if observation.quantity == quantity:
            assert 0.85 < predicted / observation.observed < 1.15, observation.study


def test_the_default_model_peaks_about_a_quarter_below_fasting_volunteers():
    simon = load_model()
    ratios = [
        predicted / observation.observed
        for observation, (predicted,) in predictions([simon])
        if observation.quantity == "Cmax"
    ]
    assert len(ratios) == 2
    assert all(0.65 < ratio < 0.85 for ratio in ratios)
