"""The README documents every command, every command has help, and its first command works."""

import re
import shlex

import pytest

from conftest import ROOT, run_roto

README = (ROOT / "README.md").read_text(encoding="utf-8")


def commands() -> list[str]:
    from roto.cli import build_parser

    parser = build_parser()
    subparsers = next(a for a in parser._actions if a.dest == "command")
    return sorted(subparsers.choices)


def test_there_are_commands_for_every_issue():
    assert {"build", "table", "validate", "query", "sparql", "models", "evidence", "reason",
            "serve", "site", "publish", "plot"} <= set(commands())


@pytest.mark.parametrize("command", commands())
def test_every_command_has_help_and_is_in_the_readme(command):
    result = run_roto(command, "--help")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("usage: roto " + command)
    assert re.search(rf"\broto {command}\b", README), f"`roto {command}` is not documented in README.md"


def first_code_blocks() -> list[str]:
    return re.findall(r"```sh\n(.*?)\n```", README, flags=re.S)[:2]


def test_readme_starts_with_install_and_test_commands():
    install, tests = first_code_blocks()
    assert "pip install ." in install and "roto table" in install
    assert "pytest" in tests


def test_the_roto_part_of_the_first_command_answers():
    install, _ = first_code_blocks()
    steps = [shlex.split(step) for step in install.split("&&")]
    roto_steps = [step[1:] for step in steps if step[0] == "roto"]
    assert roto_steps, "the first command runs roto"
    outputs = []
    for args in roto_steps:
        result = run_roto(*args)
        assert result.returncode == 0, (args, result.stderr)
        outputs.append(result.stdout)
    assert outputs[0].startswith("Table 1")
    assert "Self-help groups" in outputs[-1] and "Therapeutic communities" in outputs[-1]
    assert "Befriending" not in outputs[-1]
