"""The in-memory cohort: columns a database query can fill, checked codes, subgroups."""

from __future__ import annotations

import numpy as np
import pytest

from baclo.errors import InputError
from baclo.stats.cohort import UNKNOWN, Cohort


def test_a_column_left_out_is_unknown_for_everyone():
    cohort = Cohort.from_columns(ids=["a", "b"], effective_dose_mg=[150.0, 90.0])
    assert cohort.n == len(cohort) == 2
    assert (cohort.sex == UNKNOWN).all()
    assert np.isnan(cohort.audit_before).all()


@pytest.mark.parametrize(
    ("columns", "message"),
    [
        pytest.param({"sex": [0, 3]}, "sex: code 3 is outside 0..2", id="sex-code-too-large"),
        pytest.param({"outcome_6m": [-2, 0]}, "outcome_6m: codes must be", id="code-below-unknown"),
        pytest.param(
            {"protocol": [0, 1], "protocols": ("ameisen",)},
            "protocol: code 1 is outside 0..0",
            id="protocol-without-a-name",
        ),
        pytest.param(
            {"effective_dose_mg": [1.0, 2.0, 3.0]},
            r"effective_dose_mg: expected 2 values, got shape \(3,\)",
            id="column-of-another-length",
        ),
    ],
)
def test_it_refuses_codes_outside_their_categories_and_ragged_columns(columns, message):
    with pytest.raises(InputError, match=message):
        Cohort.from_columns(ids=["a", "b"], **columns)


def test_a_subset_keeps_the_categories_and_the_chosen_rows():
    cohort = Cohort.from_columns(
        ids=["a", "b", "c"], protocol=[0, 1, 0], protocols=("ameisen", "label")
    )
    part = cohort.subset(cohort.protocol == 0)
    assert part.ids.tolist() == ["a", "c"]
    assert part.protocols == ("ameisen", "label")


@pytest.mark.parametrize(
    ("ids", "synthetic"),
    [
        pytest.param(["syn-000001", "syn-000002"], True, id="all-synthetic"),
        pytest.param(["syn-000001", "p2"], False, id="one-real-id"),
        pytest.param([], False, id="empty"),
    ],
)
def test_a_cohort_is_synthetic_only_when_every_id_says_so(ids, synthetic):
    assert Cohort.from_columns(ids=ids).is_synthetic is synthetic


@pytest.mark.parametrize(
    ("n", "synthetic", "expected"),
    [
        pytest.param(3, True, True, id="said-synthetic"),
        pytest.param(3, False, False, id="said-real"),
        pytest.param(0, True, False, id="empty-is-never-synthetic"),
    ],
)
def test_a_producer_can_say_whether_a_cohort_is_synthetic(n, synthetic, expected):
    # ids that say the opposite: the producer's word wins (a database query counts)
    ids = ["syn-1"] * n if not synthetic else ["a"] * n
    cohort = Cohort.from_columns(ids=ids, synthetic=synthetic)
    assert cohort.is_synthetic is expected
    assert cohort.subset(np.ones(n, dtype=bool)).is_synthetic is expected
