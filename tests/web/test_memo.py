"""Rows read once per read-only view, and never kept beyond it (baclo.web.memo)."""

from __future__ import annotations

import pytest

from baclo.web.memo import once, read_once


class Reads:
    """A row source that counts how often it is asked."""

    def __init__(self) -> None:
        self.count = 0

    def __call__(self) -> int:
        self.count += 1
        return self.count


def test_outside_a_read_only_view_every_call_reads_again() -> None:
    reads = Reads()
    assert [once("row", reads), once("row", reads)] == [1, 2]


def test_inside_a_read_only_view_a_row_is_read_once_per_key() -> None:
    rows, other = Reads(), Reads()

    @read_once
    def view() -> list[int]:
        return [once("row", rows), once("row", rows), once("other", other)]

    assert view() == [1, 1, 1]


def test_the_next_request_reads_again() -> None:
    reads = Reads()

    @read_once
    def view() -> int:
        return once("row", reads)

    assert [view(), view()] == [1, 2]


def test_a_failing_view_keeps_nothing_for_the_code_after_it() -> None:
    reads = Reads()

    @read_once
    def view() -> None:
        once("row", reads)
        raise RuntimeError("the view failed")

    with pytest.raises(RuntimeError):
        view()
    assert [once("row", reads), once("row", reads)] == [2, 3]
