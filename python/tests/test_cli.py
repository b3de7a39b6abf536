"""The `ai-risk-map` command installed by the wheel is the native CLI: the same output on
stdout and stderr, byte for byte, and the same exit status, on success (0), on a coverage
gate that fails (1) and on bad input or usage (2)."""

from __future__ import annotations

import json
import os
import pathlib
import subprocess
import sys

import pytest



@pytest.fixture(scope="session")
def wheel_cli() -> pathlib.Path:
    # Beside the interpreter, where pip installs console scripts (the venv's bin/).
    path = pathlib.Path(sys.executable).parent / "ai-risk-map"
    if not path.is_file():
        pytest.fail(f"the wheel's ai-risk-map command is not installed at {path}")
    return path


def run(cmd: pathlib.Path, args: list, stdin: bytes | None = None, cwd=None) -> subprocess.CompletedProcess:
    return subprocess.run([str(cmd), *args], input=stdin, capture_output=True, cwd=cwd, timeout=60)


def cases(example: pathlib.Path, tmp: pathlib.Path) -> list[tuple[list, bytes | None, int]]:
    bad = tmp / "bad.json"
    bad.write_text('{"schema": "ai-risk-map/assessment", "controls": {"DASF 1": {"status": "done"}}}')
    latin = tmp / "latin.json"
    latin.write_bytes('{"schema": "ai-risk-map/assessment", "useCase": {"name": "caf\u00e9"}}'.encode("latin-1"))
    old = tmp / "old.json"
    old.write_text(json.dumps({"schema": "ai-risk-map/assessment", "dasf": "1.0", "controls": {"DASF 1": {"status": "partial"}}}))
    return [
        (["--version"], None, 0),
        (["help"], None, 0),
        (["assess", str(example)], None, 0),
        (["assess", str(example), "--format", "json"], None, 0),
        (["assess", str(example), "--format", "csv"], None, 0),
        (["assess", str(example), "--format", "svg"], None, 0),
        (["assess", "-", "--format", "json"], example.read_bytes(), 0),
        (["assess", str(example), "--min-coverage", "0.1"], None, 0),
        (["assess", str(example), "--min-coverage", "0.9"], None, 1),
        (["catalog", "--dasf", "1.0", "--format", "csv"], None, 0),
        (["new", "--deployment", "rag_llm"], None, 0),
        (["migrate", str(old)], None, 0),
        (["schema", "assessment"], None, 0),
        ([], None, 2),
        (["frobnicate"], None, 2),
        (["assess"], None, 2),
        (["assess", str(bad)], None, 2),
        (["assess", str(latin)], None, 2),
        (["assess", str(tmp / "missing.json")], None, 2),
        (["assess", str(tmp)], None, 2),
        (["assess", "-"], b'{"schema": "ai-risk-map/assessment", "controls": {"DASF\\u+0201": {}}}', 2),
        (["assess", str(example), "--min-coverage", "2"], None, 2),
        (["catalog", "--dasf", "9.9"], None, 2),
        (["catalog", "--format", "xml"], None, 2),
    ]


def test_the_wheels_command_is_the_native_cli(cli, wheel_cli, example_path, tmp_path):
    for args, stdin, status in cases(example_path, tmp_path):
        ours = run(wheel_cli, args, stdin, cwd=tmp_path)
        native = run(cli, args, stdin, cwd=tmp_path)
        assert ours.returncode == native.returncode == status, (args, ours.returncode, ours.stderr)
        assert ours.stdout == native.stdout, args
        assert ours.stderr == native.stderr, args
        if status == 0 and args[0] != "--version":
            assert ours.stdout, args


def test_an_argument_that_is_not_utf8_is_refused_alike(cli, wheel_cli, tmp_path):
    name = os.fsdecode(b"caf\xe9.json")
    ours = run(wheel_cli, ["assess", name], cwd=tmp_path)
    native = run(cli, ["assess", name], cwd=tmp_path)
    assert ours.returncode == native.returncode == 2
    assert ours.stderr == native.stderr and b"not UTF-8" in ours.stderr


def test_a_closed_pipe_ends_both_alike(cli, wheel_cli):
    # `ai-risk-map catalog --format csv | head -c 1`: the reader goes away early.
    seen = []
    for cmd in (wheel_cli, cli):
        p = subprocess.Popen([str(cmd), "catalog", "--format", "csv"], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        assert p.stdout is not None and p.stderr is not None
        p.stdout.read(1)
        p.stdout.close()
        err = p.stderr.read()
        seen.append((p.wait(timeout=60), err))
    assert seen[0] == seen[1], seen
    assert b"Traceback" not in seen[0][1]


def test_ctrl_c_ends_both_alike_while_reading_stdin(cli, wheel_cli):
    # Waiting on standard input inside the engine, Ctrl-C must end the command at once, as
    # it ends the native one, not wait for Python to get control back.
    import signal
    import time

    codes = []
    for cmd in (wheel_cli, cli):
        p = subprocess.Popen([str(cmd), "assess", "-"], stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        time.sleep(2.0)  # past start-up (an interrupt before the handler is reset is Python's)
        p.send_signal(signal.SIGINT)
        try:
            codes.append(p.wait(timeout=10))
        finally:
            p.kill()
            p.communicate()
    assert codes[0] == codes[1] == -signal.SIGINT, codes
