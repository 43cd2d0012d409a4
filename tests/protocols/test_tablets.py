"""Tablet sets: validation, which doses are takeable, their composition and description."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from baclo.errors import FieldError
from baclo.protocols.tablets import (
    DEFAULT_TABLETS,
    FRENCH_STRENGTHS_MG,
    TabletCode,
    TabletSet,
    parse_strengths,
)

FRENCH = TabletSet(strengths_mg=FRENCH_STRENGTHS_MG)

tablet_sets = st.builds(
    TabletSet,
    strengths_mg=st.lists(
        st.integers(min_value=1, max_value=100).map(lambda n: n / 2),
        min_size=1,
        max_size=4,
        unique=True,
    ).map(tuple),
    scored=st.booleans(),
)


def test_the_default_set_is_one_10_mg_scored_tablet_so_doses_go_in_5_mg_steps():
    assert DEFAULT_TABLETS.strengths_mg == (10.0,)
    assert DEFAULT_TABLETS.step_mg == 5.0
    assert [d for d in range(0, 31) if DEFAULT_TABLETS.can_make(d)] == [0, 5, 10, 15, 20, 25, 30]


@pytest.mark.parametrize(
    ("strengths", "code"),
    [
        pytest.param((), TabletCode.EMPTY, id="empty"),
        pytest.param((7.2,), TabletCode.NOT_HALF_MG, id="not-a-half-mg-multiple"),
        pytest.param((0,), TabletCode.NOT_HALF_MG, id="zero"),
        pytest.param((-10,), TabletCode.NOT_HALF_MG, id="negative"),
        pytest.param((float("nan"),), TabletCode.NOT_HALF_MG, id="nan"),
        pytest.param((10, 20, 10), TabletCode.DUPLICATE, id="duplicate"),
    ],
)
def test_it_refuses_an_impossible_tablet_set_with_a_code(strengths, code):
    with pytest.raises(FieldError) as caught:
        TabletSet(strengths_mg=strengths)
    assert (caught.value.field, caught.value.code) == ("tablets", code)


@pytest.mark.parametrize(
    ("text", "code"),
    [
        pytest.param("", TabletCode.EMPTY, id="empty"),
        pytest.param("10,abc", TabletCode.NOT_HALF_MG, id="not-a-number"),
        pytest.param("10,12.3", TabletCode.NOT_HALF_MG, id="not-a-half-mg-multiple"),
    ],
)
def test_parsing_names_the_field_it_was_given(text, code):
    with pytest.raises(FieldError) as caught:
        parse_strengths(text, field="--tablets")
    assert (caught.value.field, caught.value.code) == ("--tablets", code)


def test_parsing_sorts_the_strengths():
    assert parse_strengths("40, 10,20").strengths_mg == (10.0, 20.0, 40.0)


@pytest.mark.parametrize(
    ("dose", "en", "fr"),
    [
        pytest.param(80, "2 × 40 mg", "2 × 40 mg", id="whole-tablets"),
        pytest.param(50, "1 × 40 mg + 1 × 10 mg", "1 × 40 mg + 1 × 10 mg", id="two-strengths"),
        pytest.param(35, "1 × 30 mg + ½ × 10 mg", "1 × 30 mg + ½ × 10 mg", id="a-half"),
        pytest.param(0, "no tablet", "aucun comprimé", id="nothing"),
    ],
)
def test_it_describes_a_dose_with_the_fewest_pieces(dose, en, fr):
    text = FRENCH.describe(dose)
    assert (text.en, text.fr) == (en, fr)


def test_french_descriptions_use_a_decimal_comma():
    assert TabletSet(strengths_mg=(12.5,)).describe(18.75).fr == "1½ × 12,5 mg"


def test_unscored_tablets_make_no_halves_and_leave_gaps():
    tablets = TabletSet(strengths_mg=(20, 30), scored=False)
    assert [d for d in range(0, 91, 10) if tablets.can_make(d)] == [
        0,
        20,
        30,
        40,
        50,
        60,
        70,
        80,
        90,
    ]
    assert tablets.round_down(15) == 0
    assert tablets.round_up(15) == 20


def test_nearest_goes_to_the_lower_dose_on_a_tie():
    assert DEFAULT_TABLETS.nearest(7.5) == 5
    assert DEFAULT_TABLETS.nearest(8) == 10


def test_an_impossible_dose_is_refused_with_the_nearest_takeable_doses():
    with pytest.raises(FieldError) as caught:
        DEFAULT_TABLETS.compose(7, field="step_mg")
    assert caught.value.code == TabletCode.NOT_TAKEABLE
    assert caught.value.field == "step_mg"
    assert "5 and 10 mg" in caught.value.message


@pytest.mark.parametrize(
    ("tablets", "cap"),
    [
        pytest.param(DEFAULT_TABLETS, 4.5, id="below-half-of-10"),
        pytest.param(TabletSet(strengths_mg=(20,), scored=False), 15, id="below-unscored-20"),
    ],
)
def test_a_cap_below_the_smallest_dose_the_tablets_make_is_refused(tablets, cap):
    with pytest.raises(FieldError) as caught:
        tablets.check_cap(cap)
    assert caught.value.code == TabletCode.CAP_BELOW_TABLET


@settings(max_examples=80, deadline=None)
@given(tablets=tablet_sets, dose=st.integers(min_value=0, max_value=1200).map(lambda q: q / 4))
def test_every_composition_adds_up_to_the_dose_from_the_set(tablets, dose):
    if not tablets.can_make(dose):
        return
    portions = tablets.compose(dose)
    assert sum(p.dose_mg for p in portions) == pytest.approx(dose)
    assert all(p.strength_mg in tablets.strengths_mg for p in portions)
    assert tablets.scored or all(p.halves % 2 == 0 for p in portions)


@settings(max_examples=80, deadline=None)
@given(tablets=tablet_sets, dose=st.floats(min_value=0, max_value=300))
def test_rounding_gives_the_closest_takeable_doses_around_any_dose(tablets, dose):
    low, high = tablets.round_down(dose), tablets.round_up(dose)
    # doses closer than a millionth of a mg are the same dose
    assert low <= dose + 1e-6
    assert high >= dose - 1e-6
    assert tablets.can_make(low)
    assert tablets.can_make(high)
    assert tablets.nearest(dose) in (low, high)


def test_a_set_round_trips_through_json():
    tablets = TabletSet(strengths_mg=(40, 10), scored=False)
    assert TabletSet.from_dict(tablets.to_dict()) == tablets


@pytest.mark.parametrize(
    "data",
    [
        pytest.param({"strengths_mg": "10"}, id="not-a-list"),
        pytest.param({"strengths_mg": [10, True]}, id="a-boolean"),
        pytest.param({"strengths_mg": [10], "scored": "yes"}, id="scored-not-boolean"),
        pytest.param({"strengths_mg": [3.3]}, id="bad-strength"),
    ],
)
def test_bad_json_names_the_field(data):
    with pytest.raises(FieldError) as caught:
        TabletSet.from_dict(data, field="plan.tablets")
    assert caught.value.field == "plan.tablets"
