"""The README's shell story, typed as written, then the dead ends a newcomer meets.

The block is read from README.md and run by ``bash -e`` in an empty directory, the
``accredkit`` command of this interpreter's environment first on the path. The same
shell then goes on with the commands that lead out of a dead end (``docs/cli.md``):
each prints a marker, so one process tree serves the whole module.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).parents[2]

_AFTER = r"""
check() { name=$1; shift; echo "=== $name"; "$@" 2>&1 && echo "--- rc=0" || echo "--- rc=$?"; }
APP=$(accredkit --json application list | python3 -c 'import json, sys
print(json.load(sys.stdin)["applications"][0]["id"])')
check version accredkit --version
check acts accredkit act list "$APP"
ACT=$(accredkit --json act list "$APP" | python3 -c 'import json, sys
print(json.load(sys.stdin)["acts"][-1]["id"])')
check act-export accredkit act export "$ACT"
check act-verify accredkit act verify "$ACCREDKIT_HOME/exports/act-$ACT.json"
NUMBER=$(accredkit --json certificate show | field number)
check revoke accredkit certificate revoke "$NUMBER" --reason "Ошибка в данных"
check new-draft accredkit application create general --specialty Терапия
check unknown-type accredkit application create frobnicate
check attach-no-kind accredkit application attach diploma.pdf
check attach accredkit application attach diploma.pdf --kind diploma
check detach accredkit application detach diploma.pdf
MANY=$(printf "112-233-445-95 %.0s" $(seq 4000))   # a JSON answer far past a pipe's buffer
check pipe bash -c "accredkit --json identifier $MANY | head -2"
resend() {  # a minute must pass between two codes: wait as long as the refusal says, once
    answer=$(accredkit --json account resend-code email) && { echo "$answer"; return; }
    python3 -c 'import json, sys, time
time.sleep(json.loads(sys.argv[1])["error"]["retry_after_seconds"] + 1)' "$answer"
    accredkit account resend-code email
}
check resend resend
check last-code accredkit notifications last-code email
IVAN=$(accredkit --json account status | field id)
check block accredkit account block "$IVAN" --reason "Проверка"
check unblock accredkit account unblock "$IVAN"
"""


def _story() -> str:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = text.split("## The same story from the shell", 1)[1]
    found = re.search(r"```sh\n(.*?)```", section, re.S)
    assert found is not None
    return found.group(1)


@pytest.fixture(scope="module")
def shell(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """Every marked step's output (``=== name`` … ``--- rc=N``), after the whole story."""
    folder = tmp_path_factory.mktemp("shell")
    env = {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}"}
    done = subprocess.run(
        ["bash", "-e", "-c", _story() + "\necho '=== story done'\n" + _AFTER],
        cwd=folder,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert "=== story done" in done.stdout, done.stdout[-3000:] + done.stderr[-3000:]
    assert "Traceback" not in done.stdout + done.stderr, done.stderr[-3000:]
    steps = dict(re.findall(r"^=== (\S+)\n(.*?)^--- ", done.stdout, re.S | re.M))
    codes = dict(re.findall(r"^=== (\S+)\n.*?^--- rc=(\d+)", done.stdout, re.S | re.M))
    return {name: f"{steps[name]}rc={codes[name]}" for name in steps}


def _ok(shell: dict[str, str], step: str) -> str:
    """The step's output, which must have ended with exit code 0."""
    output, _, code = shell[step].rpartition("rc=")
    assert code == "0", shell[step]
    return output


def test_the_story_ran_to_its_end_and_the_version_is_known(shell: dict[str, str]) -> None:
    assert re.fullmatch(r"accredkit \S+\n", _ok(shell, "version"))


def test_acts_are_listed_exported_and_verified(shell: dict[str, str]) -> None:
    listed = _ok(shell, "acts")
    assert listed.startswith("акт ")
    assert "одобрено" in listed
    assert "act-" in _ok(shell, "act-export")
    assert "Документ подлинный" in _ok(shell, "act-verify")


def test_staff_revoke_a_certificate(shell: dict[str, str]) -> None:
    assert "аннулировано" in _ok(shell, "revoke")


def test_attach_without_a_kind_lists_the_kinds_and_files_nothing(shell: dict[str, str]) -> None:
    refused = shell["attach-no-kind"]
    assert refused.startswith("error [cli.kind_missing]: ")
    assert "passport, diploma" in refused
    assert refused.endswith("rc=2")
    assert "diploma" in _ok(shell, "attach")


def test_an_unknown_type_lists_the_valid_ones(shell: dict[str, str]) -> None:
    refused = shell["unknown-type"]
    assert refused.startswith("error [catalogue.type_not_found]: ")
    assert "general, specialized" in refused
    assert refused.endswith("rc=1")


def test_detach_takes_the_document_off(shell: dict[str, str]) -> None:
    assert "Документы:  —" in _ok(shell, "detach")


def test_a_closed_pipe_ends_quietly(shell: dict[str, str]) -> None:
    assert _ok(shell, "pipe") == "[\n  {\n"


def test_the_operator_blocks_and_unblocks(shell: dict[str, str]) -> None:
    assert "заблокирована" in _ok(shell, "block")
    assert "подтверждена" in _ok(shell, "unblock")


def test_a_new_code_within_the_hourly_cap(shell: dict[str, str]) -> None:
    sent = _ok(shell, "resend")
    assert "Новый код отправлен" in sent or '"request"' in sent
    assert re.fullmatch(r"\d{6}\n", _ok(shell, "last-code"))
