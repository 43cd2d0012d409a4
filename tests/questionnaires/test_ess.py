"""Epworth Sleepiness Scale against Johns 1991: 0-24, above 10 is excessive sleepiness."""

import pytest

from baclo.questionnaires import Flag, score


def ess_with_total(total):
    answers = []
    left = total
    for _ in range(8):
        answers.append(min(3, left))
        left -= answers[-1]
    return answers


@pytest.mark.parametrize(
    ("total", "band", "excessive"),
    [
        (0, "lower_normal", False),
        (5, "lower_normal", False),
        (6, "higher_normal", False),
        (10, "higher_normal", False),
        (11, "mild_excessive", True),
        (12, "mild_excessive", True),
        (13, "moderate_excessive", True),
        (15, "moderate_excessive", True),
        (16, "severe_excessive", True),
        (24, "severe_excessive", True),
    ],
    ids=lambda v: str(v),
)
def test_ess_bands_and_the_excessive_sleepiness_cut_off(total, band, excessive):
    result = score("ess", ess_with_total(total))
    assert (result.score, result.band.id) == (total, band)
    assert ("Do not drive" in result.band.advice.en) is excessive
    assert ("Ne conduisez pas" in result.band.advice.fr) is excessive


@pytest.mark.parametrize(
    ("in_traffic", "flagged"),
    [pytest.param(1, False, id="item-8-at-1"), pytest.param(2, True, id="item-8-at-2")],
)
def test_dozing_in_traffic_adds_no_driving_to_a_normal_total(in_traffic, flagged):
    result = score("ess", [0, 0, 0, 0, 0, 0, 0, in_traffic])
    assert result.band.id == "lower_normal"
    assert (Flag.NO_DRIVING in result.flags) is flagged
    assert ("do not drive" in result.advice.en) is flagged
    assert ("ne conduisez pas" in result.advice.fr) is flagged
    assert result.to_dict()["advice"] == result.advice.en
