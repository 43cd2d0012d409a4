"""The cohort CSV contract of docs/architecture.md (Contracts): read and validate, write.

Header (any order, each column exactly once)::

    id,sex,age_band,audit_before,grams_per_day_before,protocol,effective_dose_mg,
    days_to_effective,followup_days,side_effects_max,outcome_6m

UTF-8, comma-separated, an empty cell means unknown (``days_to_effective`` empty: the person has
not reached an effective dose yet, and is censored at ``followup_days``). Free text has no column.

Why Arrow: a 1,000,000-row file must load in well under a second. The ``csv`` module builds
11 million Python strings (about 5 s here, and as much again for numpy conversion); Arrow's CSV
reader parses into columnar buffers and ``pyarrow.compute`` validates a whole column with one
regular expression, so no Python code runs per row. Every cell is read as text first, so that a
bad cell is reported with its line number and value instead of failing the whole file.
"""

from __future__ import annotations

import enum
import io
import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, BinaryIO, Final

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pcsv
from numpy.typing import NDArray

from baclo.errors import InputError
from baclo.stats.cohort import AGE_BANDS, OUTCOMES, SEXES, UNKNOWN, Cohort

__all__ = ["COLUMNS", "CohortFile", "RowIssue", "read_cohort", "write_cohort"]


class _Kind(enum.Enum):
    ID = "id"
    CHOICE = "choice"
    SLUG = "slug"
    INTEGER = "integer"
    NUMBER = "number"


@dataclass(frozen=True, kw_only=True)
class _Column:
    name: str
    kind: _Kind
    low: float = 0.0
    high: float = 0.0
    choices: tuple[str, ...] = ()

    @property
    def expected(self) -> str:
        """The end of a one-line reason, e.g. ``"is not an integer from 0 to 40"``."""
        if self.kind is _Kind.ID:
            return "is not an id of 1-64 letters, digits, '.', '_', ':' or '-'"
        if self.kind is _Kind.SLUG:
            return "is not a protocol id (lowercase letters, digits and '-', at most 32)"
        if self.kind is _Kind.CHOICE:
            return f"is not one of {', '.join(self.choices)}"
        kind = "an integer" if self.kind is _Kind.INTEGER else "a number"
        return f"is not {kind} from {self.low:g} to {self.high:g}"


_PATTERNS: Final = {
    _Kind.ID: r"^[A-Za-z0-9._:-]{1,64}$",
    _Kind.SLUG: r"^[a-z0-9][a-z0-9-]{0,31}$",
    _Kind.NUMBER: r"^[0-9]{1,9}(\.[0-9]+)?$",
}

MAX_DAYS: Final = 3650
"""Ten years of follow-up: beyond it a value is a typing error, not a course of treatment."""
MAX_DOSE_MG: Final = 1000
"""Plausibility bound only: published doses run from 30 to 300 mg/day, exceptionally more."""
MAX_GRAMS_PER_DAY: Final = 1000

_SPECS: Final = (
    _Column(name="id", kind=_Kind.ID),
    _Column(name="sex", kind=_Kind.CHOICE, choices=tuple(SEXES)),
    _Column(name="age_band", kind=_Kind.CHOICE, choices=tuple(AGE_BANDS)),
    _Column(name="audit_before", kind=_Kind.INTEGER, high=40),
    _Column(name="grams_per_day_before", kind=_Kind.NUMBER, high=MAX_GRAMS_PER_DAY),
    _Column(name="protocol", kind=_Kind.SLUG),
    _Column(name="effective_dose_mg", kind=_Kind.NUMBER, low=1, high=MAX_DOSE_MG),
    _Column(name="days_to_effective", kind=_Kind.INTEGER, high=MAX_DAYS),
    _Column(name="followup_days", kind=_Kind.INTEGER, high=MAX_DAYS),
    _Column(name="side_effects_max", kind=_Kind.INTEGER, high=3),
    _Column(name="outcome_6m", kind=_Kind.CHOICE, choices=tuple(OUTCOMES)),
)
COLUMNS: Final = tuple(spec.name for spec in _SPECS)
_GOOD: Final = len(_SPECS)
_SHOWN_CHARS: Final = 40
"""A bad value is echoed in the reason, cut to this length (one readable line)."""
_DAYS_POSITION: Final = COLUMNS.index("days_to_effective")


@dataclass(frozen=True, kw_only=True)
class RowIssue:
    """One rejected row: its physical line in the file (the header is line 1) and why."""

    line: int
    reason: str

    def __str__(self) -> str:
        return f"line {self.line}: {self.reason}"


@dataclass(frozen=True, kw_only=True)
class CohortFile:
    """What was read: the good rows as a cohort, and every rejected row in line order.

    ``lines[i]`` is the physical line of the cohort's row ``i`` (the header is line 1), so that
    whoever checks the good rows further (an id already stored, an id repeated in the file) can
    point at the line as the reader does.
    """

    cohort: Cohort
    issues: tuple[RowIssue, ...]
    lines: NDArray[np.int64]


Source = str | os.PathLike[str] | bytes | BinaryIO


