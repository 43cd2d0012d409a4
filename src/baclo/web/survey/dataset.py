"""The association's dataset in and out of the database, as a :class:`baclo.stats.cohort.Cohort`.

Reading (statistics, CSV export) must handle 1,000,000 answers in well under 2 seconds on
SQLite and on PostgreSQL (docs/benchmarks.md). What costs is one Python object per row fetched: a
plain fetch of 1,000,000 rows takes about 0.8 s of CPU on SQLite however few columns it has, and
psycopg hands ``COPY`` output over one row at a time (about 1.2 s). So the database returns
each column of the whole result as *one* value, built by an aggregate in C:

- the seven small coded columns of a row are stored packed in one 64-bit integer as well
  (:attr:`Answer.codes`, a column the database generates on every write), to which the query
  adds the protocol's code: 49 bits, the widths guaranteed by the check constraints;
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
from baclo.web.survey.models import CODE_BITS, Answer, Source, Survey

__all__ = ["load_cohort", "store_cohort"]

INSERT_BATCH: Final = 2_000
ANALYZE_AFTER_ROWS: Final = 10_000
"""A bulk load this large refreshes PostgreSQL's planner statistics at once (autovacuum would,
later)."""


_CODE_BITS: Final = sum(bits for _, bits in CODE_BITS)
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
    """The protocols named in ``survey`` (or anywhere), sorted.

    For one survey, a loose index scan: each step asks the (survey, protocol) index for the
    next name after the last one, so the cost is one probe per protocol instead of a pass over
    every answer (0.1 s on SQLite, 0.3 s on PostgreSQL for a million). The whole dataset has
    no index to walk and takes a DISTINCT.
    """
    if survey is None:
        names = Answer.objects.exclude(protocol="").values_list("protocol", flat=True).distinct()
    else:
        table = _table()
        with connection.cursor() as cursor:
            cursor.execute(
                f"""
                WITH RECURSIVE found(protocol) AS (
                    SELECT MIN(protocol) FROM {table} WHERE survey_id = %s AND protocol > ''
                    UNION ALL
                    SELECT (SELECT MIN(protocol) FROM {table}
                            WHERE survey_id = %s AND protocol > found.protocol)
                    FROM found WHERE found.protocol IS NOT NULL
                )
                SELECT protocol FROM found WHERE protocol IS NOT NULL
                """,
                [survey.pk, survey.pk],
            )
            names = [name for (name,) in cursor.fetchall()]
    protocols = tuple(sorted(names))
    if len(protocols) > MAX_PROTOCOLS:
        raise ValueError(f"{len(protocols)} protocols: at most {MAX_PROTOCOLS} are supported")
    return protocols


def _packed_expression(protocols: tuple[str, ...]) -> tuple[str, list[Any]]:
    """The stored ``codes`` of a row with its protocol's code (its rank in ``protocols``, 0 for
    none) in the bits above them; the BIGINT factor (cast once per query) keeps PostgreSQL's
    arithmetic in 64 bits."""
    if not protocols:
        return "codes", []
    cases = " ".join(f"WHEN %s THEN {code + 1}" for code in range(len(protocols)))
    factor = f"CAST({1 << _CODE_BITS} AS BIGINT)"
    return f"codes + (CASE protocol {cases} ELSE 0 END) * {factor}", list(protocols)


@dataclass(frozen=True)
class _Aggregates:
    """How one vendor turns a whole column into one value, and how numpy reads it back."""

    integers: str
    floats: str
    refs: str
    binary: bool
    float_unit: float
    all_synthetic: str | None
    """An aggregate saying, in the same scan, whether every ref has the synthetic prefix; None:
    ask the (survey, ref) unique index instead (SQLite, whose index is in byte order)."""


_SQLITE: Final = _Aggregates(
    integers="group_concat({})",
    floats="group_concat(COALESCE(CAST(round({} * 1000000) AS INTEGER), -1))",
    refs="group_concat(ref, char(10))",
    binary=False,
    float_unit=1e6,
    all_synthetic=None,
)
_POSTGRESQL: Final = _Aggregates(
    integers="string_agg(int8send({}), '')",
    floats="string_agg(float8send(COALESCE({}, -1)), '')",
    refs="string_agg(ref, E'\\n')",
    binary=True,
    float_unit=1.0,
    all_synthetic="bool_and(starts_with(ref, %s))",
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
    not: they get blank ids, and whether every row is synthetic.
    """
    aggregates = _POSTGRESQL if connection.vendor == "postgresql" else _SQLITE
    protocols = _protocols(survey)
    packed, packed_params = _packed_expression(protocols)
    where, where_params = _where(survey)
    selected = {
        "n": ("COUNT(*)", []),
        "codes": (aggregates.integers.format(packed), packed_params),
        "grams": (aggregates.floats.format("grams_per_day_before"), []),
        "doses": (aggregates.floats.format("effective_dose_mg"), []),
    }
    if aggregates.all_synthetic:
        selected["synthetic"] = (aggregates.all_synthetic, [SYNTHETIC_ID_PREFIX])
    if with_ids:
        selected["refs"] = (aggregates.refs, [])
    sql = f"SELECT {', '.join(e for e, _ in selected.values())} FROM {_table()} {where}"
    params = [p for _, ps in selected.values() for p in ps] + where_params
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        row = dict(zip(selected, cursor.fetchone(), strict=True))
    n = row["n"]
    codes = _column(row["codes"], "i8", n, aggregates)
    fields: dict[str, Any] = {}
    shift = 0
    for column, bits in CODE_BITS:
        fields[column] = _unpack(codes, shift, bits)
        shift += bits
    floats = {
        name: np.where(fields[name] == UNKNOWN, np.nan, fields[name]).astype(np.float64)
        for name in ("audit_before", "days_to_effective", "followup_days")
    }
    return Cohort.from_columns(
        ids=_ids(row.get("refs"), n),
        sex=fields["sex"],
        age_band=fields["age_band"],
        audit_before=floats["audit_before"],
        grams_per_day_before=_column(row["grams"], "f8", n, aggregates),
        protocol=_unpack(codes, shift, _PROTOCOL_BITS),
        protocols=protocols,
        effective_dose_mg=_column(row["doses"], "f8", n, aggregates),
        days_to_effective=floats["days_to_effective"],
        followup_days=floats["followup_days"],
        side_effects_max=fields["side_effects_max"],
        outcome_6m=fields["outcome_6m"],
        synthetic=n > 0
        and bool(row["synthetic"] if "synthetic" in row else _all_synthetic_by_index(survey)),
    )


def _all_synthetic_by_index(survey: Survey | None) -> bool:
    """Whether every ref carries the synthetic prefix, without reading every row (SQLite): in
    byte order the refs with the prefix form one range, so two probes of the (survey, ref)
    unique index look for a ref below or above it."""
    where, params = _where(survey)
    scope = f"{where} AND" if where else "WHERE"
    outside = [
        f"EXISTS (SELECT 1 FROM {_table()} {scope} ref {comparison} %s)"
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
            if n >= ANALYZE_AFTER_ROWS:
                # fresh planner statistics: without them PostgreSQL reads a freshly loaded
                # survey through its index, three times slower than the scan it needs
                cursor.execute(f"ANALYZE {_table()}")
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
