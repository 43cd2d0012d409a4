"""The error contract of the CLI: exit 2 and one line on stderr for bad input."""

import ast
import subprocess
import sys

from baclo import __version__
from baclo.cli.app import COMMANDS


def test_version_prints_the_package_version(run_cli):
    result = run_cli("version")
    assert result.exit_code == 0
    assert result.stdout.strip() == __version__


def test_unknown_command_exits_2_with_one_line(run_cli):
    result = run_cli("no-such-command")
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1
    assert result.stderr.startswith("Error: ")
    assert "Traceback" not in result.stderr


def _imported_by_the_cli(modules: tuple[str, ...]) -> list[str]:
    """Which of ``modules`` ``import baclo.cli.app`` imports, in a fresh interpreter (this one
    has them all)."""
    probe = f"import sys, baclo.cli.app; print(sorted(m for m in {modules!r} if m in sys.modules))"
    done = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True, timeout=60
    )
    return list(ast.literal_eval(done.stdout.strip()))


HEAVY = ("numpy", "scipy", "django", "icalendar", "matplotlib", "baclo.safety", "rich.table")


def test_starting_the_cli_imports_no_heavy_module():
    # Each command imports what it uses when it runs: ``baclo --help`` and ``baclo version``
    # must not pay for numpy, Django, icalendar or the safety rules.
    assert _imported_by_the_cli(HEAVY) == []


def test_every_command_is_listed_and_loads(run_cli):
    listed = run_cli("--help").stdout
    assert all(f"  {name} " in listed for name in ("version", *COMMANDS))
    for name in COMMANDS:
        assert run_cli(name, "--help").exit_code == 0, name


def test_starting_the_cli_does_not_import_scipy_or_pyarrow():
    # scipy and pyarrow cost about 2 s of start-up; only ``stats`` and ``synth-cohort`` need
    # them, and they import them when they run. A fresh interpreter, since this one has them.
    probe = (
        "import sys, baclo.cli.app; "
        "print(sorted(m for m in ('scipy', 'pyarrow', 'matplotlib') if m in sys.modules))"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True, timeout=60
    )
    assert done.stdout.strip() == "[]"
