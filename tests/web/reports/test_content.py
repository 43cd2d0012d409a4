"""What the report computes, without drawing it: period, weeks, alcohol, side effects, safety."""

from __future__ import annotations

import datetime as dt

import pytest

from baclo.alcohol import DEFAULT_SERVINGS, DrinkKind
from baclo.errors import FieldError
from baclo.web.care.services import set_plan, start_taper
from baclo.web.reports.content import Period, build_report, parse_period
from baclo.web.safety.models import Alert, QuestionnaireResponse

TODAY = dt.date(2026, 11, 25)  # a Wednesday


def test_the_default_period_is_the_last_six_weeks_ending_today():
    assert parse_period({}, TODAY) == Period(start=dt.date(2026, 10, 15), end=TODAY)


def test_weeks_run_monday_to_sunday_cut_to_the_period():
    weeks = Period(start=dt.date(2026, 11, 13), end=TODAY).weeks()
    assert [(w[0], w[-1]) for w in weeks] == [
        (dt.date(2026, 11, 13), dt.date(2026, 11, 15)),
        (dt.date(2026, 11, 16), dt.date(2026, 11, 22)),
        (dt.date(2026, 11, 23), TODAY),
    ]


@pytest.mark.parametrize(
    ("query", "field", "code"),
    [
        pytest.param({"from": "2026-13-01"}, "from", "invalid_date", id="malformed"),
        pytest.param({"to": "2026-11-26"}, "to", "range", id="future"),
        pytest.param({"from": "2026-11-20", "to": "2026-11-19"}, "from", "range", id="reversed"),
        pytest.param({"from": "2025-11-24"}, "from", "invalid", id="367-days"),
    ],
)
def test_it_refuses_a_bad_period_naming_the_field(query, field, code):
    with pytest.raises(FieldError) as caught:
        parse_period(query, TODAY)
    assert (caught.value.field, caught.value.code) == (field, code)


def test_a_year_is_accepted():
    assert len(parse_period({"from": "2025-11-25"}, TODAY).days) == 366


def test_weeks_judge_alcohol_on_logged_days_only(treated, today):
    report = build_report(treated, Period.ending(today, weeks=2), today=today)
    logged = [w for w in report["weeks"] if w["logged"]]
    # conftest: 3 usual glasses of wine on two days; grams = mL x ABV x 0.789, 10 g a drink.
    wine = DEFAULT_SERVINGS[DrinkKind.WINE]
    per_day = 3 * wine.volume_ml * wine.abv_percent / 100 * 0.789 / 10
    drinks = sum(w["check"].weekly_drinks for w in logged)
    assert drinks == pytest.approx(2 * per_day, abs=0.1)
    assert sum(w["logged"] for w in report["weeks"]) == 3
    assert report["summary"]["logged"] == 3


def test_side_effects_show_the_worst_severity_of_each_week(treated, today):
    report = build_report(
        treated, Period(start=today - dt.timedelta(days=6), end=today), today=today
    )
    rows = {row["label"]: row["cells"] for row in report["effects"]}
    assert set(rows) == {"Somnolence", "Fatigue"}
    worst = [cell["level"] for cell in rows["Somnolence"] if cell is not None]
    # somnolence 2 on days -6 and -5, 3 on day -1: per week the max of those present.
    assert max(worst) == 3
    assert set(worst) <= {2, 3}


def test_a_long_period_shows_side_effects_by_month_to_fit_the_page(treated, today):
    period = Period.ending(today, weeks=20)
    report = build_report(treated, period, today=today)
    months = period.months()
    assert len(report["effect_columns"]) == len(months) < len(period.weeks())
    assert all(len(row["cells"]) == len(months) for row in report["effects"])


def test_the_plan_says_who_set_and_acknowledged_a_high_ceiling(treated, prescriber, today):
    set_plan(prescriber, treated, {"ceiling_mg": 150, "ceiling_acknowledged": True})
    plan = build_report(treated, Period.ending(today), today=today)["plan"]
    assert (plan["ceiling_mg"], plan["ceiling_set_by"], plan["ack_by"]) == (
        150,
        "dr-carol",
        "dr-carol",
    )
    assert plan["ceiling_set_by_prescriber"]


def test_the_concentration_curve_follows_todays_intakes(treated, today):
    pk = build_report(treated, Period.ending(today), today=today)["pk"]
    assert sum(i["dose_mg"] for i in pk["intakes"]) == 40
    assert "Simon" in pk["model_name"]
    assert "doi:" in pk["citation"]
    assert 0 < pk["cmin_ng_ml"] < pk["cmax_ng_ml"]


def test_without_a_plan_there_is_no_curve(patient, today):
    report = build_report(patient, Period.ending(today), today=today)
    assert (report["plan"], report["pk"]) == (None, None)


def test_questionnaires_of_the_period_are_listed(treated, today):
    QuestionnaireResponse.objects.create(
        patient=treated, instrument="audit", answers=[0] * 10, score=0, band="low", date=today
    )
    QuestionnaireResponse.objects.create(
        patient=treated,
        instrument="audit",
        answers=[0] * 10,
        score=0,
        band="low",
        date=today - dt.timedelta(days=60),
    )
    rows = build_report(treated, Period.ending(today), today=today)["questionnaires"]
    assert [(r["date"], r["score"]) for r in rows] == [(today, 0)]


def _alert(patient, rule: str, key: str, severity: str, raised_on: dt.date) -> Alert:
    text = {"en": f"{rule} {key}", "fr": f"{rule} {key}"}
    return Alert.objects.create(
        patient=patient,
        rule=rule,
        key=key,
        severity=severity,
        title=text,
        patient_message=text,
        prescriber_message=text,
        advice=text,
        source="test",
        raised_on=raised_on,
    )


def test_open_alerts_show_once_per_rule_most_severe_first(treated, today):
    Alert.objects.filter(patient=treated).delete()
    _alert(treated, "split", "a", "info", today - dt.timedelta(days=2))
    _alert(treated, "split", "b", "info", today)
    _alert(treated, "sleep", "c", "urgent", today - dt.timedelta(days=1))
    rows = build_report(treated, Period.ending(today), today=today)["alerts"]
    assert [(r["severity"], r["count"]) for r in rows] == [("urgent", 1), ("info", 2)]
    assert rows[1]["title"] == "split b"


def test_planned_doses_follow_the_taper(treated, today):
    # conftest: de Beaurepaire from 9 days ago, 30 mg/day yesterday (days 7-9 of the plan);
    # the fast preset takes 10 mg off on the taper's first day (baclo.protocols.taper).
    start_taper(treated, treated, {"start": today.isoformat(), "speed": "fast"}, today=today)
    report = build_report(treated, Period.ending(today, weeks=1), today=today)
    planned = {row["date"]: row["planned_mg"] for row in report["rows"]}
    assert (planned[today - dt.timedelta(days=1)], planned[today]) == (30, 20)
