"""External validation: each bundled model against published data it was not built from.

``python -m baclo.pk.validation`` prints the table of docs/pk-validation.md (markdown) and draws
``docs/img/pk-validation.png`` (predicted / observed per study and model). Every observed number
below was read in the cited abstract or label; a study whose figures could not be read is listed
in :data:`UNVERIFIED` with no number. Predictions are the typical subject of each model (its
median), single doses on a 1-minute grid, steady states in closed form.
"""

from __future__ import annotations

import argparse
import datetime as dt
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from baclo.pk.engine import repeated_daily_concentration, steady_state_concentration
from baclo.pk.model import PKModel, list_models
from baclo.pk.population import sample_subjects
from baclo.pk.schedule import DailyIntake
from baclo.sources import source

__all__ = ["OBSERVATIONS", "UNVERIFIED", "Observation", "markdown_table", "predictions"]

_MINUTES = np.arange(0, 24 * 60 + 1) / 60.0


@dataclass(frozen=True, kw_only=True)
class Observation:
    """One published figure and how a model predicts it (``predict(model)``, same unit)."""

    key: str  # short name for the figure
    study: str
    population: str
    quantity: str
    unit: str
    observed: float
    spread: str
    predict: Callable[[PKModel], float]


def _single_dose(model: PKModel, dose_mg: float) -> np.ndarray:
    return repeated_daily_concentration(
        model, [DailyIntake(time=dt.time(0), dose_mg=dose_mg)], 1, _MINUTES
    )


def _cmax_ng_ml(dose_mg: float) -> Callable[[PKModel], float]:
    return lambda model: float(_single_dose(model, dose_mg).max() * 1000)


def _tmax_h(dose_mg: float) -> Callable[[PKModel], float]:
    return lambda model: float(_MINUTES[int(np.argmax(_single_dose(model, dose_mg)))])


def _auc_ng_h_ml(dose_mg: float) -> Callable[[PKModel], float]:
    # AUC(0-inf) of a linear model is dose / (CL/F)
    return lambda model: dose_mg / model.cl_l_per_h * 1000


def _clearance_ml_min(model: PKModel) -> float:
    return model.cl_l_per_h * 1000 / 60


def _clearance_cv_percent(model: PKModel) -> float:
    subjects = sample_subjects(model, 20_000, seed=2026, parameter_uncertainty=False)
    clearance = subjects.k_per_h * subjects.v_l
    return float(np.std(clearance) / np.mean(clearance) * 100)


def _half_life_h(model: PKModel) -> float:
    return model.half_life_h


_THREE_A_DAY = [DailyIntake(time=dt.time(h), dose_mg=20.0) for h in (8, 14, 20)]


def _steady_tmax_h(model: PKModel) -> float:
    """Time from the 08:00 intake to its peak at steady state, three intakes a day."""
    clock = 8.0 + np.arange(0, 6 * 60) / 60.0
    return float(clock[int(np.argmax(steady_state_concentration(model, _THREE_A_DAY, clock)))] - 8)


def _steady_fluctuation_percent(model: PKModel) -> float:
    """(Cmax - Cmin) / Cmin over a steady-state day, three intakes a day, in %."""
    day = steady_state_concentration(model, _THREE_A_DAY, _MINUTES[:-1])
    return float((day.max() - day.min()) / day.min() * 100)


