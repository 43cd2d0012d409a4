"""The load benchmark's runner (``bench/load/run.py``) reads locust's CSV right. The benchmark
itself is never run by the tests (``make bench-load`` runs it); these check its arithmetic on a
saved locust report."""

from __future__ import annotations

import argparse
import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

LOAD = Path(__file__).resolve().parents[1] / "bench" / "load"
COLUMNS = (
    "Type,Name,Request Count,Failure Count,Median Response Time,Average Response Time,"
    "Min Response Time,Max Response Time,Average Content Size,Requests/s,Failures/s,"
    "50%,66%,75%,80%,90%,95%,98%,99%,99.9%,99.99%,100%"
)
NA = ",".join(["N/A"] * 11)


@pytest.fixture
def runner(monkeypatch: pytest.MonkeyPatch) -> ModuleType:
    monkeypatch.syspath_prepend(str(LOAD))
    spec = importlib.util.spec_from_file_location("load_runner", LOAD / "run.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    monkeypatch.setitem(sys.modules, spec.name, module)
    spec.loader.exec_module(module)
    return module


def saved_report(folder: Path, *rows: str, exceptions: str = "") -> Path:
    prefix = folder / "Run"
    Path(f"{prefix}_stats.csv").write_text("\n".join([COLUMNS, *rows]) + "\n")
    Path(f"{prefix}_exceptions.csv").write_text("Count,Message,Traceback,Nodes\n" + exceptions)
    return prefix


def test_the_endpoint_row_is_read_and_the_cpu_shared_with_the_requests_in_flight(
    runner, tmp_path
) -> None:
    prefix = saved_report(
        tmp_path,
        "GET,charts,180,2,640,650,300,1200,5000,6.0,0.07,640,700,720,800,900,1100,1150,1180,1200,1200,1200",
        "GET,(log in),0,0,0,0,0,0,0,0.0,0.0," + NA,
        ",Aggregated,180,2,640,650,300,1200,5000,6.0,0.07,1,1,1,1,1,1,1,1,1,1,1",
    )
    result = runner.read_result(prefix, "Charts", cpu_s=6.0, in_flight=20, load=1.5)
    assert (result.name, result.requests, result.failures, result.rps) == ("charts", 180, 2, 6.0)
    assert (result.p50_ms, result.p95_ms, result.p99_ms) == (640, 1100, 1180)
    assert result.cpu_ms == pytest.approx(1000 * 6.0 / 200)
    assert result.load == 1.5


def test_a_login_is_measured_by_its_post(runner, tmp_path) -> None:
    prefix = saved_report(
        tmp_path,
        "GET,(log in),41,0,90,95,50,300,4000,1.4,0.0,90,95,99,100,120,150,200,250,300,300,300",
        "POST,(log in),40,1,400,420,300,900,0,1.3,0.03,400,420,450,460,500,700,800,850,900,900,900",
        ",Aggregated,81,1,200,250,50,900,2000,2.7,0.03,1,1,1,1,1,1,1,1,1,1,1",
    )
    result = runner.read_result(prefix, "Login", cpu_s=1.0, in_flight=0, load=0.0)
    assert (result.name, result.requests, result.failures, result.p95_ms) == (
        "login (page + POST)",
        40,
        1,
        700,
    )


def test_a_run_where_nothing_completed_is_a_row_saying_why(runner, tmp_path) -> None:
    prefix = saved_report(
        tmp_path,
        ",Aggregated,0,0,0,0,0,0,0,0.0,0.0," + NA,
        exceptions="3,\"RuntimeError('no CSRF token on the login page (HTTP 500)')\",tb,local\n",
    )
    result = runner.read_result(prefix, "Today", cpu_s=0.0, in_flight=20, load=0.5)
    assert (result.name, result.requests, result.rps) == ("Today", 0, 0.0)
    assert "no CSRF token" in result.note
    args = argparse.Namespace(
        pace=1.0, users=20, workers=2, seconds=5, patients=50, days=30, linked=20
    )
    table = runner.table("SQLite", ([result], "Population: 50 patients"), args)
    assert "| Today | 0 | 0 | - | none completed: RuntimeError('no CSRF token" in table


def test_the_table_gives_each_endpoint_its_ratio_to_the_floor(runner) -> None:
    args = argparse.Namespace(
        pace=1.0, users=20, workers=2, seconds=60, patients=2000, days=180, linked=300
    )
    floor = runner.Result("floor", 1000, 0, 800.0, 20, 30, 40, 1.0, 1.2)
    charts = runner.Result("charts", 100, 0, 40.0, 400, 600, 700, 25.0, 1.3)
    table = runner.table("SQLite", ([floor, charts], "Population: 2000 patients"), args)
    assert "| floor | 800.0 | 1.000 | 20 / 30 / 40 | 0 of 1000 | 1.0 | 1.20 | - |" in table
    assert "| charts | 40.0 | 0.050 | 400 / 600 / 700 | 0 of 100 | 25.0 | 1.30 | - |" in table
    assert "Population: 2000 patients." in table


def test_the_paced_run_of_an_endpoint_has_its_own_cell_with_its_errors(runner) -> None:
    args = argparse.Namespace(
        pace=1.0, users=20, workers=2, seconds=60, patients=20, days=9, linked=3
    )
    paced = runner.Result("charts", 400, 2, 19.8, 30, 70, 90, 24.0, 1.3)
    charts = runner.Result("charts", 100, 0, 40.0, 400, 600, 700, 25.0, 1.3, paced=paced)
    table = runner.table("SQLite", ([charts], "Population: 20 patients"), args)
    assert "| paced 20 x 1/s: req/s, p50 / p95 ms |" in table
    assert "| 25.0 | 1.30 | 19.8, 30 / 70, 2 errors |" in table
