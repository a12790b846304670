"""Global options work on either side of the command name."""

from __future__ import annotations

import json

import pytest

from accredkit.cli import main


def test_json_after_the_command_equals_json_before_it(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["plugins", "--json"]) == 0
    after = json.loads(capsys.readouterr().out)
    assert main(["--json", "plugins"]) == 0
    before = json.loads(capsys.readouterr().out)
    assert after == before
    assert {row["scheme"] for row in after["adapters"]} >= {"memory", "sqlite", "outbox"}


def test_without_json_the_output_is_a_table(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["plugins"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("порт")  # Russian mode is the default, headers too
    with pytest.raises(json.JSONDecodeError):
        json.loads(out)