OBSERVATIONS: tuple[Observation, ...] = (
    Observation(
        key="IJCPT 2017",
        study="Int J Clin Pharmacol Ther 2017;55(2):194-200 (authors not read), reference tablet",
        population="22 healthy men, 10 mg, fasting bioequivalence design",
        quantity="Cmax",
        unit="ng/mL",
        observed=138.8,
        spread="SD 31.4",
        predict=_cmax_ng_ml(10.0),
    ),
    Observation(
        key="IJCPT 2017",
        study="Int J Clin Pharmacol Ther 2017;55(2):194-200, reference tablet",
        population="22 healthy men, 10 mg",
        quantity="tmax (median)",
        unit="h",
        observed=1.25,
        spread="test tablet 1.50",
        predict=_tmax_h(10.0),
    ),
    Observation(
        key="Foroutan 2003",
        study="Foroutan SM, Shafaati A, Zarghi A, Khoddam A. Iran J Pharm Res 2003;2(3)",
        population="healthy volunteers, 50 mg (2 x 25 mg Lioresal)",
        quantity="Cmax",
        unit="ng/mL",
        observed=737.6,
        spread="mean",
        predict=_cmax_ng_ml(50.0),
    ),
    Observation(
        key="Foroutan 2003",
        study="Foroutan et al. 2003 (as above)",
        population="healthy volunteers, 50 mg",
        quantity="AUC (model: 0-inf; study: 0-t)",
        unit="ng.h/mL",
        observed=3980.3,
        spread="mean",
        predict=_auc_ng_h_ml(50.0),
    ),
    Observation(
        key="Ozobax 2019",
        study="OZOBAX (baclofen) oral solution, prescribing information, Metacel 2019",
        population="healthy men, 20 mg oral solution, fasting",
        quantity="tmax",
        unit="h",
        observed=0.75,
        spread="'about'",
        predict=_tmax_h(20.0),
    ),
    Observation(
        key="Ozobax 2019",
        study="OZOBAX prescribing information 2019 (as above)",
        population="healthy men, 20 mg oral solution",
        quantity="half-life",
        unit="h",
        observed=5.7,
        spread="'about'",
        predict=_half_life_h,
    ),
    Observation(
        key="Kochak 1985",
        study="Kochak GM, Rakhit A, Wagner WE, et al. Clin Pharmacol Ther 1985;38:251-257",
        population="healthy subjects, intestinal infusion and oral bolus",
        quantity="CL/F",
        unit="mL/min",
        observed=180.0,
        spread="mean",
        predict=_clearance_ml_min,
    ),
    Observation(
        key="Kochak 1985",
        study="Kochak et al. 1985 (as above)",
        population="healthy subjects",
        quantity="half-life (ln 2 / beta, beta 0.191/h)",
        unit="h",
        observed=round(math.log(2) / 0.191, 2),
        spread="mean",
        predict=_half_life_h,
    ),
    Observation(
        key="Wuis 1989",
        study="Wuis EW, Dirks MJM, Vree TB, Van der Kleijn E. Eur J Clin Pharmacol 1989;37:181-184",
        population="4 healthy subjects, 40 mg single dose",
        quantity="half-life",
        unit="h",
        observed=6.80,
        spread="SD 0.68",
        predict=_half_life_h,
    ),
    Observation(
        key="Wuis 1990",
        study="Wuis EW, Dirks MJM, Vree TB, Van der Kleijn E. Pharm Weekbl 1990;12:71-74",
        population="6 spastic patients, 30-80 mg/day, steady state",
        quantity="CL/F",
        unit="mL/min",
        observed=175.0,
        spread="SD 44",
        predict=_clearance_ml_min,
    ),
    Observation(
        key="Wuis 1990",
        study="Wuis et al. 1990 (as above)",
        population="6 spastic patients",
        quantity="CV of CL/F",
        unit="%",
        observed=round(44 / 175 * 100, 1),
        spread="from SD/mean",
        predict=_clearance_cv_percent,
    ),
    Observation(
        key="Wuis 1990",
        study="Wuis et al. 1990 (as above)",
        population="6 spastic patients, steady state (model: 3 x 20 mg/day)",
        quantity="tmax after a dose",
        unit="h",
        observed=1.9,
        spread="SD 0.7",
        predict=_steady_tmax_h,
    ),
    Observation(
        key="Wuis 1990",
        study="Wuis et al. 1990 (as above)",
        population="6 spastic patients (model: 3 x 20 mg/day)",
        quantity="fluctuation (Cmax-Cmin)/Cmin",
        unit="%",
        observed=313.5,
        spread="midpoint of the range 188-439",
        predict=_steady_fluctuation_percent,
    ),
)

