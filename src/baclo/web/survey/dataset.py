"""The association's dataset in and out of the database, as a :class:`baclo.stats.cohort.Cohort`.

Reading (statistics, CSV export) must handle 1,000,000 answers in well under 2 seconds on
SQLite and on PostgreSQL (issue 7). What costs is one Python object per row fetched: a plain
fetch of 1,000,000 rows takes about 0.8 s of CPU on SQLite however few columns it has, and
psycopg hands ``COPY`` output over one row at a time (about 1.2 s). So the database returns
each column of the whole result as *one* value, built by an aggregate in C:

- the eight small coded columns of a row are packed into one 64-bit integer with shifts (the
  field widths below are guaranteed by the check constraints of :class:`Answer`);
- PostgreSQL concatenates the binary form of each value (``int8send``/``float8send``, exact,
  big-endian) into one ``bytea`` per column, which numpy views without parsing;
- SQLite has no binary form of a number, so it joins their decimal text with
  ``group_concat`` and numpy parses it in C. Writing and parsing a REAL as text is slow (about
  0.5 s a column), an integer's is not, so grams and doses travel as whole millionths
  (``round(x * 1e6)``): exact for any value with at most 6 decimals (what the CSV contract
  writes, and any dose or amount a person types), otherwise within 5e-7 of the stored value.

The aggregates of one query see the rows in the same order, so the columns stay aligned; the
row count comes with them and every column is checked against it.

Writing (CSV import, demo data, benchmark) goes through :func:`store_cohort`: ``COPY`` on
PostgreSQL, one multi-row ``INSERT`` per batch on SQLite.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any, Final

import numpy as np
from django.db import connection, transaction
from numpy.typing import NDArray

from baclo.errors import DataError
from baclo.stats.cohort import SYNTHETIC_ID_PREFIX, UNKNOWN, Cohort
from baclo.web.survey.models import Answer, Source, Survey

__all__ = ["load_cohort", "store_cohort"]

INSERT_BATCH: Final = 2_000


@dataclass(frozen=True)
class _Field:
    column: str
    bits: int


# Each coded column is stored +1 (0 = unknown) in ``bits`` bits, the protocol last: 49 bits.
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
_REF_SEPARATOR: Final = "\n"
"""Refs are joined with a newline, which no ref holds (CSV ids and web refs are letters,
digits and ``.``, ``_``, ``:``, ``-``); a count mismatch would still be caught."""


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
    """The codes of a row as one 64-bit integer: each field times its power of two. "x + 1" is
    NULL when x is, so COALESCE turns unknown into 0 in one step; the BIGINT constants (cast
    once per query, not per row) keep PostgreSQL's arithmetic in 64 bits."""
    terms, shift = [], 0
    for field in _PACKED:
        terms.append(f"COALESCE({field.column} + 1, 0) * CAST({1 << shift} AS BIGINT)")
        shift += field.bits
    if protocols:
        cases = " ".join(f"WHEN %s THEN {code + 1}" for code in range(len(protocols)))
        terms.append(f"(CASE protocol {cases} ELSE 0 END) * CAST({1 << shift} AS BIGINT)")
    return " + ".join(terms), list(protocols)


@dataclass(frozen=True)
class _Aggregates:
    """How one vendor turns a whole column into one value, and how numpy reads it back."""

    integers: str
    floats: str
    refs: str
    binary: bool
    float_unit: float
    byte_order: str
    """What makes a text comparison compare bytes (SQLite's default; PostgreSQL's "C")."""


_SQLITE: Final = _Aggregates(
    integers="group_concat({})",
    floats="group_concat(COALESCE(CAST(round({} * 1000000) AS INTEGER), -1))",
    refs="group_concat(ref, char(10))",
    binary=False,
    float_unit=1e6,
    byte_order="",
)
_POSTGRESQL: Final = _Aggregates(
    integers="string_agg(int8send({}), '')",
    floats="string_agg(float8send(COALESCE({}, -1)), '')",
    refs="string_agg(ref, E'\\n')",
    binary=True,
    float_unit=1.0,
    byte_order=' COLLATE "C"',
)


