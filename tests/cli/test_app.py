"""The error contract of the CLI: exit 2 and one line on stderr for bad input."""

from baclo import __version__


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
