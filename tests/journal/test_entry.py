"""The single validator of journal entries: every bad field reported at once, with a path."""

import datetime as dt

import pytest

from baclo.alcohol import DrinkKind
from baclo.errors import FieldError, ValidationError
from baclo.journal import (
    SideEffectKind,
    check_editable,
    entry_to_dict,
    parse_entry,
    parse_stored_entry,
)

DAY = dt.date(2026, 1, 5)

FULL = {
    "date": "2026-01-05",
    "intakes": [{"time": "17:00", "dose_mg": 20}, {"time": "08:00", "dose_mg": 10}],
    "craving": {"intensity": 4, "onset": "17:30"},
    "drinks": [
        {"kind": "beer", "volume_ml": 250, "abv_percent": 5},
        {"kind": "wine"},
        {"kind": "custom", "volume_ml": 500, "abv_percent": 8},
    ],
    "side_effects": [{"kind": "somnolence", "severity": 2}],
    "mood": 6,
    "note": "  long day  ",
}


def errors_of(data):
    with pytest.raises(ValidationError) as caught:
        parse_entry(data, entry_date=DAY)
    return {(e.field, e.code) for e in caught.value.errors}


def test_it_parses_the_documented_api_shape():
    entry = parse_entry(FULL, entry_date=DAY)
    assert [i.time for i in entry.intakes] == [dt.time(8), dt.time(17)]
    assert entry.dose_mg == 30
    assert entry.craving.onset == dt.time(17, 30)
    assert entry.drinks[1].kind is DrinkKind.WINE
    assert entry.drinks[1].volume_ml == 100
    assert entry.severity_of(SideEffectKind.SOMNOLENCE) == 2
    assert entry.severity_of(SideEffectKind.DARK_THOUGHTS) == 0
    assert entry.note == "long day"


def test_it_computes_alcohol_grams_and_standard_drinks():
    entry = parse_entry(FULL, entry_date=DAY)
    expected_g = 250 * 0.05 * 0.789 + 100 * 0.12 * 0.789 + 500 * 0.08 * 0.789
    assert entry.alcohol_g == pytest.approx(expected_g)
    body = entry_to_dict(entry)
    assert body["alcohol_g"] == round(expected_g, 1)
    assert body["standard_drinks"] == round(expected_g / 10, 1)


def test_an_empty_entry_is_valid():
    entry = parse_entry({}, entry_date=DAY)
    assert entry.intakes == ()
    assert entry.craving is None
    assert entry.mood is None


def test_a_stored_entry_reads_back_equal_through_parse_stored_entry():
    entry = parse_entry(FULL, entry_date=DAY)
    assert parse_stored_entry(entry_to_dict(entry), entry_date=DAY) == entry


