"""``baclo simulate`` and ``baclo models``: parse, call :mod:`baclo.pk`, render.

Contract: docs/pk-model.md. The numbers come from :func:`baclo.pk.simulate`; this
module only parses ``--intake HH:MM=MG``, prints a Rich table or the json, and draws the optional
figure.
"""

from __future__ import annotations

import datetime as dt
import io
import math
import re
from pathlib import Path
from typing import Annotated

import numpy as np
import typer
from rich.table import Table

from baclo.cli.output import FORMAT_OPTION, OutputFormat, console, note, print_json, warn
from baclo.errors import FieldError, InputError
from baclo.pk import DailyIntake, Simulation, WarningCode, format_clock, list_models, simulate
from baclo.pk.metrics import concentration_at_clock
from baclo.protocols.inputs import positive_dose

_INTAKE = re.compile(r"^(\d{2}):(\d{2})=(.*)$")
_PLOT_SUFFIXES = (".png", ".svg")
_BAR_WIDTH = 30


def parse_intake(text: str) -> DailyIntake:
    """``HH:MM=MG`` -> :class:`DailyIntake`; InputError naming the bad value otherwise."""
    match = _INTAKE.match(text.strip())
    if match is None:
        raise InputError(f"invalid --intake {text!r}: expected HH:MM=MG, e.g. 08:00=10")
    hour, minute, dose_text = int(match[1]), int(match[2]), match[3].strip()
    if hour > 23 or minute > 59:
        raise InputError(f"invalid --intake {text!r}: {match[1]}:{match[2]} is not a clock time")
    try:
        dose = float(dose_text)
    except ValueError:
        raise InputError(f"invalid --intake {text!r}: dose {dose_text!r} is not a number") from None
    try:
        positive_dose("--intake", dose)
    except FieldError as error:
        raise InputError(f"invalid --intake {text!r}: {error.message}") from None
    return DailyIntake(time=dt.time(hour, minute), dose_mg=dose)


def _plot_path(plot: str | None) -> Path | None:
    if plot is None:
        return None
    path = Path(plot)
    if path.suffix.lower() not in _PLOT_SUFFIXES:
        raise InputError(f"unsupported plot file {plot!r}: use a .png or .svg name")
    return path


def simulate_command(
    intake: Annotated[
        list[str] | None,
        typer.Option("--intake", help="Daily intake HH:MM=MG; repeat for each intake."),
    ] = None,
    days: Annotated[int, typer.Option("--days", help="Days the schedule is taken (1-365).")] = 7,
    crcl: Annotated[
        float | None,
        typer.Option("--crcl", help="Creatinine clearance, mL/min (Cockcroft-Gault), 0-250."),
    ] = None,
    model: Annotated[
        str | None, typer.Option("--model", help="PK parameter set (baclo models).")
    ] = None,
    drug: Annotated[str, typer.Option("--drug", help="Drug data file.")] = "baclofen",
    plot: Annotated[
        str | None, typer.Option("--plot", help="Write a figure: FILE.png or FILE.svg.")
    ] = None,
    output: OutputFormat = FORMAT_OPTION,
) -> None:
    """Plasma concentration of a daily schedule repeated N days (typical curve and 5-95% band)."""
    daily = [parse_intake(text) for text in intake or []]
    if not daily:
        raise InputError("no intake given: add at least one --intake HH:MM=MG")
    plot_path = _plot_path(plot)
    result = simulate(daily, days=days, crcl_ml_min=crcl, model_id=model, drug=drug)
    if plot_path is not None:
        try:
            write_plot(result, plot_path)
        except OSError as error:
            raise InputError(f"cannot write {plot}: {error.strerror or error}") from error
    if output is OutputFormat.json:
        print_json(result.to_dict())
        return
    _render_table(result)
    for caution in result.warnings:
        (note if caution.code is WarningCode.RENAL_MILD else warn)(caution.message)
    if result.disagreement is not None:
        warn(result.disagreement.message)


