"""The runnable examples in the statistics docstrings stay true."""

from __future__ import annotations

import doctest
import importlib

import pytest

MODULES = ["cohort", "estimators", "summary", "publish", "synthetic"]


@pytest.mark.parametrize("name", MODULES)
def test_the_docstring_examples_run(name):
    module = importlib.import_module(f"baclo.stats.{name}")
    result = doctest.testmod(module)
    assert result.attempted > 0
    assert result.failed == 0
