"""The cohort CSV contract (docs/architecture.md, Contracts): validation, line numbers, round
trip."""

from __future__ import annotations

import io

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from baclo.errors import InputError
from baclo.stats.cohort import UNKNOWN, Cohort
from baclo.stats.csvfile import COLUMNS, read_cohort, write_cohort
from tests.stats.conftest import HEADER, csv_bytes


def test_it_reads_every_column_into_typed_arrays(good_row):
    cohort = read_cohort(csv_bytes(good_row)).cohort
    assert cohort.n == 1
    assert cohort.ids.tolist() == ["p1"]
    assert (cohort.sex[0], cohort.age_band[0], cohort.outcome_6m[0]) == (0, 1, 0)
    assert cohort.protocols == ("ameisen",)
    assert cohort.protocol.tolist() == [0]
    assert cohort.audit_before[0] == 28
    assert cohort.grams_per_day_before[0] == 120
    assert cohort.effective_dose_mg[0] == 150
    assert (cohort.days_to_effective[0], cohort.followup_days[0]) == (40, 200)
    assert cohort.side_effects_max[0] == 2


def test_an_empty_cell_means_unknown():
    cohort = read_cohort(csv_bytes("p1,,,,,,,,,,")).cohort
    assert cohort.n == 1
    for name in ("sex", "age_band", "protocol", "side_effects_max", "outcome_6m"):
        assert getattr(cohort, name)[0] == UNKNOWN, name
    for name in ("audit_before", "grams_per_day_before", "effective_dose_mg", "followup_days"):
        assert np.isnan(getattr(cohort, name)[0]), name
    assert np.isnan(cohort.days_to_effective[0])


def test_columns_may_come_in_any_order_and_cells_may_be_quoted():
    header = ",".join(reversed(HEADER.split(",")))
    data = csv_bytes('abstinent,1,200,40,"150",ameisen,120,28,30-44,f,"p1"', header=header)
    cohort = read_cohort(data).cohort
    assert cohort.ids.tolist() == ["p1"]
    assert cohort.effective_dose_mg[0] == 150


def test_blank_lines_and_a_byte_order_mark_are_ignored(good_row):
    data = b"\xef\xbb\xbf" + csv_bytes("", good_row, "", good_row.replace("p1", "p2"), "")
    loaded = read_cohort(data)
    assert loaded.cohort.ids.tolist() == ["p1", "p2"]
    assert loaded.issues == ()


@pytest.mark.parametrize(
    ("transform", "ids"),
    [
        pytest.param(
            lambda data: data.replace(b"\n", b"\r\n"), ["p1", "p2"], id="windows-line-ends"
        ),
        pytest.param(lambda data: data.rstrip(b"\n"), ["p1", "p2"], id="no-final-line-end"),
        pytest.param(lambda data: data.split(b"\n")[0] + b"\n", [], id="header-only"),
    ],
)
def test_line_ends_and_a_header_only_file_are_read(good_row, transform, ids):
    data = transform(csv_bytes(good_row, good_row.replace("p1", "p2")))
    assert read_cohort(data).cohort.ids.tolist() == ids


