"""The names other modules, the CLI and the web app import from ``baclo.pk`` stay available."""

from __future__ import annotations

import dataclasses
import inspect

import baclo.pk

# Announced to the other engineers ; removing or renaming one breaks their code.
PINNED = {
    "PKModel",
    "load_model",
    "list_models",
    "Dose",
    "DailyIntake",
    "concentration",
    "steady_state_concentration",
    "simulate",
    "Simulation",
    "daily_metrics",
    "concentration_at_clock",
    "time_above",
}


def test_pinned_names_are_exported():
    assert set(baclo.pk.__all__) >= PINNED
    assert all(hasattr(baclo.pk, name) for name in baclo.pk.__all__)


def test_value_objects_are_frozen_with_the_announced_fields():
    dose = {f.name for f in dataclasses.fields(baclo.pk.Dose)}
    intake = {f.name for f in dataclasses.fields(baclo.pk.DailyIntake)}
    model = {f.name for f in dataclasses.fields(baclo.pk.PKModel)}
    assert dose == {"time_h", "dose_mg"}
    assert intake == {"time", "dose_mg"}
    assert model >= {
        "id",
        "name",
        "ka_per_h",
        "cl_l_per_h",
        "v_l",
        "lag_h",
        "cv",
        "sources",
        "validity",
    }
    for cls in (baclo.pk.Dose, baclo.pk.DailyIntake, baclo.pk.PKModel, baclo.pk.Simulation):
        assert cls.__dataclass_params__.frozen


def test_simulate_keeps_its_announced_keywords_and_defaults():
    parameters = inspect.signature(baclo.pk.simulate).parameters
    defaults = {name: p.default for name, p in parameters.items() if name != "daily"}
    assert defaults == {
        "days": 7,
        "crcl_ml_min": None,
        "model_id": None,
        "drug": "baclofen",
        "step_min": 6,
        "n_subjects": 1000,
        "seed": 2026,
    }
