"""Failures an attack of the CLI found, each reproduced as it was reported: bad input must exit 2
with one readable line, never "Internal error"."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

BACLO = str(Path(sys.executable).parent / "baclo")


@pytest.mark.parametrize(
    "args",
    [
        pytest.param(
            ("plan", "--protocol", "ameisen", "--start", "9999-12-31"), id="plan-far-date"
        ),
        pytest.param(("plan", "--protocol", "ameisen", "--start", "0001-01-01"), id="plan-year-1"),
        pytest.param(("simulate", "--intake", "08:00=1e308"), id="simulate-huge-intake"),
        pytest.param(("simulate", "--intake", "08:00=nan"), id="simulate-nan-intake"),
        pytest.param(
            ("taper", "--from", "80", "--start", "2026-06-01", "--step", "1e308", "--every", "7"),
            id="taper-huge-step",
        ),
        pytest.param(("taper", "--from", "80", "--start", "9999-12-31"), id="taper-far-date"),
        pytest.param(("split", "--daily", "1e308", "--craving", "18:00"), id="split-huge-dose"),
    ],
)
def test_bad_numbers_and_far_dates_exit_2_with_one_line(run_cli, args):
    result = run_cli(*args)
    assert result.exit_code == 2, result.stderr
    assert result.stderr.startswith("Error:")
    assert len(result.stderr.strip().splitlines()) == 1


def _baclo(tmp_path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {
        k: v for k, v in os.environ.items() if k not in {"DJANGO_SETTINGS_MODULE", "DATABASE_URL"}
    }
    env["BACLO_DATA_DIR"] = str(tmp_path)
    return subprocess.run(
        [BACLO, *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


@pytest.mark.parametrize("command", ["demo", "serve"])
def test_an_unmigrated_database_asks_for_baclo_migrate(tmp_path, command):
    result = _baclo(tmp_path, command)
    assert result.returncode == 2
    assert result.stderr.strip().endswith("run baclo migrate")
    assert len(result.stderr.strip().splitlines()) == 1
