"""The patient's pharmacokinetic parameters: population values after renal function, or own ones.

The coverage model predicts concentrations from the intakes a patient logged. By default it uses
the population model's typical values (Simon et al. 2018, Front Psychiatry 9:385), with CL/F
lowered for a declared creatinine clearance by the calibrated renal relation (after Vlavonou et
al. 2014, J Clin Pharmacol 54:584). When a prescriber has individual estimates (maximum a
posteriori values from measured levels), they replace the typical ones: the renal covariate is
then already inside the individual CL/F and is not applied again.
"""

from __future__ import annotations

import dataclasses
import math
from dataclasses import dataclass

from baclo.errors import FieldError
from baclo.pk import PKModel, individual_parameters, load_model
from baclo.pk.bayes import Individualisation

__all__ = ["Kinetics"]


@dataclass(frozen=True, kw_only=True)
class Kinetics:
    """Apparent one-compartment parameters of one patient and where they come from.

    ``model`` is the population model the values belong to; ``as_model()`` is that model with
    these values, so that every concentration goes through the PK engine.
    """

    model: PKModel
    ka_per_h: float
    cl_l_per_h: float
    v_l: float
    individual: bool
    crcl_ml_min: float | None = None

    @classmethod
    def population(
        cls, *, crcl_ml_min: float | None = None, model_id: str | None = None
    ) -> Kinetics:
        """Typical values of the model (default Simon 2018) after the renal covariate."""
        model = load_model(model_id)
        typical = individual_parameters(model, crcl_ml_min)
        return cls(
            model=model,
            ka_per_h=typical.ka_per_h,
            cl_l_per_h=typical.k_per_h * typical.v_l,
            v_l=typical.v_l,
            individual=False,
            crcl_ml_min=crcl_ml_min,
        )

    @classmethod
    def own(
        cls,
        *,
        ka_per_h: float,
        cl_l_per_h: float,
        v_l: float,
        model_id: str | None = None,
    ) -> Kinetics:
        """The patient's own estimates (e.g. from measured levels); each must be positive."""
        for name, value in (("ka_per_h", ka_per_h), ("cl_l_per_h", cl_l_per_h), ("v_l", v_l)):
            if not math.isfinite(value) or value <= 0:
                raise FieldError(name, f"must be a positive number, got {value:g}", code="range")
        return cls(
            model=load_model(model_id),
            ka_per_h=ka_per_h,
            cl_l_per_h=cl_l_per_h,
            v_l=v_l,
            individual=True,
        )

    @classmethod
    def from_levels(cls, result: Individualisation) -> Kinetics:
        """The maximum a posteriori parameters of :func:`baclo.pk.bayes.individualise`."""
        mode = result.mode
        return cls.own(
            ka_per_h=mode["ka"], cl_l_per_h=mode["cl"], v_l=mode["v"], model_id=result.model.id
        )

    def as_model(self) -> PKModel:
        """The population model carrying these values (no renal covariate left to apply)."""
        return dataclasses.replace(
            self.model, ka_per_h=self.ka_per_h, cl_l_per_h=self.cl_l_per_h, v_l=self.v_l
        )

    @property
    def half_life_h(self) -> float:
        return math.log(2.0) * self.v_l / self.cl_l_per_h

    def describe(self) -> str:
        """One line for captions: whose parameters, and the covariate applied."""
        if self.individual:
            return f"individual estimates (CL/F {self.cl_l_per_h:.1f} L/h, V/F {self.v_l:.0f} L)"
        renal = (
            "normal renal function"
            if self.crcl_ml_min is None
            else f"creatinine clearance {self.crcl_ml_min:g} mL/min"
        )
        return f"population typical values ({self.model.reference}), {renal}"
