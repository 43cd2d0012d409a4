"""``baclo manage ...``: any Django management command, e.g. ``check`` or ``createsuperuser``."""

from __future__ import annotations

import pytest


@pytest.mark.django_db
def test_it_passes_the_arguments_to_django(run_cli):
    result = run_cli("manage", "check", "--tag", "models")
    assert result.exit_code == 0, result.stderr
    assert "System check identified no issues" in result.stdout


def test_an_unknown_command_exits_2_with_djangos_message(run_cli):
    result = run_cli("manage", "no-such-command")
    assert result.exit_code == 2
    assert "Unknown command: 'no-such-command'" in result.stderr
