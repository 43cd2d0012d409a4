"""Population pharmacokinetic parameter sets, loaded from the drug data file.

The numbers live in ``drugs/baclofen.toml`` (each with unit, CV% and source) so that a
pharmacologist can check them without reading Python. This module turns that file into small
immutable value objects and refuses a malformed file with :class:`~baclo.errors.DataError`.
"""

from __future__ import annotations

import functools
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from importlib import resources
from types import MappingProxyType
from typing import Any

import numpy as np
import numpy.typing as npt

from baclo.errors import DataError, InputError

__all__ = [
    "DRUG",
    "PARAMETER_NAMES",
    "PKModel",
    "RenalRelation",
    "ResidualError",
    "Validity",
    "known_drugs",
    "list_models",
    "load_model",
]

DRUG = "baclofen"
#: Parameter keys of the data file: absorption rate, apparent clearance, apparent volume, lag.
PARAMETER_NAMES = ("ka", "cl", "v", "lag")
_UNITS = {"ka": "1/h", "cl": "L/h", "v": "L", "lag": "h"}


@dataclass(frozen=True, kw_only=True)
class Validity:
    """Where a parameter set was estimated; outside it a simulation runs but warns."""

    population: str
    daily_dose_min_mg: float
    daily_dose_max_mg: float
    crcl_min_ml_min: float
    crcl_max_ml_min: float
    note: str = ""


@dataclass(frozen=True, kw_only=True)
class RenalRelation:
    """Creatinine clearance as a covariate on CL/F (Vlavonou et al. 2014: ``vlavonou-2014``).

    ``CL/F = CL_typ x (f_nr + (1 - f_nr) x min(CrCl, cap) / ref)``: a calibration that reproduces
    the dose cuts of Vlavonou et al. 2014 (J Clin Pharmacol 54:584), not their fitted equation.
    Baclofen is 65-69% excreted unchanged in urine (Wuis 1989/1990), hence the small non-renal part.
    """

    relation: str
    nonrenal_fraction: float
    reference_crcl_ml_min: float
    cap_crcl_ml_min: float
    avoid_below_crcl_ml_min: float
    min_crcl_ml_min: float
    max_crcl_ml_min: float
    source: str
    excretion_source: str

    def clearance_factor(self, crcl_ml_min: float | None) -> float:
        """Multiplier of the typical CL/F for a declared creatinine clearance (None: 1).

        With the shipped calibration, 50 mL/min gives 0.15 + 0.85 x 0.5 = 0.575.
        """
        if crcl_ml_min is None:
            return 1.0
        self.check_crcl(crcl_ml_min)
        capped = min(crcl_ml_min, self.cap_crcl_ml_min)
        renal = (1.0 - self.nonrenal_fraction) * capped / self.reference_crcl_ml_min
        return self.nonrenal_fraction + renal

    def check_crcl(self, crcl_ml_min: float) -> None:
        """Refuse a creatinine clearance outside (min, max] mL/min, echoing it."""
        if not (self.min_crcl_ml_min < crcl_ml_min <= self.max_crcl_ml_min):
            raise InputError(
                f"creatinine clearance {crcl_ml_min:g} mL/min is out of range: expected more "
                f"than {self.min_crcl_ml_min:g} and at most {self.max_crcl_ml_min:g} mL/min"
            )


@dataclass(frozen=True, kw_only=True)
class ResidualError:
    """What separates a measured level from the person's own curve: assay and model noise.

    Combined model, variance ``(proportional x C)^2 + additive^2`` (C in mg/L), as in NONMEM's
    usual ``Y = F (1 + EPS1) + EPS2``; ``source`` says which part was published and which assumed.
    """

    proportional: float  # fraction (0.24 for 24%)
    additive_mg_l: float
    source: str

    def sd_mg_l(self, conc_mg_l: npt.NDArray[np.float64]) -> npt.NDArray[np.float64]:
        """Standard deviation (mg/L) of a measurement whose true concentration is ``conc_mg_l``."""
        result: npt.NDArray[np.float64] = np.hypot(
            self.proportional * conc_mg_l, self.additive_mg_l
        )
        return result


