"""Every command's options, fuzzed: whatever the arguments, the CLI exits 0 or 2 with one line,
never 1 with "Internal error" (a crash the user cannot act on).

The options are read from the Typer application itself, so a new command or option is fuzzed
without a change here. Values mix the plausible (dates, clock times, ``HH:MM=MG`` intakes,
doses) with the edges an attacker tries: NaN, infinities, 1e308, negative and huge integers,
far dates, lone surrogates, control characters. Commands that start a server, touch the
database or write files are left out (``SKIPPED``); their inputs are tested in their modules.
"""

from __future__ import annotations

import click
import pytest
import typer
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from baclo.cli import main
from baclo.cli.app import app

# Server, database and file-writing commands; and file arguments (paths are tested elsewhere).
SKIPPED = {"serve", "migrate", "demo", "manage", "send-reminders", "synth-cohort"}
FILE_OPTIONS = {"--plot", "--out", "--intakes-csv"}
GROUP = typer.main.get_command(app)
COMMANDS = {
    name: GROUP.get_command(click.Context(GROUP), name)  # type: ignore[attr-defined]
    for name in GROUP.list_commands(click.Context(GROUP))  # type: ignore[attr-defined]
}
FUZZED = sorted(name for name in COMMANDS if name not in SKIPPED)
# Figures counted by the last run (docs/security.md).
EXAMPLES_PER_COMMAND = 40

EDGE_NUMBERS = ["nan", "inf", "-inf", "1e308", "-1e308", "1e-320", "0", "-0", "-1", "10**400"]
dates = st.sampled_from(
    ["2026-01-05", "9999-12-31", "0001-01-01", "1899-12-31", "2201-01-01", "2026-02-30", "x"]
)
clocks = st.sampled_from(["08:00", "23:59", "24:00", "7:5", "-1:00", "08:60", ""])
numbers = st.one_of(
    st.sampled_from(EDGE_NUMBERS),
    st.floats(allow_nan=True, allow_infinity=True).map(repr),
    st.integers(-(10**20), 10**20).map(str),
)
junk = st.text(
    alphabet=st.characters(codec="utf-8") | st.sampled_from(["\ud800", "\x00", "\x1b", ":", "="]),
    max_size=12,
)
intakes = st.builds(lambda clock, dose: f"{clock}={dose}", clocks, numbers)
events = st.builds(
    lambda kind, date, days: f"{kind}:{date}:{days}",
    st.sampled_from(["hold", "step_back", "effective_dose", "x"]),
    dates,
    numbers,
)
TEXT = st.one_of(dates, clocks, intakes, events, numbers, junk)


def _value(param: click.Parameter) -> st.SearchStrategy[str]:
    kind = param.type
    if isinstance(kind, click.Choice):
        return st.one_of(st.sampled_from([str(c) for c in kind.choices]), junk)
    if isinstance(kind, click.types.FloatParamType | click.types.IntParamType):
        return numbers
    return TEXT


def _arguments(command: click.Command) -> st.SearchStrategy[list[str]]:
    parts: list[st.SearchStrategy[list[str]]] = []
    for param in command.params:
        if isinstance(param, click.Option) and param.opts[0] in FILE_OPTIONS:
            continue
        if isinstance(param, click.Argument):
            parts.append(st.one_of(st.just([]), _value(param).map(lambda v: [v])))
        elif param.is_flag:
            parts.append(st.sampled_from([[], [param.opts[0]]]))
        else:
            option = param.opts[0]
            repeat = 3 if param.multiple else 1
            parts.append(
                st.lists(_value(param), max_size=repeat).map(
                    lambda values, o=option: [x for v in values for x in (o, v)]
                )
            )
    return st.tuples(*parts).map(lambda groups: [x for g in groups for x in g])


@pytest.mark.parametrize("name", FUZZED)
def test_no_argument_makes_a_command_crash(name, capsys, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # whatever a command might write stays in the test's folder
    command = COMMANDS[name]

    @settings(
        max_examples=EXAMPLES_PER_COMMAND,
        deadline=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )
    @given(_arguments(command))
    def run(arguments: list[str]) -> None:
        code = main([name, *arguments])
        _, err = capsys.readouterr()
        assert code in (0, 2), (arguments, err)
        assert "Internal error" not in err, (arguments, err)
        if code == 2:
            assert len(err.strip().splitlines()) == 1, (arguments, err)

    run()