def read_cohort(source: Source, *, strict: bool = True) -> CohortFile:
    """Read a cohort CSV (a path, the bytes of an upload, or a binary file object).

    ``strict``: the first bad row raises :class:`InputError` ``"line N: reason"``;
    otherwise bad rows are left out and each is reported in :attr:`CohortFile.issues`.
    A bad header, an empty or undecodable file always raises.
    """
    issues: list[RowIssue] = []

    def on_invalid_row(row: Any) -> str:
        issues.append(
            RowIssue(
                line=int(row.number),
                reason=f"expected {len(COLUMNS)} fields, found {row.actual_columns}",
            )
        )
        return "skip"

    table = _read_text_table(source, on_invalid_row)
    lines = _line_numbers(table.num_rows, [issue.line for issue in issues])
    cells: dict[str, tuple[NDArray[Any], pa.ChunkedArray]] = {}
    first_bad = np.full(table.num_rows, _GOOD, dtype=np.int16)
    for position in reversed(range(len(_SPECS))):
        spec = _SPECS[position]
        values, bad = _parse(spec, table[spec.name])
        first_bad[bad] = position
        cells[spec.name] = (values, table[spec.name])
    days, followup = cells["days_to_effective"][0], cells["followup_days"][0]
    exceeds = days > np.nan_to_num(followup, nan=np.inf)
    first_bad[exceeds] = np.minimum(first_bad[exceeds], _DAYS_POSITION)
    blank = _all_empty(table)
    first_bad[blank] = _GOOD
    bad_rows = np.flatnonzero(first_bad != _GOOD)
    issues.extend(
        RowIssue(line=int(lines[row]), reason=_reason(int(first_bad[row]), row, cells))
        for row in (bad_rows[:1] if strict else bad_rows).tolist()
    )
    issues.sort(key=lambda issue: issue.line)
    if strict and issues:
        raise InputError(str(issues[0]))
    keep = (first_bad == _GOOD) & ~blank
    return CohortFile(cohort=_cohort(cells, keep), issues=tuple(issues), lines=lines[keep])


def _read_text_table(source: Source, on_invalid_row: Callable[[Any], str]) -> pa.Table:
    """The file as a table of strings with the expected header (Arrow decodes it lazily)."""
    try:
        table = pcsv.read_csv(
            io.BytesIO(source) if isinstance(source, bytes) else source,
            # one thread: Arrow then passes the line number of a row with a wrong field count
            # (with threads it does not, and two cores gain nothing measurable here)
            read_options=pcsv.ReadOptions(use_threads=False, block_size=1 << 24),
            parse_options=pcsv.ParseOptions(
                invalid_row_handler=on_invalid_row,
                ignore_empty_lines=False,
            ),
            convert_options=pcsv.ConvertOptions(
                column_types={name: pa.string() for name in COLUMNS},
                strings_can_be_null=False,
                quoted_strings_can_be_null=False,
                null_values=[],
            ),
        )
        _check_header(table.column_names)
    except FileNotFoundError as error:
        raise InputError(f"no such file: {error.filename or source!s}") from error
    except pa.ArrowInvalid as error:
        message = str(error)
        if "Empty CSV file" in message:
            message = f"line 1: empty file, expected the header {','.join(COLUMNS)}"
        raise InputError(f"not a cohort CSV file: {message}") from error
    except UnicodeDecodeError as error:
        raise InputError(
            "not a cohort CSV file: the header is not UTF-8 text "
            f"(byte 0x{error.object[error.start]:02x} in a column name)"
        ) from error
    except OSError as error:  # a directory, no permission: the path given is at fault
        raise InputError(f"cannot read {source!s}: {error}") from error
    return table


def _check_header(names: list[str]) -> None:
    unknown = [name for name in names if name not in COLUMNS]
    if unknown:
        raise InputError(f"line 1: unknown column {unknown[0]!r}; expected {','.join(COLUMNS)}")
    missing = [name for name in COLUMNS if name not in names]
    if missing:
        raise InputError(f"line 1: missing column {missing[0]!r}; expected {','.join(COLUMNS)}")
    if len(names) != len(set(names)):
        raise InputError("line 1: a column name appears twice")


def _line_numbers(rows: int, skipped_lines: Sequence[int]) -> NDArray[np.int64]:
    """Arrow keeps one table row per physical line except the rows with a wrong field count,
    which it hands to the handler with their line number: the rest are the table's lines."""
    lines = np.arange(2, rows + len(skipped_lines) + 2)
    return np.setdiff1d(lines, np.asarray(skipped_lines, dtype=np.int64), assume_unique=True)


def _all_empty(table: pa.Table) -> NDArray[np.bool_]:
    lengths = sum(pc.binary_length(table[name]).to_numpy() for name in COLUMNS)
    return np.asarray(lengths == 0)


