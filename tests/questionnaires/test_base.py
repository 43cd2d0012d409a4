"""Shared questionnaire machinery: validation reports every bad item; bands tile the range."""

import itertools

import pytest

from baclo.errors import FieldError, ValidationError
from baclo.questionnaires import INSTRUMENTS, Sex, get_instrument, parse_sex, score

ALL = list(INSTRUMENTS.values())
IDS = list(INSTRUMENTS)


def errors_of(instrument_id, answers):
    with pytest.raises(ValidationError) as caught:
        score(instrument_id, answers)
    return [(e.field, e.code) for e in caught.value.errors]


@pytest.mark.parametrize("instrument", ALL, ids=IDS)
@pytest.mark.parametrize("sex", [None, Sex.FEMALE, Sex.MALE], ids=["no-sex", "f", "m"])
def test_bands_tile_zero_to_the_maximum_without_gap_or_overlap(instrument, sex):
    bands = instrument.band_set(sex)
    assert bands[0].low == 0
    assert bands[-1].high == instrument.max_score
    for before, after in itertools.pairwise(bands):
        assert after.low == before.high + 1


@pytest.mark.parametrize("instrument", ALL, ids=IDS)
def test_every_text_exists_in_english_and_french(instrument):
    texts = [item.text for item in instrument.items]
    texts += [o.label for item in instrument.items for o in item.options]
    texts += [b.label for bs in instrument.bands.values() for b in bs]
    texts += [b.advice for bs in instrument.bands.values() for b in bs]
    assert all(t.en.strip() and t.fr.strip() for t in texts)
    assert instrument.source
    assert instrument.licence


@pytest.mark.parametrize("instrument", ALL, ids=IDS)
def test_all_zero_and_all_maximum_answers_give_the_range_ends(instrument):
    lowest = instrument.score([0] * len(instrument.items))
    highest = instrument.score([max(i.values) for i in instrument.items])
    assert (lowest.score, highest.score) == (0, instrument.max_score)


@pytest.mark.parametrize(
    ("answers", "expected"),
    [
        pytest.param([0] * 8, [("answers", "count")], id="too-few"),
        pytest.param([0] * 10, [("answers", "count")], id="too-many"),
        pytest.param([], [("answers", "count")], id="none"),
        pytest.param([0, 0, 4, 0, 0, 0, 0, 0, 0], [("q3", "out_of_range")], id="above-3"),
        pytest.param([0, -1, 0, 0, 0, 0, 0, 0, 0], [("q2", "out_of_range")], id="negative"),
        pytest.param([0, 0, 0, 1.5, 0, 0, 0, 0, 0], [("q4", "type")], id="fraction"),
        pytest.param(["x", 0, 0, 0, 0, 0, 0, 0, 0], [("q1", "type")], id="text"),
        pytest.param([True, 0, 0, 0, 0, 0, 0, 0, 0], [("q1", "type")], id="boolean"),
        pytest.param([None, 0, 0, 0, 0, 0, 0, 0, 0], [("q1", "type")], id="missing-value"),
        pytest.param(
            ["a", 9, 0, 0, 0, 0, 0, 0],
            [("answers", "count"), ("q1", "type"), ("q2", "out_of_range")],
            id="everything-at-once",
        ),
    ],
)
def test_it_reports_every_bad_answer_at_once(answers, expected):
    assert errors_of("phq9", answers) == expected


def test_the_error_message_echoes_the_bad_value():
    with pytest.raises(ValidationError, match=r"q3: 7 is not an allowed answer \(allowed: 0, 1"):
        score("phq9", [0, 0, 7, 0, 0, 0, 0, 0, 0])


@pytest.mark.parametrize(
    "answers",
    [
        pytest.param(["1", " 2", "3 ", "0", "1", "2", "3", "0", "0"], id="strings"),
        pytest.param([1.0, 2.0, 3.0, 0.0, 1.0, 2.0, 3.0, 0.0, 0.0], id="integral-floats"),
    ],
)
def test_it_accepts_whole_numbers_as_forms_and_command_lines_send_them(answers):
    assert score("phq9", answers).score == 12


def test_unknown_instrument_is_a_field_error_listing_the_known_ones():
    with pytest.raises(FieldError, match=r"unknown questionnaire 'gad7' .*audit, audit-c"):
        get_instrument("gad7")


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("f", Sex.FEMALE), ("M", Sex.MALE), (None, None), ("", None)],
    ids=["f", "upper-m", "none", "empty"],
)
def test_parse_sex_reads_f_and_m(raw, expected):
    assert parse_sex(raw) is expected


def test_parse_sex_refuses_anything_else():
    with pytest.raises(FieldError, match="expected f or m, got 'x'"):
        parse_sex("x")


def test_result_to_dict_has_the_design_contract_keys():
    body = score("audit", [1] * 8 + [0, 0]).to_dict()
    assert {"instrument", "score", "band", "advice"} <= set(body)
    assert body["instrument"] == "audit"
    assert body["advice_fr"]