def test_the_computed_fields_are_refused_as_input():
    stored = entry_to_dict(parse_entry(FULL, entry_date=DAY))
    assert {("dose_mg", "unknown"), ("alcohol_g", "unknown")} <= errors_of(stored)


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        pytest.param(
            {"craving": {"intensity": 11}}, ("craving.intensity", "out_of_range"), id="craving-11"
        ),
        pytest.param(
            {"craving": {"intensity": 2.5}}, ("craving.intensity", "type"), id="craving-fraction"
        ),
        pytest.param(
            {"craving": {"intensity": True}}, ("craving.intensity", "type"), id="craving-bool"
        ),
        pytest.param(
            {"craving": {"intensity": 3, "onset": "25:00"}},
            ("craving.onset", "format"),
            id="onset-25h",
        ),
        pytest.param(
            {"craving": {"intensity": 3, "onset": "1730"}},
            ("craving.onset", "format"),
            id="onset-no-colon",
        ),
        pytest.param({"craving": 4}, ("craving", "type"), id="craving-not-object"),
        pytest.param(
            {"intakes": [{"time": "08:00", "dose_mg": -5}]},
            ("intakes[0].dose_mg", "out_of_range"),
            id="negative-mg",
        ),
        pytest.param(
            {"intakes": [{"time": "08:00", "dose_mg": 0}]},
            ("intakes[0].dose_mg", "out_of_range"),
            id="zero-mg",
        ),
        pytest.param(
            {"intakes": [{"time": "08:00", "dose_mg": 301}]},
            ("intakes[0].dose_mg", "out_of_range"),
            id="above-hard-limit",
        ),
        pytest.param(
            {"intakes": [{"time": "08:00", "dose_mg": "ten"}]},
            ("intakes[0].dose_mg", "type"),
            id="mg-text",
        ),
        pytest.param(
            {"intakes": [{"dose_mg": 10}]}, ("intakes[0].time", "required"), id="intake-no-time"
        ),
        pytest.param({"intakes": {"time": "08:00"}}, ("intakes", "type"), id="intakes-not-list"),
        pytest.param({"intakes": ["08:00"]}, ("intakes[0]", "type"), id="intake-not-object"),
        pytest.param(
            {"drinks": [{"kind": "cider"}]}, ("drinks[0].kind", "choice"), id="unknown-drink"
        ),
        pytest.param(
            {"drinks": [{"kind": "custom", "volume_ml": 330}]},
            ("drinks[0].abv_percent", "required"),
            id="custom-without-abv",
        ),
        pytest.param(
            {"drinks": [{"kind": "wine", "abv_percent": 101}]},
            ("drinks[0].abv_percent", "out_of_range"),
            id="abv-over-100",
        ),
        pytest.param(
            {"drinks": [{"kind": "beer", "volume_ml": None, "abv_percent": 5}]},
            None,
            id="explicit-null-volume-uses-default",
        ),
        pytest.param(
            {"side_effects": [{"kind": "somnolence", "severity": 4}]},
            ("side_effects[0].severity", "out_of_range"),
            id="severity-4",
        ),
        pytest.param(
            {"side_effects": [{"kind": "itch", "severity": 1}]},
            ("side_effects[0].kind", "choice"),
            id="unknown-side-effect",
        ),
        pytest.param(
            {
                "side_effects": [
                    {"kind": "fatigue", "severity": 1},
                    {"kind": "fatigue", "severity": 2},
                ]
            },
            ("side_effects", "duplicate"),
            id="duplicate-side-effect",
        ),
        pytest.param({"mood": -1}, ("mood", "out_of_range"), id="mood-negative"),
        pytest.param({"note": "x" * 5001}, ("note", "too_long"), id="note-5001"),
        pytest.param({"note": 5}, ("note", "type"), id="note-number"),
        pytest.param({"colour": "red"}, ("colour", "unknown"), id="unknown-field"),
        pytest.param({"date": "2026-01-06"}, ("date", "mismatch"), id="date-mismatch"),
    ],
)
def test_it_names_each_bad_field(data, expected):
    if expected is None:
        parse_entry(data, entry_date=DAY)
    else:
        assert expected in errors_of(data)


def test_it_reports_every_bad_field_at_once():
    bad = {"craving": {"intensity": 11}, "mood": 12, "drinks": [{"kind": "cider"}]}
    assert errors_of(bad) == {
        ("craving.intensity", "out_of_range"),
        ("mood", "out_of_range"),
        ("drinks[0].kind", "choice"),
    }


def test_a_note_of_exactly_5000_characters_is_accepted():
    assert len(parse_entry({"note": "x" * 5000}, entry_date=DAY).note) == 5000


@pytest.mark.parametrize(
    ("entry_date", "code"),
    [
        pytest.param(DAY + dt.timedelta(days=1), "future", id="tomorrow"),
        pytest.param(DAY - dt.timedelta(days=8), "too_old", id="eight-days-back"),
    ],
)
def test_check_editable_refuses_dates_outside_the_window(entry_date, code):
    with pytest.raises(FieldError) as caught:
        check_editable(entry_date, today=DAY)
    assert caught.value.code == code


@pytest.mark.parametrize("days_back", [0, 7], ids=["today", "seven-days-back"])
def test_check_editable_accepts_today_and_the_previous_seven_days(days_back):
    check_editable(DAY - dt.timedelta(days=days_back), today=DAY)


@pytest.mark.parametrize(
    ("events", "expected"),
    [
        pytest.param(["diarrhoea", "vomiting"], ("vomiting", "diarrhoea"), id="kept-in-order"),
        pytest.param([], (), id="none"),
    ],
)
def test_health_events_are_parsed_and_round_trip(events, expected):
    entry = parse_entry({"health_events": events}, entry_date=DAY)
    assert tuple(e.value for e in entry.health_events) == expected
    assert parse_stored_entry(entry_to_dict(entry), entry_date=DAY) == entry


@pytest.mark.parametrize(
    ("value", "code"),
    [
        pytest.param("vomiting", "type", id="not-a-list"),
        pytest.param(["headache"], "choice", id="unknown"),
        pytest.param(["vomiting", "vomiting"], "duplicate", id="twice"),
    ],
)
def test_bad_health_events_are_refused_with_a_code(value, code):
    with pytest.raises(ValidationError) as caught:
        parse_entry({"health_events": value}, entry_date=DAY)
    assert code in {e.code for e in caught.value.errors}
