"""The report's two figures, drawn with matplotlib as SVG (sharp at any zoom, small in the PDF).

Only the object-oriented API (:class:`matplotlib.figure.Figure`) is used: no pyplot state, so
two reports drawn at once in two threads do not share a figure. Labels are translated by the
caller's active language. Colours are those of the site (``static/baclo/site.css``).
"""

from __future__ import annotations

import base64
import datetime as dt
import io
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
from django.utils import formats
from django.utils.translation import gettext as _
from matplotlib import dates as mdates
from matplotlib import rc_context
from matplotlib.figure import Figure

from baclo.pk import Simulation

BRAND = "#1f5f8b"
ACCENT = "#0b7a5a"
MUTED = "#4f5d6b"
LINE = "#d5dbe1"
ALCOHOL = "#b5651d"
DANGER = "#a4161a"
#: 17 cm wide: the text width of an A4 page with 2 cm margins.
WIDTH_IN = 17 / 2.54
NG_PER_ML_PER_MG_PER_L = 1000.0
STYLE = {
    "font.family": "DejaVu Sans",
    "font.size": 8,
    "axes.edgecolor": MUTED,
    "axes.labelcolor": MUTED,
    "xtick.color": MUTED,
    "ytick.color": MUTED,
    "axes.spines.top": False,
    "svg.hashsalt": "baclo",
}


def _svg_data_uri(figure: Figure) -> str:
    """The figure as an ``<img src>`` data URI; fixed metadata so equal inputs give equal bytes."""
    buffer = io.BytesIO()
    figure.savefig(buffer, format="svg", metadata={"Date": None}, bbox_inches="tight")
    return "data:image/svg+xml;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")


def _new_figure(height_cm: float, rows: int = 1, **kwargs: Any) -> tuple[Figure, Any]:
    figure = Figure(figsize=(WIDTH_IN, height_cm / 2.54), layout="constrained")
    axes = figure.subplots(rows, 1, sharex=True, squeeze=False, **kwargs)[:, 0]
    for ax in axes:
        ax.grid(axis="y", color=LINE, linewidth=0.6)
        ax.set_axisbelow(True)
    return figure, axes


def _legend_above(ax: Any, *, ncols: int, handles: Sequence[Any] | None = None) -> None:
    """The legend in one row above the plot, where it hides no data."""
    kwargs: dict[str, Any] = {} if handles is None else {"handles": handles}
    ax.legend(
        loc="lower left",
        bbox_to_anchor=(0, 1),
        frameon=False,
        ncols=ncols,
        fontsize=7,
        borderaxespad=0,
        **kwargs,
    )


def _values(rows: Sequence[Mapping[str, Any]], key: str) -> np.ndarray:
    return np.array([np.nan if r[key] is None else r[key] for r in rows], dtype=float)