#: Data sets looked for and not usable here: no figure is invented for them. Each entry says
#: what could be read and where the figures were looked for (abstracts, labels, their reprints).
UNVERIFIED = (
    f"{source('lingford-hughes-2018').citation()} (often cited as Durant et al.): 12 healthy men "
    "(placebo, 10 and 60 mg) and 8 abstinent alcohol-dependent men (placebo, 60 and 90 mg), "
    "single oral doses, plasma sampled up to 6 h. The abstract (PubMed Central PMC6302106, "
    "Frontiers, Imperial College repository) reports no significant group difference in t1/2, "
    "tmax, Cmax or AUC; the group means sit in the full text's results, which could not be read "
    "here.",
    "LYVISPAH (baclofen) oral granules, prescribing information, Saol Therapeutics, 11/2021 "
    "(5, 10 and 20 mg packets): its indications, dosage forms and administration (with or "
    "without water, soft foods, enteral tubes) were read, its clinical pharmacology section "
    "(Cmax, AUC, tmax, half-life, food effect) could not be; the approval announcement "
    "(Saol, 12/2021) states bioequivalence with baclofen tablets, without figures.",
    "FLEQSUVY (baclofen) oral suspension 25 mg/5 mL, prescribing information, Azurity "
    "Pharmaceuticals, NDA 215602 approved 02/2022: approval rests on a bioavailability study in "
    "healthy adults against baclofen 20 mg tablets (approval announcements); its "
    "pharmacokinetic figures and feeding conditions could not be read.",
    "OZOBAX prescribing information 2019 (and its 07/2021 revision): Cmax and AUC of the 20 mg "
    "study could not be read here (only tmax ~0.75 h and half-life ~5.7 h).",
    f"{source('peterson-1985').citation()} Single 20 mg doses, 5 healthy volunteers, fasting "
    "and with a standard meal, crossover: the rate and the extent of absorption were measured, "
    "but only the abstract's opening and the title's conclusion could be read, not the figures.",
    "Agarwal SK, Kriel RL, Cloyd JC, et al. J Child Neurol 2015;30:37-41: oral bioavailability "
    "74% and AUC CV 18-24% (5 or 10 mg); no Cmax or tmax in the abstract.",
)


def predictions(models: Sequence[PKModel] | None = None) -> list[tuple[Observation, list[float]]]:
    """Each observation with every model's prediction (models in ``list_models`` order)."""
    chosen = list(models) if models is not None else list_models()
    return [(obs, [obs.predict(model) for model in chosen]) for obs in OBSERVATIONS]


def _number(value: float) -> str:
    return f"{value:.3g}" if abs(value) < 1000 else f"{value:,.0f}"


def markdown_table(models: Sequence[PKModel] | None = None) -> str:
    """The validation table: observed, then each model's prediction and predicted/observed."""
    chosen = list(models) if models is not None else list_models()
    head = "| source | population | quantity | observed |"
    head += "".join(f" {m.id} (ratio) |" for m in chosen)
    rule = "|---|---|---|---|" + "---|" * len(chosen)
    rows = [head, rule]
    for obs, predicted in predictions(chosen):
        cells = "".join(f" {_number(p)} ({p / obs.observed:.2f}) |" for p in predicted)
        rows.append(
            f"| {obs.study} | {obs.population} | {obs.quantity} ({obs.unit}) | "
            f"{_number(obs.observed)} ({obs.spread}) |{cells}"
        )
    return "\n".join(rows) + "\n"


def write_figure(path: Path, models: Sequence[PKModel] | None = None) -> None:
    """Predicted / observed per observation (rows) and model (markers), log scale."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    chosen = list(models) if models is not None else list_models()
    found = predictions(chosen)
    figure = Figure(figsize=(8, 6.5))
    FigureCanvasAgg(figure)
    axes = figure.add_subplot()
    rows = np.arange(len(found))[::-1]
    for index, (model, marker) in enumerate(zip(chosen, "os^", strict=False)):
        ratios = [predicted[index] / obs.observed for obs, predicted in found]
        axes.scatter(ratios, rows, marker=marker, label=model.id)
    axes.axvline(1.0, color="black", linewidth=1)
    axes.axvspan(0.8, 1.25, color="grey", alpha=0.15, label="0.80-1.25")
    axes.set_xscale("log")
    axes.set_yticks(rows, [f"{o.key}: {o.quantity[:30]}" for o, _ in found], fontsize=7)
    axes.set_xlabel("predicted / observed (typical subject)")
    axes.legend(loc="lower right", fontsize=8)
    axes.set_title("baclofen models against published data they were not built from", fontsize=10)
    figure.tight_layout()
    path.parent.mkdir(parents=True, exist_ok=True)
    figure.savefig(path, dpi=110)


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else "")
    parser.add_argument("--figure", default="docs/img/pk-validation.png")
    args = parser.parse_args(argv)
    print(markdown_table(), end="")
    write_figure(Path(args.figure))


if __name__ == "__main__":
    main()
