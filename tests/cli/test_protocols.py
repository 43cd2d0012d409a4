"""``baclo protocols``: every protocol id with its description and source."""

import json

from baclo.protocols.titration import ProtocolId


def test_it_lists_every_protocol_in_the_table(run_cli):
    result = run_cli("protocols")
    assert result.exit_code == 0
    for protocol in ProtocolId:
        assert protocol.value in result.stdout


def test_it_lists_ids_descriptions_and_sources_in_json(run_cli):
    result = run_cli("protocols", "--format", "json")
    assert result.exit_code == 0
    rows = json.loads(result.stdout)["protocols"]
    assert [row["id"] for row in rows] == [p.value for p in ProtocolId]
    label = next(row for row in rows if row["id"] == "label")
    assert "SmPC" in label["source"]
    assert "80 mg/day" in label["description"]


def test_it_refuses_an_unknown_format(run_cli):
    result = run_cli("protocols", "--format", "xml")
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1
    assert "xml" in result.stderr
