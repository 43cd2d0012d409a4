"""The association's dataset in and out of the database, as a :class:`baclo.stats.cohort.Cohort`.

Reading (statistics, CSV export) must handle 1,000,000 answers in well under 2 seconds on
SQLite and on PostgreSQL (issue 7). Both drivers build one Python object per value fetched,
which is what costs: 11 columns x 1,000,000 rows took about 2 s of CPU on SQLite here. So the
database packs the eight small coded columns of a row into one 64-bit integer with arithmetic
(C code inside the database), the driver then fetches three numbers a row instead of eleven,
and numpy unpacks them with shifts and masks, chunk by chunk, with no Python code per row. The
field widths below are guaranteed by the check constraints of :class:`Answer`.

Writing (CSV import, demo data, benchmark) goes through :func:`store_cohort`: ``COPY`` on
PostgreSQL, one multi-row ``INSERT`` per batch on SQLite.
"""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass
from itertools import chain
from typing import Any, Final

import numpy as np
import pyarrow as pa
import pyarrow.csv as pcsv
from django.db import connection, transaction
from numpy.typing import NDArray

from baclo.stats.cohort import SYNTHETIC_ID_PREFIX, UNKNOWN, Cohort
from baclo.web.survey.models import Answer, Source, Survey

__all__ = ["FETCH_CHUNK", "load_cohort", "store_cohort"]

FETCH_CHUNK: Final = 100_000
"""Rows converted to numpy at a time: bounds the driver's Python objects to a few MB."""
INSERT_BATCH: Final = 2_000


@dataclass(frozen=True)
class _Field:
    column: str
    bits: int


# Each coded column is stored +1 (0 = unknown) in ``bits`` bits; 49 bits in all, so the packed
# value is also exact as a float64 (53-bit mantissa), the dtype the chunks are converted to.
_PACKED: Final = (
    _Field("sex", 2),
    _Field("age_band", 3),
    _Field("side_effects_max", 3),
    _Field("outcome_6m", 3),
    _Field("audit_before", 6),
    _Field("days_to_effective", 12),
    _Field("followup_days", 12),
)
_PROTOCOL_BITS: Final = 8
MAX_PROTOCOLS: Final = (1 << _PROTOCOL_BITS) - 1


def _table() -> str:
    return connection.ops.quote_name(Answer._meta.db_table)


def _where(survey: Survey | None) -> tuple[str, list[Any]]:
    return ("WHERE survey_id = %s", [survey.pk]) if survey is not None else ("", [])


def _protocols(survey: Survey | None) -> tuple[str, ...]:
    answers = Answer.objects.all() if survey is None else Answer.objects.filter(survey=survey)
    names = answers.exclude(protocol="").values_list("protocol", flat=True).distinct()
    protocols = tuple(sorted(names))
    if len(protocols) > MAX_PROTOCOLS:
        raise ValueError(f"{len(protocols)} protocols: at most {MAX_PROTOCOLS} are supported")
    return protocols


def _packed_expression(protocols: tuple[str, ...]) -> tuple[str, list[Any]]:
    terms, shift = [], 0
    for field in _PACKED:
        terms.append(f"CAST(COALESCE({field.column}, -1) + 1 AS BIGINT) * {1 << shift}")
        shift += field.bits
    cases = " ".join(f"WHEN %s THEN {code + 1}" for code in range(len(protocols)))
    protocol = f"CAST(CASE protocol {cases} ELSE 0 END AS BIGINT)" if protocols else "0"
    terms.append(f"{protocol} * {1 << shift}")
    return " + ".join(terms), list(protocols)


def _fetch(sql: str, params: list[Any], *, with_ids: bool) -> tuple[NDArray[np.float64], list[str]]:
    """The three numeric columns as an (n, 3) float array, and the refs when asked (4th column).

    The query writes an unknown number as -1 (the check constraints keep real values >= 0).
    PostgreSQL streams the result as CSV text (``COPY ... TO STDOUT``) that Arrow parses into
    columns, so the driver builds no Python object per value; SQLite has no such export, so its
    rows are fetched in chunks and flattened with ``np.fromiter``, with no Python code per row.
    """
    if connection.vendor == "postgresql":
        return _fetch_copy(sql, params, with_ids=with_ids)
    chunks: list[NDArray[np.float64]] = []
    refs: list[str] = []
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        while rows := cursor.fetchmany(FETCH_CHUNK):
            if with_ids:
                *numbers, chunk_refs = zip(*rows, strict=True)
                refs.extend(chunk_refs)
                rows = list(zip(*numbers, strict=True))
            flat = np.fromiter(chain.from_iterable(rows), dtype=np.float64, count=3 * len(rows))
            chunks.append(flat.reshape(-1, 3))
    values = np.concatenate(chunks) if chunks else np.zeros((0, 3))
    values[values < 0] = np.nan
    return values, refs


def _fetch_copy(
    sql: str, params: list[Any], *, with_ids: bool
) -> tuple[NDArray[np.float64], list[str]]:
    names = ["packed", "grams", "dose", *(["ref"] if with_ids else [])]
    types = {
        "packed": pa.float64(),
        "grams": pa.float64(),
        "dose": pa.float64(),
        "ref": pa.string(),
    }
    with (
        connection.cursor() as cursor,
        cursor.cursor.copy(f"COPY ({sql}) TO STDOUT WITH (FORMAT csv)", params) as copy,
    ):
        text = b"".join(bytes(block) for block in copy)
    if not text:
        return np.zeros((0, 3)), []
    table = pcsv.read_csv(
        io.BytesIO(text),
        read_options=pcsv.ReadOptions(column_names=names),
        convert_options=pcsv.ConvertOptions(column_types={n: types[n] for n in names}),
    )
    values = np.column_stack([table[n].to_numpy() for n in ("packed", "grams", "dose")])
    values[values < 0] = np.nan
    return values, table["ref"].to_pylist() if with_ids else []