def staircase(rows: Sequence[Mapping[str, Any]], ceiling_mg: float | None) -> str:
    """Planned and taken dose above; craving (0-10) and standard drinks below; one x per day."""
    with rc_context(STYLE):
        figure, (dose_ax, life_ax) = _new_figure(9, rows=2, gridspec_kw={"height_ratios": [3, 2]})
        days = np.array([r["date"] for r in rows], dtype="datetime64[D]")
        half = np.timedelta64(12, "h")
        planned, taken = _values(rows, "planned_mg"), _values(rows, "taken_mg")
        if not np.all(np.isnan(planned)):
            dose_ax.step(
                days - half,
                planned,
                where="post",
                color="#1b2530",
                linestyle="--",
                linewidth=1,
                label=_("Planned dose"),
                zorder=3,
            )
        dose_ax.bar(days, taken, width=0.8, color=BRAND, label=_("Dose taken"))
        if ceiling_mg is not None:
            dose_ax.axhline(ceiling_mg, color=DANGER, linewidth=0.8, linestyle=":")
            dose_ax.annotate(
                _("ceiling %(mg)s mg/day") % {"mg": f"{ceiling_mg:g}"},
                xy=(1, ceiling_mg),
                xycoords=("axes fraction", "data"),
                xytext=(0, 2),
                textcoords="offset points",
                color=DANGER,
                fontsize=7,
                ha="right",
            )
        top = np.nanmax([*planned, *taken, ceiling_mg or 0, 10])
        dose_ax.set_ylim(0, top * 1.15)
        dose_ax.set_ylabel(_("mg/day"))
        _legend_above(dose_ax, ncols=2)

        drinks = _values(rows, "drinks")
        life_ax.bar(days, drinks, width=0.8, color=ALCOHOL, alpha=0.75, label=_("Standard drinks"))
        life_ax.set_ylabel(_("standard drinks"))
        life_ax.set_ylim(0, max(4.0, float(np.nanmax(np.append(drinks, 0))) * 1.2))
        craving_ax = life_ax.twinx()
        craving_ax.plot(
            days,
            _values(rows, "craving"),
            color=ACCENT,
            marker="o",
            markersize=2.5,
            linewidth=1.2,
            label=_("Craving (0-10)"),
        )
        craving_ax.set_ylim(0, 10.5)
        craving_ax.set_ylabel(_("craving (0-10)"))
        craving_ax.spines["top"].set_visible(False)
        handles = [
            *life_ax.get_legend_handles_labels()[0],
            *craving_ax.get_legend_handles_labels()[0],
        ]
        _legend_above(life_ax, ncols=2, handles=handles)
        life_ax.xaxis.set_major_locator(mdates.AutoDateLocator(minticks=4, maxticks=10))
        life_ax.xaxis.set_major_formatter(_DayFormatter())
        life_ax.set_xlim(days[0] - half * 2, days[-1] + half * 2)
        life_ax.set_xlabel(_("Day"))
        return _svg_data_uri(figure)


class _DayFormatter(mdates.DateFormatter):
    """Short localized dates (``25/11`` in French, ``11/25`` in English) from Django's formats."""

    def __init__(self) -> None:
        super().__init__("%d")

    def __call__(self, x: float, pos: int | None = 0) -> str:
        day = mdates.num2date(x).date()
        return formats.date_format(day, "j N")


def concentration(pk: Mapping[str, Any], craving_onset: dt.time | None) -> str:
    """The last simulated day: typical curve (ng/mL), 5-95 % band, intakes and craving onset."""
    sim: Simulation = pk["simulation"]
    steps = round(24 * 60 / sim.step_min)
    last = slice((sim.days - 1) * steps, sim.days * steps + 1)
    hours = sim.t_h[last] - 24 * (sim.days - 1)
    scale = NG_PER_ML_PER_MG_PER_L
    with rc_context(STYLE):
        figure, (ax,) = _new_figure(6)
        ax.fill_between(
            hours,
            sim.band.p5[last] * scale,
            sim.band.p95[last] * scale,
            color=BRAND,
            alpha=0.15,
            linewidth=0,
            label=_("5-95 %% of %(n)s simulated people") % {"n": sim.band.n_subjects},
        )
        ax.plot(
            hours,
            sim.conc_mg_l[last] * scale,
            color=BRAND,
            linewidth=1.6,
            label=_("Typical patient"),
        )
        for intake in sim.daily:
            hour = intake.time.hour + intake.time.minute / 60
            ax.annotate(
                f"{intake.dose_mg:g} mg",
                xy=(hour, 0.97),
                xycoords=("data", "axes fraction"),
                ha="center",
                va="top",
                fontsize=6.5,
                color=MUTED,
                bbox={"boxstyle": "round,pad=0.2", "facecolor": "white", "edgecolor": LINE},
            )
            ax.axvline(hour, color=LINE, linewidth=0.8, zorder=0)
        if craving_onset is not None:
            onset = craving_onset.hour + craving_onset.minute / 60
            ax.axvline(onset, color=ACCENT, linestyle="--", linewidth=1, label=_("Craving onset"))
        ax.set_xlim(0, 24)
        ax.set_xticks(range(0, 25, 3), [f"{h:02d}:00" for h in range(0, 25, 3)])
        ax.set_ylim(0, float(np.max(sim.band.p95[last])) * scale * 1.2)
        ax.set_ylabel(_("ng/mL"))
        ax.set_xlabel(_("Time of day"))
        _legend_above(ax, ncols=3)
        return _svg_data_uri(figure)
