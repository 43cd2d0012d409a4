"""The dataset's round trip through the database: what is stored is what the statistics read."""

from __future__ import annotations

import numpy as np
import pytest

from baclo.stats.cohort import Cohort
from baclo.stats.synthetic import generate
from baclo.web.survey.dataset import load_cohort, store_cohort
from baclo.web.survey.models import Answer, Source, Survey

COLUMNS = (
    "sex",
    "age_band",
    "audit_before",
    "grams_per_day_before",
    "effective_dose_mg",
    "days_to_effective",
    "followup_days",
    "side_effects_max",
    "outcome_6m",
)


def protocol_names(cohort: Cohort) -> list[str]:
    return np.asarray([*cohort.protocols, ""], dtype=object)[cohort.protocol].tolist()


@pytest.fixture
def survey(db) -> Survey:
    return Survey.objects.create(title="t")


def test_it_reads_back_every_column_as_stored(survey):
    cohort = generate(300, seed=7)
    assert store_cohort(cohort, survey=survey, source=Source.IMPORT) == 300
    back = load_cohort(survey, with_ids=True)
    assert sorted(back.ids.tolist()) == sorted(cohort.ids.tolist())
    order = np.argsort(back.ids)
    for name in COLUMNS:
        np.testing.assert_allclose(
            getattr(back, name)[order], getattr(cohort, name), rtol=1e-12, err_msg=name
        )
    assert np.asarray(protocol_names(back))[order].tolist() == protocol_names(cohort)


def test_it_keeps_unknown_cells_unknown(survey):
    Answer.objects.create(survey=survey, source=Source.WEB)
    back = load_cohort(survey)
    assert back.n == 1
    assert back.sex.tolist() == [-1]
    assert back.protocol.tolist() == [-1]
    assert np.isnan(back.effective_dose_mg).all()
    assert np.isnan(back.days_to_effective).all()


def test_it_reads_one_survey_or_the_whole_dataset(survey):
    other = Survey.objects.create(title="other")
    store_cohort(generate(5, seed=1), survey=survey, source=Source.IMPORT)
    store_cohort(generate(3, seed=2), survey=other, source=Source.IMPORT)
    Answer.objects.create(survey=None, source=Source.POOLED)
    assert (load_cohort(survey).n, load_cohort(other).n, load_cohort().n) == (5, 3, 9)


def test_it_marks_an_all_synthetic_dataset_as_synthetic(survey):
    store_cohort(generate(5, seed=1), survey=survey, source=Source.IMPORT)
    assert load_cohort(survey).is_synthetic
    Answer.objects.create(survey=survey, source=Source.WEB)
    assert not load_cohort(survey).is_synthetic


def test_an_empty_dataset_reads_as_an_empty_cohort(survey):
    assert load_cohort(survey).n == 0


def test_numbers_with_up_to_six_decimals_come_back_exactly(survey):
    doses = [172.5, 0.000001, 299.999999, 37.123456]
    for dose in doses:
        Answer.objects.create(survey=survey, source=Source.WEB, effective_dose_mg=dose)
    assert sorted(load_cohort(survey).effective_dose_mg.tolist()) == sorted(doses)


def test_longer_numbers_come_back_within_half_a_millionth(survey):
    # SQLite's read path carries millionths (dataset.py); PostgreSQL's is exact
    Answer.objects.create(survey=survey, source=Source.WEB, grams_per_day_before=100 / 3)
    (grams,) = load_cohort(survey).grams_per_day_before
    assert abs(grams - 100 / 3) <= 5e-7


@pytest.mark.parametrize(
    "ref",
    # just below, just above and inside the prefix's range in byte order, and a locale trap:
    # collations that ignore punctuation put "syn5" between "syn-4" and "syn-6"
    ["syn", "syn5", "syn.1", "sym-1", "SYN-1", "a"],
)
def test_one_real_ref_among_synthetic_ones_makes_the_dataset_real(survey, ref):
    store_cohort(generate(5, seed=1), survey=survey, source=Source.IMPORT)
    Answer.objects.create(survey=survey, source=Source.IMPORT, ref=ref)
    assert not load_cohort(survey).is_synthetic
    assert not load_cohort().is_synthetic


def test_the_whole_dataset_is_synthetic_when_every_survey_is(survey):
    store_cohort(generate(5, seed=1), survey=survey, source=Source.IMPORT)
    assert load_cohort().is_synthetic