BAD_CELLS = [
    pytest.param(
        "p1,x,30-44,28,120,ameisen,150,40,200,2,abstinent",
        "sex 'x' is not one of f, m, other",
        id="unknown-sex",
    ),
    pytest.param(
        "p1,f,30-40,28,120,ameisen,150,40,200,2,abstinent",
        "age_band '30-40' is not one of 18-29, 30-44, 45-59, 60+",
        id="unknown-age-band",
    ),
    pytest.param(
        "p1,f,30-44,41,120,ameisen,150,40,200,2,abstinent",
        "audit_before '41' is not an integer from 0 to 40",
        id="audit-above-40",
    ),
    pytest.param(
        "p1,f,30-44,12.5,120,ameisen,150,40,200,2,abstinent",
        "audit_before '12.5' is not an integer from 0 to 40",
        id="audit-not-integer",
    ),
    pytest.param(
        "p1,f,30-44,28,-3,ameisen,150,40,200,2,abstinent",
        "grams_per_day_before '-3' is not a number from 0 to 1000",
        id="negative-grams",
    ),
    pytest.param(
        "p1,f,30-44,28,lots,ameisen,150,40,200,2,abstinent",
        "grams_per_day_before 'lots' is not a number from 0 to 1000",
        id="text-grams",
    ),
    pytest.param(
        "p1,f,30-44,28,120,Ameisen 2008,150,40,200,2,abstinent",
        "protocol 'Ameisen 2008' is not a protocol id (lowercase letters, digits and '-',"
        " at most 32)",
        id="protocol-not-an-id",
    ),
    pytest.param(
        "p1,f,30-44,28,120,ameisen,0,40,200,2,abstinent",
        "effective_dose_mg '0' is not a number from 1 to 1000",
        id="zero-dose",
    ),
    pytest.param(
        "p1,f,30-44,28,120,ameisen,nan,40,200,2,abstinent",
        "effective_dose_mg 'nan' is not a number from 1 to 1000",
        id="nan-dose",
    ),
    pytest.param(
        "p1,f,30-44,28,120,ameisen,1e3,40,200,2,abstinent",
        "effective_dose_mg '1e3' is not a number from 1 to 1000",
        id="exponent-dose",
    ),
    pytest.param(
        "p1,f,30-44,28,120,ameisen,150,40.5,200,2,abstinent",
        "days_to_effective '40.5' is not an integer from 0 to 3650",
        id="fractional-days",
    ),
    pytest.param(
        "p1,f,30-44,28,120,ameisen,150,250,200,2,abstinent",
        "days_to_effective 250 exceeds followup_days 200",
        id="reached-after-followup",
    ),
    pytest.param(
        "p1,f,30-44,28,120,ameisen,150,40,4000,2,abstinent",
        "followup_days '4000' is not an integer from 0 to 3650",
        id="followup-too-long",
    ),
    pytest.param(
        "p1,f,30-44,28,120,ameisen,150,40,200,4,abstinent",
        "side_effects_max '4' is not an integer from 0 to 3",
        id="severity-above-3",
    ),
    pytest.param(
        "p1,f,30-44,28,120,ameisen,150,40,200,2,cured",
        "outcome_6m 'cured' is not one of abstinent, controlled, halved, unchanged",
        id="unknown-outcome",
    ),
    pytest.param(",f,30-44,28,120,ameisen,150,40,200,2,abstinent", "id is empty", id="empty-id"),
    pytest.param(
        "p 1,f,30-44,28,120,ameisen,150,40,200,2,abstinent",
        "id 'p 1' is not an id of 1-64 letters, digits, '.', '_', ':' or '-'",
        id="id-with-space",
    ),
    pytest.param("p1,f,30-44,28,120", "expected 11 fields, found 5", id="too-few-fields"),
    pytest.param(
        "p1,f,30-44,28,120,ameisen,150,40,200,2,abstinent,extra",
        "expected 11 fields, found 12",
        id="too-many-fields",
    ),
]


@pytest.mark.parametrize(("row", "reason"), BAD_CELLS)
def test_strict_mode_stops_at_the_first_bad_line_with_its_reason(good_row, row, reason):
    with pytest.raises(InputError) as caught:
        read_cohort(csv_bytes(good_row, row, row))
    assert str(caught.value) == f"line 3: {reason}"


def test_a_long_bad_value_is_cut_in_the_reason():
    with pytest.raises(InputError, match=r"^line 2: sex 'xxxxxxxxxx.*\.\.\.' is not one of"):
        read_cohort(csv_bytes("p1," + "x" * 500 + ",,,,,,,,,"))


def test_the_first_bad_column_of_a_row_is_the_one_reported():
    with pytest.raises(InputError, match=r"^line 2: sex 'x' "):
        read_cohort(csv_bytes("p1,x,99,41,,,,,,9,cured"))


def test_non_strict_mode_keeps_good_rows_and_reports_each_bad_row_in_line_order(good_row):
    data = csv_bytes(
        good_row,  # line 2
        "p2,x,30-44,28,120,ameisen,150,40,200,2,abstinent",  # line 3
        "p3,f,30-44",  # line 4
        "",  # line 5, blank: skipped silently
        good_row.replace("p1", "p6"),  # line 6
        "p7,f,30-44,28,120,ameisen,150,250,200,2,abstinent",  # line 7
        "p8,f,30-44,28,120,ameisen,150,40,200,2,abstinent,x",  # line 8
        good_row.replace("p1", "p9"),  # line 9
    )
    loaded = read_cohort(data, strict=False)
    assert loaded.cohort.ids.tolist() == ["p1", "p6", "p9"]
    assert loaded.lines.tolist() == [2, 6, 9]
    assert [str(issue) for issue in loaded.issues] == [
        "line 3: sex 'x' is not one of f, m, other",
        "line 4: expected 11 fields, found 3",
        "line 7: days_to_effective 250 exceeds followup_days 200",
        "line 8: expected 11 fields, found 12",
    ]