@dataclass(frozen=True, kw_only=True)
class PKModel:
    """One population parameter set: typical values, variability, sources, validity.

    Parameters are apparent oral values (CL/F, V/F): doses are the swallowed milligrams.
    ``cv`` maps ``ka``, ``cl``, ``v`` (and ``lag``) to the between-subject CV in percent
    (log-normal); ``ci95`` maps those whose source gives one to the 95% confidence interval of
    the typical value (parameter uncertainty); ``sources`` maps the same keys to the paper and
    table they come from.
    """

    id: str
    name: str
    ka_per_h: float
    cl_l_per_h: float
    v_l: float
    lag_h: float
    cv: Mapping[str, float] = field(repr=False)
    ci95: Mapping[str, tuple[float, float]] = field(repr=False)
    sources: Mapping[str, str] = field(repr=False)
    validity: Validity = field(repr=False)
    citation: str = field(repr=False)
    structure: str = field(repr=False)
    renal: RenalRelation = field(repr=False)
    residual: ResidualError = field(repr=False)
    drug: str

    def __hash__(self) -> int:
        # the mappings (cv, sources) are not hashable; equal models share these fields anyway
        return hash((self.drug, self.id, self.ka_per_h, self.cl_l_per_h, self.v_l, self.lag_h))

    @property
    def reference(self) -> str:
        """Short reference for captions: first author, year and DOI."""
        study = self.name.split(" (")[0]
        doi = self.citation.rpartition("doi:")[2].strip()
        return f"{study}, doi:{doi}" if doi else study

    @property
    def k_per_h(self) -> float:
        """Elimination rate constant CL/V (1/h)."""
        return self.cl_l_per_h / self.v_l

    @property
    def half_life_h(self) -> float:
        """Terminal half-life ln2 x V / CL (h), assuming ka > k (no flip-flop)."""
        return float(0.6931471805599453 / self.k_per_h)

    def parameters(self) -> dict[str, dict[str, Any]]:
        """The parameters as plain data (value, unit, CV%, source), for json output."""
        values = {"ka": self.ka_per_h, "cl": self.cl_l_per_h, "v": self.v_l, "lag": self.lag_h}
        return {
            name: {
                "value": values[name],
                "unit": _UNITS[name],
                "cv_percent": self.cv.get(name, 0.0),
                "ci95": list(self.ci95[name]) if name in self.ci95 else None,
                "source": self.sources.get(name, ""),
            }
            for name in PARAMETER_NAMES
        }


def _number(table: Mapping[str, Any], key: str, where: str) -> float:
    value = table.get(key)
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise DataError(f"{where}: '{key}' must be a number, got {value!r}")
    return float(value)


def _text(table: Mapping[str, Any], key: str, where: str) -> str:
    value = table.get(key)
    if not isinstance(value, str):
        raise DataError(f"{where}: '{key}' must be text, got {value!r}")
    return value


def _interval(value: Any, centre: float, where: str) -> tuple[float, float]:
    """A ``[low, high]`` confidence interval around ``centre``."""
    if (
        not isinstance(value, list)
        or len(value) != 2
        or not all(isinstance(v, int | float) and not isinstance(v, bool) for v in value)
        or not 0 < value[0] <= centre <= value[1]
    ):
        raise DataError(f"{where}: ci95 must be [low, high] around the value, got {value!r}")
    return float(value[0]), float(value[1])


def _renal(table: Mapping[str, Any]) -> RenalRelation:
    where = "renal"
    return RenalRelation(
        relation=_text(table, "relation", where),
        nonrenal_fraction=_number(table, "nonrenal_fraction", where),
        reference_crcl_ml_min=_number(table, "reference_crcl_ml_min", where),
        cap_crcl_ml_min=_number(table, "cap_crcl_ml_min", where),
        avoid_below_crcl_ml_min=_number(table, "avoid_below_crcl_ml_min", where),
        min_crcl_ml_min=_number(table, "min_crcl_ml_min", where),
        max_crcl_ml_min=_number(table, "max_crcl_ml_min", where),
        source=_text(table, "source", where),
        excretion_source=_text(table, "excretion_source", where),
    )


def _residual(table: Any, where: str) -> ResidualError:
    if not isinstance(table, dict):
        raise DataError(f"{where}: missing [residual] table")
    here = f"{where}.residual"
    residual = ResidualError(
        proportional=_number(table, "proportional_percent", here) / 100.0,
        additive_mg_l=_number(table, "additive_mg_l", here),
        source=_text(table, "source", here),
    )
    if min(residual.proportional, residual.additive_mg_l) < 0 or residual.additive_mg_l == 0:
        raise DataError(f"{here}: errors must be >= 0 and the additive part > 0")
    return residual