def _column(value: Any, dtype: str, n: int, aggregates: _Aggregates) -> NDArray[Any]:
    """One aggregated column as an array of ``n`` values: int64 ("i8") as they are, float64
    ("f8") with unknown (-1 in the query) as NaN."""
    if n == 0:
        return np.zeros(0, dtype=dtype)
    if aggregates.binary:
        array = np.frombuffer(value, dtype=">" + dtype).astype(dtype)
    else:
        array = np.fromstring(value, dtype=np.int64, sep=",")
    if len(array) != n:
        raise DataError(f"the database returned {len(array)} values for {n} answers")
    if dtype == "i8":
        return array
    numbers = array / aggregates.float_unit
    numbers[numbers < 0] = np.nan  # the check constraints keep real values >= 0
    return numbers


def load_cohort(survey: Survey | None = None, *, with_ids: bool = False) -> Cohort:
    """Every answer of ``survey`` (or of the whole dataset) as cohort columns.

    ``with_ids`` fetches the ``ref`` column too (the CSV export needs it); the statistics do
    not: they get blank ids, and whether every row is synthetic from the same query.
    """
    aggregates = _POSTGRESQL if connection.vendor == "postgresql" else _SQLITE
    protocols = _protocols(survey)
    packed, packed_params = _packed_expression(protocols)
    where, where_params = _where(survey)
    selected = [
        "COUNT(*)",
        aggregates.integers.format(packed),
        aggregates.floats.format("grams_per_day_before"),
        aggregates.floats.format("effective_dose_mg"),
        *([aggregates.refs] if with_ids else []),
    ]
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {', '.join(selected)} FROM {_table()} {where}", packed_params + where_params
        )
        n, codes, grams, doses, *refs = cursor.fetchone()
    codes = _column(codes, "i8", n, aggregates)
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
        ids=_ids(refs[0] if with_ids else None, n),
        sex=fields["sex"],
        age_band=fields["age_band"],
        audit_before=floats["audit_before"],
        grams_per_day_before=_column(grams, "f8", n, aggregates),
        protocol=_unpack(codes, shift, _PROTOCOL_BITS),
        protocols=protocols,
        effective_dose_mg=_column(doses, "f8", n, aggregates),
        days_to_effective=floats["days_to_effective"],
        followup_days=floats["followup_days"],
        side_effects_max=fields["side_effects_max"],
        outcome_6m=fields["outcome_6m"],
        synthetic=n > 0 and _all_synthetic(survey, aggregates),
    )


def _all_synthetic(survey: Survey | None, aggregates: _Aggregates) -> bool:
    """Whether every ref carries the synthetic prefix, without reading every row: in byte order
    the refs with the prefix form one range, so two probes of the (survey, ref) unique index
    look for a ref below or above it. (PostgreSQL compares bytes only with COLLATE "C", which
    its index on the database collation cannot serve; it scans, 0.1 s for a million refs.)"""
    where, params = _where(survey)
    ref = f"ref{aggregates.byte_order}"
    scope = f"{where} AND" if where else "WHERE"
    outside = [
        f"EXISTS (SELECT 1 FROM {_table()} {scope} {ref} {comparison} %s)"
        for comparison in ("<", ">=")
    ]
    prefix = SYNTHETIC_ID_PREFIX
    after_prefix = prefix[:-1] + chr(ord(prefix[-1]) + 1)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {' OR '.join(outside)}", [*params, prefix, *params, after_prefix])
        (found,) = cursor.fetchone()
    return not found


def _unpack(packed: NDArray[np.int64], shift: int, bits: int) -> NDArray[np.int16]:
    return (((packed >> shift) & ((1 << bits) - 1)) - 1).astype(np.int16)


def _ids(refs: str | None, n: int) -> NDArray[np.object_]:
    """The refs when fetched; otherwise blank ids, since ids never enter a summary."""
    if refs is None:
        return np.full(n, "", dtype=object)
    ids = refs.split(_REF_SEPARATOR) if n else []
    if len(ids) != n:
        raise DataError(f"the database returned {len(ids)} refs for {n} answers")
    return np.asarray(ids, dtype=object)


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
