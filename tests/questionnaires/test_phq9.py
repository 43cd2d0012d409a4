"""PHQ-9 against Kroenke, Spitzer & Williams 2001: bands 0-4, 5-9, 10-14, 15-19, 20-27;
item 9 above 0 opens the crisis path whatever the total."""

import pytest

from baclo.questionnaires import Flag, score


def phq9_with_total(total, item9=0):
    answers = []
    left = total - item9
    for _ in range(8):
        answers.append(min(3, left))
        left -= answers[-1]
    assert left == 0
    return [*answers, item9]


@pytest.mark.parametrize(
    ("total", "band"),
    [
        (0, "minimal"),
        (4, "minimal"),
        (5, "mild"),
        (9, "mild"),
        (10, "moderate"),
        (14, "moderate"),
        (15, "moderately_severe"),
        (19, "moderately_severe"),
        (20, "severe"),
        (27, "severe"),
    ],
    ids=lambda v: str(v),
)
def test_phq9_bands_follow_kroenke_2001(total, band):
    result = score("phq9", phq9_with_total(total, item9=3 if total > 24 else 0))
    assert (result.score, result.band.id) == (total, band)


def test_a_worked_phq9_example():
    # Several days (1) for items 1, 3, 4 and 7; more than half the days (2) for item 2;
    # nearly every day (3) for item 6; not at all otherwise: 1+2+1+1+0+3+1+0+0 = 9, mild.
    result = score("phq9", [1, 2, 1, 1, 0, 3, 1, 0, 0])
    assert (result.score, result.band.id, result.crisis) == (9, "mild", False)


@pytest.mark.parametrize("item9", [1, 2, 3], ids=["several-days", "half", "nearly-every-day"])
def test_item_9_above_zero_raises_the_crisis_flag_even_with_a_minimal_total(item9):
    result = score("phq9", phq9_with_total(item9, item9=item9))
    assert result.crisis
    assert result.flags == frozenset({Flag.CRISIS})
    assert result.answer("q9") == item9
    assert result.to_dict()["crisis"] is True


def test_item_9_at_zero_never_raises_the_crisis_flag_even_when_severe():
    result = score("phq9", [3, 3, 3, 3, 3, 3, 3, 3, 0])
    assert result.band.id == "severe"
    assert not result.crisis


def test_answer_of_an_unknown_item_is_a_key_error():
    with pytest.raises(KeyError):
        score("phq9", [0] * 9).answer("q10")
