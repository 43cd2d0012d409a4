"""The drug data file: published values, sources, validity, the renal calibration."""

from __future__ import annotations

import pytest

from baclo.errors import InputError
from baclo.pk import list_models, load_model
from baclo.pk.model import PARAMETER_NAMES, known_drugs


@pytest.mark.parametrize(
    ("model_id", "ka", "cl", "v", "cv"),
    [
        # Simon et al. 2018, Front Psychiatry 9:385, abstract (final model, IIV).
        ("simon-2018", 1.64, 11.6, 72.8, {"ka": 44.0, "cl": 21.0, "v": 22.0}),
        # Chevillard et al. 2018, Fundam Clin Pharmacol, abstract.
        ("chevillard-2018", 2.23, 8.0, 44.5, {"ka": 0.0, "cl": 27.4, "v": 86.0}),
        # Marsot et al. 2014, Alcohol Clin Exp Res, abstract.
        ("marsot-2014", 4.6, 9.9, 80.7, {"ka": 0.0, "cl": 56.0, "v": 68.3}),
    ],
    ids=["simon", "chevillard", "marsot"],
)
def test_parameter_sets_hold_the_published_values(model_id, ka, cl, v, cv):
    model = load_model(model_id)
    assert (model.ka_per_h, model.cl_l_per_h, model.v_l, model.lag_h) == (ka, cl, v, 0.0)
    assert {name: model.cv[name] for name in cv} == cv


@pytest.mark.parametrize(
    ("model_id", "half_life"),
    [("simon-2018", 4.4), ("chevillard-2018", 3.9), ("marsot-2014", 5.6)],
    ids=["simon", "chevillard", "marsot"],
)
def test_half_lives_match_the_papers(model_id, half_life):
    # Half-lives quoted by the papers (Marsot: ~5.6 h from CL and V); 0.1 h rounding.
    assert load_model(model_id).half_life_h == pytest.approx(half_life, abs=0.11)


def test_default_model_is_simon_2018_and_listed_first():
    assert load_model().id == "simon-2018"
    assert [m.id for m in list_models()] == ["simon-2018", "chevillard-2018", "marsot-2014"]


@pytest.mark.parametrize("model", list_models(), ids=lambda m: m.id)
def test_every_parameter_has_a_unit_a_source_and_a_cv(model):
    parameters = model.parameters()
    assert set(parameters) == set(PARAMETER_NAMES)
    for entry in parameters.values():
        assert entry["unit"]
        assert entry["cv_percent"] >= 0
        assert len(entry["source"]) > 10
    assert "doi:" in model.citation
    assert model.validity.daily_dose_max_mg >= 240


def test_unknown_model_is_refused_naming_it_and_the_known_ones():
    with pytest.raises(
        InputError, match=r"'nobody-1999'.*simon-2018, chevillard-2018, marsot-2014"
    ):
        load_model("nobody-1999")


def test_unknown_drug_is_refused_naming_it():
    assert known_drugs() == ["baclofen"]
    with pytest.raises(InputError, match=r"'aspirin'.*baclofen"):
        load_model(drug="aspirin")


@pytest.mark.parametrize(
    ("crcl", "factor"),
    [(None, 1.0), (100.0, 1.0), (150.0, 1.0), (50.0, 0.575), (30.0, 0.405), (10.0, 0.235)],
    ids=["unknown", "reference", "capped-above-100", "50", "30", "10"],
)
def test_renal_clearance_factor_follows_the_calibrated_relation(crcl, factor):
    assert load_model().renal.clearance_factor(crcl) == pytest.approx(factor)


@pytest.mark.parametrize(
    ("crcl", "cut"),
    # Vlavonou et al. 2014: cut the dose by 1/3, 1/2, 2/3 in mild (50-80 mL/min), moderate
    # (30-50) and severe (< 30) impairment to match the exposure of normal renal function.
    # Equal AUC needs dose x factor; the cut is 1 - factor, here at each group's middle
    # (severe: 20 mL/min). The calibration is rough: 0.05 absolute.
    [(65.0, 1 / 3), (40.0, 1 / 2), (20.0, 2 / 3)],
    ids=["mild", "moderate", "severe"],
)
def test_renal_relation_reproduces_the_published_dose_cuts_roughly(crcl, cut):
    assert 1.0 - load_model().renal.clearance_factor(crcl) == pytest.approx(cut, abs=0.05)


@pytest.mark.parametrize(
    "crcl", [0.0, -5.0, 250.5, float("nan")], ids=["0", "negative", "251", "nan"]
)
def test_creatinine_clearance_outside_0_250_is_refused(crcl):
    with pytest.raises(InputError, match="creatinine clearance"):
        load_model().renal.clearance_factor(crcl)
