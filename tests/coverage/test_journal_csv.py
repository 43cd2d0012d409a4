"""The journal CSV: read back what was written, validated by the journal's one validator."""

import numpy as np
import pytest

from baclo.coverage.journal_csv import read_journal_csv, write_journal_csv
from baclo.coverage.synthetic import draw_patient, rising_staircase, write_journal
from baclo.errors import InputError
from baclo.journal import SideEffectKind


def test_a_written_journal_reads_back_the_same_days():
    patient = draw_patient(np.random.default_rng(2))
    journal, _ = write_journal(patient, rising_staircase, 20, seed=2)
    back = read_journal_csv(write_journal_csv(journal))
    assert [e.date for e in back] == [e.date for e in journal]
    assert [e.intakes for e in back] == [e.intakes for e in journal]
    assert [e.craving for e in back] == [e.craving for e in journal]
    severities = [max((s.severity for s in e.side_effects), default=0) for e in journal]
    assert [e.severity_of(SideEffectKind.OTHER) for e in back] == severities


def test_extra_columns_are_ignored_and_empty_cells_are_unknown():
    text = "date,note,intakes,craving_intensity,craving_onset\n2026-01-05,hello,,,\n"
    (entry,) = read_journal_csv(text)
    assert entry.intakes == ()
    assert entry.craving is None


def test_a_row_with_too_many_cells_names_its_line():
    text = "date,intakes,craving_intensity,craving_onset\n2026-01-05,,,,extra\n"
    with pytest.raises(InputError, match="line 2"):
        read_journal_csv(text)