def _parse(spec: _Column, column: pa.ChunkedArray) -> tuple[NDArray[Any], NDArray[np.bool_]]:
    """Typed values of one column (codes or floats, unknown = -1 or NaN) and its bad cells."""
    empty = pc.equal(column, "").to_numpy(zero_copy_only=False)
    if spec.kind is _Kind.CHOICE:
        codes = pc.index_in(column, value_set=pa.array(spec.choices))
        values = codes.to_numpy(zero_copy_only=False)
        unknown = np.isnan(values.astype(np.float64))
        return np.where(unknown, UNKNOWN, values).astype(np.int16), unknown & ~empty
    if spec.kind is _Kind.INTEGER:
        # six times cheaper than the equivalent regular expression ^[0-9]+$
        valid = pc.ascii_is_decimal(column).to_numpy(zero_copy_only=False)
    else:
        valid = pc.match_substring_regex(column, _PATTERNS[spec.kind]).to_numpy(
            zero_copy_only=False
        )
    bad = ~valid & ~empty
    if spec.kind is _Kind.ID:
        return column.to_numpy(zero_copy_only=False), bad | empty
    if spec.kind is _Kind.SLUG:
        return np.zeros(0), bad
    numbers = pc.cast(pc.if_else(pa.array(valid), column, None), pa.float64())
    values = numbers.to_numpy(zero_copy_only=False).astype(np.float64)
    return values, bad | (values < spec.low) | (values > spec.high)


def _reason(position: int, row: int, cells: dict[str, tuple[NDArray[Any], pa.ChunkedArray]]) -> str:
    spec = _SPECS[position]
    raw = cells[spec.name][1][row].as_py()
    if spec.name == "days_to_effective" and cells[spec.name][0][row] <= spec.high:
        followup = cells["followup_days"][1][row].as_py()
        return f"days_to_effective {raw} exceeds followup_days {followup}"
    if spec.kind is _Kind.ID and raw == "":
        return "id is empty"
    shown = raw if len(raw) <= _SHOWN_CHARS else raw[:_SHOWN_CHARS] + "..."
    return f"{spec.name} {shown!r} {spec.expected}"


def _cohort(
    cells: dict[str, tuple[NDArray[Any], pa.ChunkedArray]], keep: NDArray[np.bool_]
) -> Cohort:
    protocol_text = cells["protocol"][1].filter(pa.array(keep))
    encoded = pc.dictionary_encode(pc.if_else(pc.equal(protocol_text, ""), None, protocol_text))
    encoded = encoded.combine_chunks() if isinstance(encoded, pa.ChunkedArray) else encoded
    protocols = tuple(str(p) for p in encoded.dictionary.to_pylist())
    protocol = np.asarray(pc.fill_null(encoded.indices, UNKNOWN).to_numpy(), dtype=np.int16)
    severity = cells["side_effects_max"][0][keep]
    return Cohort(
        ids=cells["id"][0][keep],
        sex=cells["sex"][0][keep],
        age_band=cells["age_band"][0][keep],
        audit_before=cells["audit_before"][0][keep],
        grams_per_day_before=cells["grams_per_day_before"][0][keep],
        protocol=protocol,
        protocols=protocols,
        effective_dose_mg=cells["effective_dose_mg"][0][keep],
        days_to_effective=cells["days_to_effective"][0][keep],
        followup_days=cells["followup_days"][0][keep],
        side_effects_max=np.where(np.isnan(severity), UNKNOWN, severity).astype(np.int16),
        outcome_6m=cells["outcome_6m"][0][keep],
    )


def write_cohort(cohort: Cohort, destination: str | os.PathLike[str] | BinaryIO) -> None:
    """Write ``cohort`` in the CSV contract (unknown = empty cell), readable by :func:`read_cohort`.

    Numbers are rounded to 6 decimals so that float noise never reaches the file.
    """

    def integers(values: NDArray[np.float64]) -> pa.Array:
        unknown = np.isnan(values)
        return pa.array(np.where(unknown, 0, values).astype(np.int64), mask=unknown)

    def numbers(values: NDArray[np.float64]) -> pa.Array:
        return pa.array(np.round(values, 6), mask=np.isnan(values))

    def choices(codes: NDArray[np.int16], labels: Sequence[str]) -> pa.Array:
        text = np.asarray([*map(str, labels), ""], dtype=object)[
            np.where(codes == UNKNOWN, len(labels), codes)
        ]
        return pa.array(text, type=pa.string())

    table = pa.table(
        {
            "id": pa.array(cohort.ids, type=pa.string()),
            "sex": choices(cohort.sex, SEXES),
            "age_band": choices(cohort.age_band, AGE_BANDS),
            "audit_before": integers(cohort.audit_before),
            "grams_per_day_before": numbers(cohort.grams_per_day_before),
            "protocol": choices(cohort.protocol, cohort.protocols),
            "effective_dose_mg": numbers(cohort.effective_dose_mg),
            "days_to_effective": integers(cohort.days_to_effective),
            "followup_days": integers(cohort.followup_days),
            "side_effects_max": integers(
                np.where(cohort.side_effects_max == UNKNOWN, np.nan, cohort.side_effects_max)
            ),
            "outcome_6m": choices(cohort.outcome_6m, OUTCOMES),
        }
    )
    try:
        pcsv.write_csv(
            table,
            destination,
            write_options=pcsv.WriteOptions(quoting_style="none", quoting_header="none"),
        )
    except pa.ArrowInvalid as error:
        raise InputError(f"cannot write the cohort as CSV: {error}") from error