def _model(model_id: str, table: Mapping[str, Any], renal: RenalRelation, drug: str) -> PKModel:
    where = f"models.{model_id}"
    params = table.get("parameters")
    if not isinstance(params, dict) or set(params) != set(PARAMETER_NAMES):
        raise DataError(f"{where}: 'parameters' must define exactly {', '.join(PARAMETER_NAMES)}")
    values: dict[str, float] = {}
    cv: dict[str, float] = {}
    ci95: dict[str, tuple[float, float]] = {}
    sources: dict[str, str] = {}
    for name in PARAMETER_NAMES:
        entry = params[name]
        here = f"{where}.parameters.{name}"
        if _text(entry, "unit", here) != _UNITS[name]:
            raise DataError(f"{here}: unit must be {_UNITS[name]!r}, got {entry.get('unit')!r}")
        values[name] = _number(entry, "value", here)
        cv[name] = _number(entry, "cv_percent", here)
        sources[name] = _text(entry, "source", here)
        if cv[name] < 0 or values[name] < 0:
            raise DataError(f"{here}: value and cv_percent must be >= 0")
        if "ci95" in entry:
            ci95[name] = _interval(entry["ci95"], values[name], here)
    if min(values["ka"], values["cl"], values["v"]) <= 0 or values["lag"] >= 24:
        raise DataError(f"{where}: ka, cl and v must be > 0 and lag below 24 h")
    validity_table = table.get("validity")
    if not isinstance(validity_table, dict):
        raise DataError(f"{where}: missing [validity] table")
    here = f"{where}.validity"
    validity = Validity(
        population=_text(validity_table, "population", here),
        daily_dose_min_mg=_number(validity_table, "daily_dose_min_mg", here),
        daily_dose_max_mg=_number(validity_table, "daily_dose_max_mg", here),
        crcl_min_ml_min=_number(validity_table, "crcl_min_ml_min", here),
        crcl_max_ml_min=_number(validity_table, "crcl_max_ml_min", here),
        note=str(validity_table.get("note", "")),
    )
    return PKModel(
        id=model_id,
        name=_text(table, "name", where),
        ka_per_h=values["ka"],
        cl_l_per_h=values["cl"],
        v_l=values["v"],
        lag_h=values["lag"],
        cv=MappingProxyType(cv),
        ci95=MappingProxyType(ci95),
        sources=MappingProxyType(sources),
        validity=validity,
        citation=_text(table, "citation", where),
        structure=_text(table, "structure", where),
        renal=renal,
        residual=_residual(table.get("residual"), where),
        drug=drug,
    )


def known_drugs() -> list[str]:
    """Drugs with a data file in ``baclo/pk/drugs`` (file stem = drug name)."""
    folder = resources.files("baclo.pk").joinpath("drugs")
    return sorted(
        p.name.removesuffix(".toml") for p in folder.iterdir() if p.name.endswith(".toml")
    )


@functools.cache
def _catalogue(drug: str) -> tuple[str, tuple[PKModel, ...]]:
    """Parse a drug's data file once: (default id, models in file order)."""
    if drug not in known_drugs():
        raise InputError(f"unknown drug {drug!r}; known drugs: {', '.join(known_drugs())}")
    name = f"{drug}.toml"
    text = resources.files("baclo.pk").joinpath("drugs").joinpath(name).read_text("utf-8")
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise DataError(f"{name}: {error}") from error
    models_table = data.get("models")
    renal_table = data.get("renal")
    if not isinstance(models_table, dict) or not models_table:
        raise DataError(f"{name}: no [models.*] table")
    if not isinstance(renal_table, dict):
        raise DataError(f"{name}: no [renal] table")
    renal = _renal(renal_table)
    models = tuple(_model(mid, table, renal, drug) for mid, table in models_table.items())
    default = _text(data, "default", name)
    if default not in models_table:
        raise DataError(f"{name}: default model {default!r} is not defined")
    return default, models


def list_models(*, drug: str = DRUG) -> list[PKModel]:
    """Every parameter set of the drug's data file, the default first."""
    default, models = _catalogue(drug)
    return sorted(models, key=lambda m: m.id != default)


def load_model(model_id: str | None = None, *, drug: str = DRUG) -> PKModel:
    """The parameter set ``model_id`` of ``drug`` (None: the default, Simon et al. 2018).

    Raises :class:`~baclo.errors.InputError` naming an unknown id or drug and listing the known
    ones.
    """
    default, models = _catalogue(drug)
    wanted = default if model_id is None else model_id
    for model in models:
        if model.id == wanted:
            return model
    known = ", ".join(m.id for m in list_models(drug=drug))
    raise InputError(f"unknown PK model {wanted!r}; known models: {known}")
