"""Every competency question in docs/competency-questions.md is answered as documented.

The document pairs each question's command (a `sh` block) with its answer (the `text`
block after it); this runs each command in a fresh interpreter and compares the output.
"""

from __future__ import annotations

import re
import shlex

import pytest

from conftest import ROOT, run_roto

DOC = ROOT / "docs" / "competency-questions.md"
ENTRY = re.compile(r"^## (?P<question>.+?)\n.*?```sh\n(?P<command>roto .+?)\n```\n+```text\n(?P<answer>.*?)```",
                   re.DOTALL | re.MULTILINE)


def entries() -> list[tuple[str, str, str]]:
    text = DOC.read_text(encoding="utf-8")
    found = [(m["question"], m["command"], m["answer"]) for m in ENTRY.finditer(text)]
    assert len(found) == text.count("\n## "), "every question needs a `sh` command block and a `text` answer block"
    return found


def test_the_list_covers_the_researchers_questions():
    commands = [command for _, command, _ in ENTRIES]
    assert len(commands) >= 12
    for group in ("models", "evidence", "query", "sparql", "table"):
        assert any(c.split()[1] == group for c in commands), f"no question answered by roto {group}"


ENTRIES = entries()


@pytest.mark.parametrize("question, command, answer", ENTRIES, ids=[q.split(".")[0] for q, _, _ in ENTRIES])
def test_competency_question_is_answered_as_documented(question, command, answer):
    result = run_roto(*shlex.split(command)[1:])
    assert result.returncode == 0, result.stderr
    assert result.stdout == answer, question
