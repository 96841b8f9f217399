"""One vocabulary across the CLI: `-o/--output` for every file written, bare `roto` prints
the help, `--version`, "unstated" and "not stated" alike, a name found by any word of its
label, and completion scripts for bash and zsh that the shells really load."""

from __future__ import annotations

import csv
import io
import os
import shutil
import subprocess
import sys

import pytest

from conftest import ROOT, assert_refused, require, require_executable, run_roto
from roto import __version__


def subcommands() -> dict:
    from roto.cli import build_parser

    return next(a for a in build_parser()._actions if a.dest == "command").choices


def test_every_file_written_is_named_by_dash_o_or_output():
    writers = {name: sub for name, sub in subcommands().items()
               if any(a.dest == "output" for a in sub._actions)}
    assert {"build", "plot", "site", "table", "query", "reason", "validate", "cite"} <= set(writers)
    for name, sub in writers.items():
        shown = {s for a in sub._actions if a.dest == "output" and a.help != "==SUPPRESS==" for s in a.option_strings}
        assert shown == {"-o", "--output"}, name
        assert "--out " not in sub.format_help() and "--out\n" not in sub.format_help(), name


def test_the_old_out_still_works_with_a_warning_and_cannot_be_given_twice(tmp_path):
    old = run_roto("plot", "resources", "--out", str(tmp_path / "t.svg"))
    require(not (old.returncode == 2 and "matplotlib" in old.stderr), "matplotlib is not installed")
    assert old.returncode == 0, old.stderr
    assert (tmp_path / "t.svg").read_bytes().startswith(b"<?xml")
    assert old.stderr == "roto: warning: --out is deprecated; use -o/--output\n"
    both = run_roto("site", "--out", str(tmp_path / "a"), "-o", str(tmp_path / "b"))
    assert both.returncode == 2 and "not allowed with" in both.stderr
    assert not (tmp_path / "a").exists() and not (tmp_path / "b").exists()
    missing = run_roto("site")
    assert missing.returncode == 2 and "-o/--output is required" in missing.stderr


def test_bare_roto_prints_the_help_and_exits_2():
    result = run_roto()
    assert result.returncode == 2
    assert result.stdout == run_roto("--help").stdout and "completion" in result.stdout


def test_version():
    result = run_roto("--version")
    assert result.returncode == 0 and result.stdout == f"roto {__version__}\n"


@pytest.mark.parametrize("spelling", ["unstated", "not stated", "Not-Stated", "NOT_STATED"])
def test_unstated_and_not_stated_are_one_value(spelling):
    result = run_roto("models", "--expertise", spelling, "--format", "csv")
    assert result.returncode == 0, result.stderr
    assert [r["id"] for r in csv.DictReader(io.StringIO(result.stdout))] == ["befriending", "creative-music-therapy"]


def test_a_name_is_found_by_any_word_of_its_label():
    strengths = run_roto("models", "--resource", "strengths", "--format", "csv")
    assert strengths.returncode == 0, strengths.stderr
    # the same models as the full label finds
    full = run_roto("models", "--resource", "Patient's individual strengths", "--format", "csv")
    assert strengths.stdout == full.stdout and strengths.stdout.count("\n") > 1
    evidence = run_roto("evidence", "dialogue", "ability", "--format", "json")
    assert evidence.returncode == 0 and "open-dialogue/resource/decision-making" in evidence.stdout
    # an ambiguous word: one line naming the candidates, exit 2
    ambiguous = assert_refused(run_roto("evidence", "therapy"), "ambiguous", "client-centred-therapy",
                               "systemic-family-therapy")
    candidates = ambiguous.split("it matches ")[1].split(";")[0].split(", ")
    assert sorted(candidates) == ["client-centred-therapy", "creative-music-therapy", "solution-focused-therapy",
                                  "systemic-family-therapy"], "a word is matched at its start: not psychotherapy"


def completion(shell: str) -> str:
    result = run_roto("completion", shell)
    require(not (result.returncode == 2 and "shtab" in result.stderr), "shtab is not installed")
    assert result.returncode == 0, result.stderr
    return result.stdout


def test_bash_loads_the_completion_and_completes_commands_options_and_choices(tmp_path):
    bash = require_executable("bash")
    script = tmp_path / "roto.bash"
    script.write_text(completion("bash"), encoding="utf-8")

    def complete(*words: str) -> list[str]:
        line = " ".join(("roto", *words))
        quoted = " ".join(f"'{w}'" for w in words)
        code = (f'source "$1"; complete -p roto; COMP_WORDS=(roto {quoted}); COMP_CWORD={len(words)}; '
                f'COMP_LINE="{line}"; COMP_POINT={len(line)}; _shtab_roto roto "{words[-1]}" "{(["roto", *words])[-2]}"; '
                'printf "%s\\n" "${COMPREPLY[@]}"')
        done = subprocess.run([bash, "-c", code, "bash", str(script)], capture_output=True, text=True, timeout=30)
        assert done.returncode == 0 and done.stderr == "", done.stderr
        first, *rest = done.stdout.splitlines()
        assert first == "complete -o bashdefault -F _shtab_roto roto", first
        return rest

    assert complete("pl") == ["plot"]
    assert complete("comp") == ["compare", "completion"]
    assert {"-o", "--output", "--highlight"} <= set(complete("plot", "-"))
    assert "--out" not in complete("plot", "--o"), "the deprecated name is not offered"
    assert complete("table", "r") == ["resources", "relationships"]
    assert complete("completion", "") == ["bash", "zsh"]


def test_bash_sources_the_script_from_the_command_as_the_help_says():
    bash = require_executable("bash")
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    completion("bash")
    done = subprocess.run([bash, "-c", f'source <("{sys.executable}" -m roto completion bash); complete -p roto'],
                          capture_output=True, text=True, env=env, timeout=120)
    assert done.returncode == 0 and done.stdout.strip().endswith(" roto"), done.stderr


def test_zsh_loads_the_completion(tmp_path):
    zsh = shutil.which("zsh")
    require(zsh is not None, "zsh is not installed (apt-get install zsh)")
    script = tmp_path / "_roto"
    script.write_text(completion("zsh"), encoding="utf-8")
    assert script.read_text().startswith("#compdef roto")
    assert subprocess.run([zsh, "-n", str(script)], capture_output=True, timeout=30).returncode == 0
    code = 'autoload -U compinit; compinit -u -D; eval "$(<$1)"; print -r -- "${_comps[roto]}"; whence -w _shtab_roto'
    done = subprocess.run([zsh, "-f", "-c", code, "zsh", str(script)], capture_output=True, text=True, timeout=30,
                          env={**os.environ, "HOME": str(tmp_path)})
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == ["_shtab_roto", "_shtab_roto: function"]


def test_completion_of_an_unknown_shell_is_refused():
    result = run_roto("completion", "fish")
    assert result.returncode == 2 and "invalid choice: 'fish'" in result.stderr


def test_completion_without_shtab_is_one_line_naming_the_extra():
    code = "import sys; sys.modules['shtab'] = None\nfrom roto.cli import main; sys.exit(main(['completion', 'bash']))"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120,
                          env={**os.environ, "PYTHONPATH": str(ROOT / "src")})
    assert_refused(done, "`roto completion` needs shtab", "[completion]")
