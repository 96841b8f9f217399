"""docs/tutorial.md and docs/add-a-model.md run as written: each one's blocks, in order, in
one fresh folder.

```python blocks are doctest sessions sharing one namespace (outputs are checked);
```toml blocks whose first line is `# file: NAME` are written to NAME (a later block naming
the same file adds to it); ```sh blocks are `roto` commands, expected to succeed, each run
through `roto.cli.main()` in one child process for both documents (tests/in_process.py: the
command's work without an interpreter start and imports each). Blocks without a language
(expected output) are not run.
"""

from __future__ import annotations

import doctest
import re
import shlex
from pathlib import Path

import pytest

from conftest import ROOT

DOCS = {"tutorial": ROOT / "docs" / "tutorial.md", "add-a-model": ROOT / "docs" / "add-a-model.md"}
BLOCK = re.compile(r"^```(\w+)\n(.*?)^```$", re.MULTILINE | re.DOTALL)


def blocks(doc: Path) -> list[tuple[str, str, int]]:
    text = doc.read_text(encoding="utf-8")
    return [(m[1], m[2], text.count("\n", 0, m.start()) + 2) for m in BLOCK.finditer(text)]


@pytest.mark.parametrize("name", DOCS)
def test_every_block_runs(tmp_path, monkeypatch, roto_runner, name):
    TUTORIAL = DOCS[name]
    monkeypatch.chdir(tmp_path)
    parser = doctest.DocTestParser()
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    namespace: dict = {}
    kinds = set()
    written: set[str] = set()
    for kind, body, line in blocks(TUTORIAL):
        kinds.add(kind)
        where = f"{TUTORIAL.name}:{line}"
        if kind == "python":
            test = parser.get_doctest(body, namespace, where, str(TUTORIAL), line - 1)
            assert test.examples, f"{where}: a python block without >>> examples"
            result = runner.run(test, clear_globs=False)
            namespace.update(test.globs)  # DocTest works on a copy; later blocks see these names
            assert result.failed == 0, f"{where}: {result.failed} example(s) failed (see the output above)"
        elif kind == "toml":
            first, _, _ = body.partition("\n")
            name = re.fullmatch(r"# file: (\S+)", first)
            assert name, f"{where}: a toml block starts with '# file: NAME'"
            with Path(name[1]).open("a" if name[1] in written else "w", encoding="utf-8") as handle:
                handle.write(body)
            written.add(name[1])
        elif kind == "sh":
            for command in filter(None, (c.split("#")[0].strip() for c in body.splitlines())):
                args = shlex.split(command)
                assert args[0] == "roto", f"{where}: only roto commands run here: {command}"
                result = roto_runner.run(args[1:], cwd=tmp_path)
                assert result.returncode == 0, f"{where}: {command}: {result.stderr}"
        else:
            raise AssertionError(f"{where}: no runner for ```{kind} blocks")
    assert {"toml", "sh"} <= kinds