def models(
    drug: Annotated[str, typer.Option("--drug", help="Drug data file.")] = "baclofen",
    output: OutputFormat = FORMAT_OPTION,
) -> None:
    """List the pharmacokinetic parameter sets with their values and sources."""
    found = list_models(drug=drug)
    if output is OutputFormat.json:
        print_json(
            {
                "drug": drug,
                "default": found[0].id,
                "models": [
                    {
                        "id": m.id,
                        "name": m.name,
                        "citation": m.citation,
                        "parameters": m.parameters(),
                        "population": m.validity.population,
                        "daily_dose_mg": [
                            m.validity.daily_dose_min_mg,
                            m.validity.daily_dose_max_mg,
                        ],
                    }
                    for m in found
                ],
            }
        )
        return
    table = Table(
        "id",
        "ka (1/h)",
        "CL/F (L/h)",
        "V/F (L)",
        "t1/2 (h)",
        "source",
        title=f"PK parameter sets for {drug} (default first); CV% in brackets",
    )
    for m in found:
        table.add_row(
            m.id,
            f"{m.ka_per_h:g} [{m.cv['ka']:g}%]",
            f"{m.cl_l_per_h:g} [{m.cv['cl']:g}%]",
            f"{m.v_l:g} [{m.cv['v']:g}%]",
            f"{m.half_life_h:.1f}",
            m.reference,
        )
    console.print(table)


def _render_table(result: Simulation) -> None:
    model = result.model
    schedule = ", ".join(f"{i.time:%H:%M} {i.dose_mg:g} mg" for i in result.daily)
    renal = (
        f"; CrCl {result.crcl_ml_min:g} mL/min (CL/F x "
        f"{model.renal.clearance_factor(result.crcl_ml_min):.2f}, calibrated relation)"
        if result.crcl_ml_min is not None
        else ""
    )
    console.print(f"[bold]Model[/]: {model.name}. {model.citation}")
    console.print(
        f"Assumptions: linear one-compartment model, apparent parameters (CL/F, V/F), same "
        f"intakes every day{renal}; band = 5-95% of {result.band.n_subjects} virtual subjects "
        f"(seed {result.band.seed}) of the population {model.validity.population}: "
        f"{result.variability()}; a measured level also carries the residual error "
        "(last column). No therapeutic range exists for alcohol dependence."
    )
    console.print(
        f"Schedule: {schedule} ({result.daily_dose_mg:g} mg/day) for {result.days} day(s)."
    )
    last = result.last_day
    metrics = Table("metric (last day)", "value", title=f"Day {result.days}")
    metrics.add_row("Cmax", f"{last.cmax_mg_l:.3f} mg/L ({last.cmax_mg_l * 1000:.0f} ng/mL)")
    metrics.add_row("tmax", last.tmax)
    metrics.add_row("Cmin", f"{last.cmin_mg_l:.3f} mg/L ({last.cmin_mg_l * 1000:.0f} ng/mL)")
    metrics.add_row("AUC(0-24)", f"{last.auc_mg_h_l:.2f} mg.h/L")
    console.print(metrics)
    console.print(_hourly_table(result))
    console.print(_models_table(result))


def _models_table(result: Simulation) -> Table:
    """The typical last day under every bundled model: how much the choice of model matters."""
    table = Table(
        "model", "Cmax mg/L", "tmax", "Cmin mg/L", "AUC mg.h/L", title="Bundled models, last day"
    )
    for comparison in result.comparisons:
        last = comparison.last_day
        table.add_row(
            comparison.model_id,
            f"{last.cmax_mg_l:.3f}",
            last.tmax,
            f"{last.cmin_mg_l:.3f}",
            f"{last.auc_mg_h_l:.2f}",
        )
    return table