def _unpack(packed: NDArray[np.int64], shift: int, bits: int) -> NDArray[np.int16]:
    return (((packed >> shift) & ((1 << bits) - 1)) - 1).astype(np.int16)


def load_cohort(survey: Survey | None = None, *, with_ids: bool = False) -> Cohort:
    """Every answer of ``survey`` (or of the whole dataset) as cohort columns.

    ``with_ids`` fetches the ``ref`` column too (the CSV export needs it); the statistics do
    not, and get ids that only say whether every row is synthetic (``Cohort.is_synthetic``).
    """
    protocols = _protocols(survey)
    packed, params = _packed_expression(protocols)
    where, where_params = _where(survey)
    numbers = "COALESCE(grams_per_day_before, -1), COALESCE(effective_dose_mg, -1)"
    columns = f"{packed}, {numbers}" + (", ref" if with_ids else "")
    sql = f"SELECT {columns} FROM {_table()} {where}"
    values, refs = _fetch(sql, params + where_params, with_ids=with_ids)
    codes = values[:, 0].astype(np.int64)
    fields: dict[str, Any] = {}
    shift = 0
    for field in _PACKED:
        fields[field.column] = _unpack(codes, shift, field.bits)
        shift += field.bits
    floats = {
        name: np.where(fields[name] == UNKNOWN, np.nan, fields[name]).astype(np.float64)
        for name in ("audit_before", "days_to_effective", "followup_days")
    }
    return Cohort.from_columns(
        ids=np.asarray(refs, dtype=np.str_)
        if with_ids
        else _ids_for_statistics(survey, len(values)),
        sex=fields["sex"],
        age_band=fields["age_band"],
        audit_before=floats["audit_before"],
        grams_per_day_before=np.ascontiguousarray(values[:, 1]),
        protocol=_unpack(codes, shift, _PROTOCOL_BITS),
        protocols=protocols,
        effective_dose_mg=np.ascontiguousarray(values[:, 2]),
        days_to_effective=floats["days_to_effective"],
        followup_days=floats["followup_days"],
        side_effects_max=fields["side_effects_max"],
        outcome_6m=fields["outcome_6m"],
    )


def _ids_for_statistics(survey: Survey | None, n: int) -> NDArray[np.str_]:
    """Ids never enter a summary; only "is every row synthetic?" does, asked of the database."""
    answers = Answer.objects.all() if survey is None else Answer.objects.filter(survey=survey)
    synthetic = n > 0 and not answers.exclude(ref__startswith=SYNTHETIC_ID_PREFIX).exists()
    return np.full(n, SYNTHETIC_ID_PREFIX if synthetic else "")


def store_cohort(
    cohort: Cohort,
    *,
    survey: Survey | None,
    source: Source,
    submitted_on: dt.date | None = None,
) -> int:
    """Insert one answer row per person of ``cohort`` and return how many.

    Ids of the cohort become the rows' ``ref``; the statistics columns are copied as they are.
    """
    columns = [
        "survey_id",
        "source",
        "ref",
        "submitted_on",
        "sex",
        "age_band",
        "audit_before",
        "grams_per_day_before",
        "protocol",
        "effective_dose_mg",
        "days_to_effective",
        "followup_days",
        "side_effects_max",
        "outcome_6m",
        "extra",
    ]
    n = cohort.n
    data = [
        [None if survey is None else survey.pk] * n,
        [str(source)] * n,
        cohort.ids.tolist() if n else [],
        [submitted_on] * n,
        _nullable_codes(cohort.sex),
        _nullable_codes(cohort.age_band),
        _nullable_integers(cohort.audit_before),
        _nullable_floats(cohort.grams_per_day_before),
        np.asarray([*cohort.protocols, ""], dtype=object)[cohort.protocol].tolist(),
        _nullable_floats(cohort.effective_dose_mg),
        _nullable_integers(cohort.days_to_effective),
        _nullable_integers(cohort.followup_days),
        _nullable_codes(cohort.side_effects_max),
        _nullable_codes(cohort.outcome_6m),
        ["{}"] * n,
    ]
    rows = list(zip(*data, strict=True))
    names = ", ".join(columns)
    with transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # psycopg's client-side binding parses a statement in Python, which is slow for
            # thousands of parameters; COPY streams the rows instead
            with cursor.cursor.copy(f"COPY {_table()} ({names}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
            return n
        row_sql = "(" + ", ".join(["%s"] * len(columns)) + ")"
        for start in range(0, n, INSERT_BATCH):
            batch = rows[start : start + INSERT_BATCH]
            values = ", ".join([row_sql] * len(batch))
            cursor.execute(
                f"INSERT INTO {_table()} ({names}) VALUES {values}",
                [value for row in batch for value in row],
            )
    return n


def _nullable_codes(codes: NDArray[np.int16]) -> list[int | None]:
    return np.where(codes == UNKNOWN, None, codes.astype(object)).tolist()  # type: ignore[no-any-return]


def _nullable_integers(values: NDArray[np.float64]) -> list[int | None]:
    known = ~np.isnan(values)
    out = np.full(len(values), None, dtype=object)
    out[known] = values[known].astype(np.int64)
    return out.tolist()  # type: ignore[no-any-return]


def _nullable_floats(values: NDArray[np.float64]) -> list[float | None]:
    return np.where(np.isnan(values), None, values.astype(object)).tolist()  # type: ignore[no-any-return]
