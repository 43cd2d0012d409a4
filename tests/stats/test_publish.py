"""Publication safety: nothing about fewer than k people leaves the association."""

from __future__ import annotations

import json
from dataclasses import replace

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from baclo.errors import InputError
from baclo.stats.cohort import OUTCOMES, SEVERITIES, Cohort
from baclo.stats.publish import publishable, suppressed_cells
from baclo.stats.summary import summarize, to_json
from baclo.stats.synthetic import generate


def _with_small_groups() -> Cohort:
    """60 synthetic people, then 4 on a rare protocol and 4 of sex 'other' (the small groups)."""
    base = generate(60, seed=11)
    protocols = (*base.protocols, "rare-protocol")
    protocol = base.protocol.copy()
    protocol[:4] = len(protocols) - 1
    sex = np.where(base.sex == 2, 0, base.sex)
    sex[10:14] = 2
    ids = np.array([f"person-{i}-secret" for i in range(base.n)], dtype=object)
    return replace(base, ids=ids, sex=sex, protocol=protocol, protocols=protocols)


def _published_text(cohort: Cohort, k: int = 5) -> str:
    return json.dumps(to_json(publishable(summarize(cohort), k)))


def test_a_subgroup_of_four_never_appears_in_the_published_output():
    cohort = _with_small_groups()
    private = json.dumps(to_json(summarize(cohort)))
    assert "rare-protocol" in private
    assert '"other"' in private
    published = _published_text(cohort)
    assert "rare-protocol" not in published
    assert '"other"' not in published


def test_ids_and_free_text_never_appear_in_the_published_output():
    assert "secret" not in _published_text(_with_small_groups())


def test_every_published_count_is_zero_hidden_or_at_least_k():
    body = to_json(publishable(summarize(_with_small_groups()), 7))

    def counts(node):
        if isinstance(node, dict):
            for key, value in node.items():
                if key in {"n", "count", "events", "at_risk"} and value is not None:
                    yield value
                yield from counts(value)
        elif isinstance(node, list):
            for item in node:
                yield from counts(item)

    seen = list(counts(body))
    assert seen
    assert all(c >= 7 for c in seen)


def test_dropping_one_small_subgroup_also_drops_the_next_smallest():
    # 30 + 20 + 4: publishing 30 and 20 would reveal the 4 as n - 50
    groups = [0] * 30 + [1] * 20 + [2] * 4
    cohort = Cohort.from_columns(
        ids=[f"p{i}" for i in range(54)],
        protocol=groups,
        protocols=("big", "medium", "tiny"),
        effective_dose_mg=np.linspace(60, 250, 54),
    )
    published = publishable(summarize(cohort))
    assert list(published.subgroups["protocol"]) == ["big"]


@pytest.mark.parametrize(
    ("counts", "hidden"),
    [
        pytest.param([10, 20, 30], [False, False, False], id="all-large"),
        pytest.param([3, 20, 30], [True, True, False], id="one-small-plus-the-next"),
        pytest.param([3, 4, 30], [True, True, False], id="two-small-add-up-to-k"),
        pytest.param([0, 20, 30], [True, False, False], id="zero-alone"),
        pytest.param([1, 2, 1], [True, True, True], id="all-small"),
    ],
)
def test_suppressed_cells_leave_a_hidden_total_of_zero_or_at_least_k(counts, hidden):
    assert suppressed_cells(counts, 5) == hidden


def test_a_small_outcome_cell_hides_its_rate_the_next_smallest_cell_and_every_union():
    # abstinent 10, controlled 7, halved 0, unchanged 3: hiding 0 and 3 alone would leave
    # "3 people in the hidden cells" readable from n = 20, so controlled goes too
    outcome = [0] * 10 + [1] * 7 + [3] * 3
    cohort = Cohort.from_columns(ids=[f"p{i}" for i in range(20)], outcome_6m=outcome)
    outcomes = to_json(publishable(summarize(cohort)))["outcomes"]
    assert outcomes["n"] == 20
    assert outcomes["abstinent"]["count"] == 10
    hidden = {"count": None, "rate": None, "ci95": None}
    assert outcomes["controlled"] == outcomes["halved"] == outcomes["unchanged"] == hidden
    assert outcomes["at_least_halved"] == outcomes["abstinent_or_controlled"] == hidden


def test_the_kaplan_meier_curve_stops_when_fewer_than_k_remain_at_risk():
    km = publishable(summarize(_with_small_groups())).overall.time_to_effective
    assert km.curve
    assert min(p.at_risk for p in km.curve) >= 5
    assert len(km.curve) < len(summarize(_with_small_groups()).overall.time_to_effective.curve)


def test_a_cohort_smaller_than_k_publishes_nothing():
    body = to_json(publishable(summarize(generate(4, seed=1))))
    assert body["n"] is None
    assert body["effective_dose_mg"] is None
    assert body["subgroups"] == {}
    assert body["k_anonymity"] == 5


@pytest.mark.parametrize(
    "k", [4, 0, -5, True, 5.5], ids=["four", "zero", "negative", "bool", "float"]
)
def test_k_below_five_or_not_an_integer_is_refused(k):
    with pytest.raises(InputError, match="k must be an integer of at least 5"):
        publishable(summarize(generate(10, seed=1)), k)


CATEGORIES = {
    "outcomes": [str(o) for o in OUTCOMES],
    "side_effects": [s.name.lower() for s in SEVERITIES],
}


def _assert_remainder_safe(table: dict, names: list[str], k: int) -> None:
    """What a reader can subtract from a published table: 0 people or at least k."""
    hidden = table["n"] - sum(table[name]["count"] or 0 for name in names)
    assert hidden == 0 or hidden >= k


@settings(max_examples=12, deadline=None)
@given(n=st.integers(1, 80), seed=st.integers(0, 10_000), k=st.integers(5, 12))
def test_no_published_table_leaves_fewer_than_k_people_to_subtract(n, seed, k):
    body = to_json(publishable(summarize(generate(n, seed)), k))
    groups = [body, *[g for d in body["subgroups"].values() for g in d.values()]]
    for dimension in body["subgroups"].values():
        outside = (body["n"] or 0) - sum(g["n"] for g in dimension.values())
        assert outside == 0 or outside >= k
    for group in groups:
        for name, categories in CATEGORIES.items():
            if group[name] is not None:
                _assert_remainder_safe(group[name], categories, k)
        dose = group["effective_dose_mg"]
        if dose is not None:
            shown = sum(b["count"] for b in dose["histogram"] if b["count"] is not None)
            assert dose["n"] - shown == 0 or dose["n"] - shown >= k