def _hourly_table(result: Simulation) -> Table:
    """The last day, hour by hour: typical value, 5-95% band, and a bar for the eye."""
    day = result.days
    t, band = result.t_h, result.band
    last = t >= t[-1] - 24.0 - 1e-9
    measured = result.measurement
    values = [
        (
            hour,
            concentration_at_clock(t, result.conc_mg_l, hour, day=day),
            concentration_at_clock(t, band.p5, hour, day=day),
            concentration_at_clock(t, band.p95, hour, day=day),
            concentration_at_clock(t[last], measured.p5, hour, day=day),
            concentration_at_clock(t[last], measured.p95, hour, day=day),
        )
        for hour in range(25)
    ]
    top = max(high for *_, high, _, _ in values) or 1.0
    table = Table(
        "time",
        "typical mg/L",
        "5-95% mg/L",
        "a measured level, 5-95%",
        "",
        title=f"Day {day}, hour by hour",
    )
    for hour, typical, low, high, measured_low, measured_high in values:
        bar = "#" * round(_BAR_WIDTH * typical / top)
        table.add_row(
            format_clock(hour) if hour < 24 else "24:00",
            f"{typical:.3f}",
            f"{low:.3f}-{high:.3f}",
            f"{measured_low:.3f}-{measured_high:.3f}",
            bar,
        )
    return table


def write_plot(result: Simulation, path: Path) -> None:
    """Median, 5-95% band and intakes over the simulated days, with model and source."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure
    from PIL import Image

    figure = Figure(figsize=(9, 4.2), dpi=100, layout="constrained")
    FigureCanvasAgg(figure)
    axes = figure.add_subplot()
    t, band = result.t_h, result.band
    axes.fill_between(t, band.p5, band.p95, color="#9ecae1", alpha=0.6, label="5-95% of subjects")
    axes.plot(t, band.p50, color="#08519c", linewidth=1.4, label="median")
    intake_times = np.array(
        [
            24.0 * d + i.time.hour + i.time.minute / 60.0
            for d in range(result.days)
            for i in result.daily
        ]
    )
    axes.plot(
        intake_times,
        np.zeros_like(intake_times),
        linestyle="none",
        marker="^",
        color="#d94801",
        markersize=6,
        clip_on=False,
        label="intakes",
    )
    step = 6 if result.days <= 3 else 12 if result.days <= 7 else 24 * math.ceil(result.days / 14)
    ticks = np.arange(0.0, 24.0 * result.days + 0.1, step)
    axes.set_xticks(ticks, [_tick_label(x, result.days) for x in ticks], fontsize=8)
    axes.set_xlim(0.0, 24.0 * result.days)
    axes.set_ylim(bottom=0.0)
    axes.set_xlabel("clock time (day N)")
    axes.set_ylabel("baclofen plasma concentration (mg/L)")
    axes.grid(alpha=0.3)
    axes.legend(loc="lower right", bbox_to_anchor=(1.0, 1.0), ncols=3, fontsize=8, frameon=False)
    axes.set_title(
        f"{result.daily_dose_mg:g} mg/day, {len(result.daily)} intake(s), {result.days} day(s)",
        fontsize=10,
        loc="left",
    )
    figure.supxlabel(
        f"Model {result.model.reference}. Median and 5-95% band of "
        f"{result.band.n_subjects} virtual subjects (seed {result.band.seed}). "
        "Not a therapeutic range.",
        fontsize=7,
    )
    if path.suffix.lower() == ".svg":
        figure.savefig(path, metadata={"Date": None})
        return
    # a 64-colour palette keeps the figure crisp at a third of the size of full RGBA
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png")
    Image.open(buffer).convert("RGB").quantize(colors=64).save(path, optimize=True)


def _tick_label(hours: float, days: int) -> str:
    day, clock = divmod(hours, 24.0)
    if days > 7:
        return f"d{int(day) + 1}"
    return f"{format_clock(clock)}\nd{int(day) + 1}" if clock == 0 else format_clock(clock)