def test_strict_mode_reports_a_field_count_error_before_a_later_bad_cell(good_row):
    data = csv_bytes(good_row, "p2,f", "p3,x,30-44,28,120,ameisen,150,40,200,2,abstinent")
    with pytest.raises(InputError, match=r"^line 3: expected 11 fields, found 2$"):
        read_cohort(data)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        pytest.param(b"", "line 1: empty file", id="empty-file"),
        pytest.param(
            csv_bytes(header=HEADER + ",comment"),
            "line 1: unknown column 'comment'",
            id="unknown-column",
        ),
        pytest.param(
            csv_bytes(header=HEADER.replace(",outcome_6m", "")),
            "line 1: missing column 'outcome_6m'",
            id="missing-column",
        ),
        pytest.param(
            csv_bytes("p1,f,,,,,,,,,").replace(b"p1", b"p\xe9"), "invalid UTF8", id="not-utf8"
        ),
    ],
)
def test_a_bad_file_is_refused_whatever_the_mode(data, message):
    with pytest.raises(InputError, match=message):
        read_cohort(data, strict=False)


def test_a_missing_file_is_bad_input(tmp_path):
    with pytest.raises(InputError, match="no such file"):
        read_cohort(tmp_path / "nope.csv")


def test_the_writer_leaves_unknown_cells_empty_and_quotes_nothing():
    cohort = Cohort.from_columns(ids=["a"], effective_dose_mg=[172.5], sex=[1])
    buffer = io.BytesIO()
    write_cohort(cohort, buffer)
    assert buffer.getvalue().decode() == f"{','.join(COLUMNS)}\na,m,,,,,172.5,,,,\n"


def test_the_writer_refuses_an_id_that_would_need_quoting():
    with pytest.raises(InputError, match="cannot write"):
        write_cohort(Cohort.from_columns(ids=['a,"b']), io.BytesIO())


def _maybe(values: st.SearchStrategy[float]) -> st.SearchStrategy[float]:
    return st.one_of(st.just(float("nan")), values)


@st.composite
def cohorts(draw: st.DrawFn) -> Cohort:
    n = draw(st.integers(min_value=0, max_value=8))
    code = st.integers(min_value=-1, max_value=2)
    whole = st.integers(min_value=0, max_value=40).map(float)
    followup = draw(st.lists(_maybe(st.integers(0, 3650).map(float)), min_size=n, max_size=n))
    days = [
        draw(_maybe(st.integers(0, int(f)).map(float))) if f == f else float("nan")
        for f in followup
    ]
    grams = _maybe(st.floats(min_value=0, max_value=1000).map(lambda g: round(g, 6)))
    return Cohort.from_columns(
        ids=[f"id-{i}" for i in range(n)],
        sex=draw(st.lists(code, min_size=n, max_size=n)),
        age_band=draw(st.lists(code, min_size=n, max_size=n)),
        audit_before=draw(st.lists(_maybe(whole), min_size=n, max_size=n)),
        grams_per_day_before=draw(st.lists(grams, min_size=n, max_size=n)),
        protocol=draw(st.lists(st.integers(-1, 1), min_size=n, max_size=n)),
        protocols=("ameisen", "rtu-2014"),
        effective_dose_mg=draw(st.lists(_maybe(st.floats(1, 1000)), min_size=n, max_size=n)),
        days_to_effective=days,
        followup_days=followup,
        side_effects_max=draw(st.lists(st.integers(-1, 3), min_size=n, max_size=n)),
        outcome_6m=draw(st.lists(st.integers(-1, 3), min_size=n, max_size=n)),
    )


@settings(max_examples=60, deadline=None)
@given(cohorts())
def test_what_the_writer_writes_the_reader_reads_back(cohort):
    buffer = io.BytesIO()
    write_cohort(cohort, buffer)
    back = read_cohort(buffer.getvalue()).cohort
    assert back.ids.tolist() == cohort.ids.tolist()
    for name in ("sex", "age_band", "side_effects_max", "outcome_6m"):
        np.testing.assert_array_equal(getattr(back, name), getattr(cohort, name), err_msg=name)
    for name in ("audit_before", "grams_per_day_before", "days_to_effective", "followup_days"):
        np.testing.assert_array_equal(getattr(back, name), getattr(cohort, name), err_msg=name)
    np.testing.assert_allclose(back.effective_dose_mg, cohort.effective_dose_mg, rtol=0, atol=5e-7)
    labels = [cohort.protocols[c] if c >= 0 else None for c in cohort.protocol]
    assert [back.protocols[c] if c >= 0 else None for c in back.protocol] == labels
