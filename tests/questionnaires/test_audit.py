"""AUDIT and AUDIT-C scoring against the published cut-offs.

Expected zones: Babor et al. 2001 (WHO/MSD/MSB/01.6a), table 4: I 0-7, II 8-15, III 16-19,
IV 20-40. AUDIT-C: Bush et al. 1998 and Bradley et al. 2007 (>= 4 men, >= 3 women); Societe
francaise d'alcoologie 2015 (>= 10 dependence likely).
"""

import pytest

from baclo.errors import ValidationError
from baclo.questionnaires import AUDIT, score


def audit_with_total(total):
    """Answers reaching ``total`` with items 1-8 first (0-4 each), then items 9-10 (0/2/4)."""
    answers = []
    left = total
    for item in AUDIT.items:
        allowed = [v for v in item.values if v <= left]
        answers.append(max(allowed))
        left -= answers[-1]
    assert left == 0
    return answers


@pytest.mark.parametrize(
    ("total", "zone"),
    [
        (0, "zone_1"),
        (7, "zone_1"),
        (8, "zone_2"),
        (15, "zone_2"),
        (16, "zone_3"),
        (19, "zone_3"),
        (20, "zone_4"),
        (40, "zone_4"),
    ],
    ids=lambda v: str(v),
)
def test_audit_zones_follow_the_who_manual(total, zone):
    result = score("audit", audit_with_total(total))
    assert (result.score, result.band.id) == (total, zone)


def test_a_worked_audit_example_sums_items_with_the_yes_no_items_at_0_2_4():
    # Drinks 2-3 times a week (3), 3-4 drinks a day (1), 6+ monthly (2), never lost control (0),
    # failed expectations less than monthly (1), no morning drink (0), guilt monthly (2),
    # blackout less than monthly (1), nobody injured (0), a relative worried this year (4):
    # 3+1+2+0+1+0+2+1+0+4 = 14, zone II (hazardous drinking).
    result = score("audit", [3, 1, 2, 0, 1, 0, 2, 1, 0, 4])
    assert (result.score, result.band.id) == (14, "zone_2")


@pytest.mark.parametrize("item", ["q9", "q10"])
@pytest.mark.parametrize("value", [1, 3], ids=["one", "three"])
def test_items_9_and_10_only_take_0_2_or_4(item, value):
    answers = [0] * 10
    answers[int(item[1:]) - 1] = value
    with pytest.raises(ValidationError) as caught:
        score("audit", answers)
    assert [(e.field, e.code) for e in caught.value.errors] == [(item, "out_of_range")]


@pytest.mark.parametrize(
    ("answers", "sex", "band"),
    [
        pytest.param([1, 1, 1], "m", "below_threshold", id="men-3-negative"),
        pytest.param([2, 1, 1], "m", "misuse", id="men-4-positive"),
        pytest.param([1, 1, 0], "f", "below_threshold", id="women-2-negative"),
        pytest.param([1, 1, 1], "f", "misuse", id="women-3-positive"),
        pytest.param([1, 1, 1], None, "misuse", id="no-sex-uses-womens-cut-off"),
        pytest.param([4, 3, 2], "m", "misuse", id="men-9-misuse"),
        pytest.param([4, 4, 2], "m", "probable_dependence", id="men-10-dependence"),
        pytest.param([4, 4, 2], "f", "probable_dependence", id="women-10-dependence"),
    ],
)
def test_audit_c_thresholds_depend_on_sex(answers, sex, band):
    result = score("audit-c", answers, sex=sex)
    assert result.band.id == band
    assert result.to_dict()["sex"] == sex


def test_audit_c_is_the_first_three_audit_items():
    assert [i.id for i in score("audit-c", [0, 0, 0]).instrument.items] == ["q1", "q2", "q3"]


def test_sex_does_not_change_the_audit_zones():
    answers = audit_with_total(8)
    assert score("audit", answers, sex="f").band == score("audit", answers, sex="m").band
    assert score("audit", answers, sex="f").sex is None
