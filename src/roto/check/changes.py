"""What `roto validate --changed` checks: the files of a project that differ from the record
of its last run that conformed, or everything where that record cannot vouch for the rest.

The record, `<project>/.roto/validated.json`, holds the sha256 of every input file of that
run (roto.toml, each model file, each DATA file) and a digest of what else makes the
verdict (ROTO's version, the ontology, the review's files, the shapes). A run on what
changed still loads the whole graph (each unchanged file's triples from the project's cache
of compiled triples, `roto.check.triples_cache`), so every check sees every triple; what it narrows is
the focus nodes of each core constraint whose targets are a class, or the subjects or
objects of a property, and whose path reads the focus node's own triples (no inverse
step): there it checks only the nodes a changed file describes, the nodes pointing at them
and the nodes they point at (`roto.check.engine.changed_nodes`). Why that is enough for a
changed model file, and what is run whole instead:

- A model file's triples are all about those nodes (tests/test_validate_changed.py), so a
  node outside them keeps its own triples; a value it points at that a changed file
  describes (a class to check) makes it a node pointing at them.
- Everything that joins files is checked whole, as in a full run: the compiler reading
  every TOML file refuses a model, part, reference or source defined twice, a citation of
  a reference its source does not list and a joint claim without its partner (at load,
  which is never narrowed); a path with an inverse step (one statement id on two
  statements), SHACL-SPARQL constraints and shapes with named or SPARQL targets (the
  review's counts, reference lists, table cells a model leaves open, provenance) are run
  over the whole graph, and what they find is reported wherever it is.
- A file removed (what it defined may be named elsewhere), roto.toml or an RDF file
  changed (RDF may say anything about any node), a different ROTO, shapes or review, or no
  readable record: everything is validated.

A run with nothing changed loads nothing: the inputs are the bytes that conformed. The
record is written only when a run conforms, atomically, and only inside the project.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path

from ..loader import TOML_SUFFIX
from ..project import CONFIG, Project

RECORD = Path(".roto") / "validated.json"
_FORMAT = 1
_PACKAGE = Path(__file__).resolve().parents[1]


@dataclass
class Plan:
    """What a run on what changed checks: `changed` files (as given), or everything when
    `why` says why; `hashes` and `basis` are what the record keeps if it conforms."""

    hashes: dict[str, str]
    basis: str
    changed: list[Path] = field(default_factory=list)
    why: str | None = None

    @property
    def everything(self) -> bool:
        return self.why is not None


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def basis(shapes: Path | None, with_review: bool) -> str:
    """A digest of what besides the project's files makes the verdict: ROTO's version, its
    ontology and review files, and the shapes (ROTO's, which of them, or the file given)."""
    from .._version import __version__
    from ..assets import asset_dir

    total = hashlib.sha256(f"roto {__version__}; review shapes {with_review}\n".encode())
    files = [p for name in ("ontology", "review", *(() if shapes else ("shapes",)))
             for p in sorted(asset_dir(name).rglob("*")) if p.is_file()]
    for path in [*files, *([Path(shapes)] if shapes else [])]:
        total.update(f"{path.name}\n{digest(path)}\n".encode())
    return total.hexdigest()


def _key(project: Project, path: Path) -> str:
    """A file as the record names it: relative to the project, or absolute outside it."""
    full = path.resolve()
    return full.relative_to(project.root).as_posix() if full.is_relative_to(project.root) else str(full)


def plan(project: Project, named: list[Path] | tuple[Path, ...], made_of: str) -> Plan:
    """What to check: the input files (roto.toml, the model files, `named`) whose bytes differ
    from the record's, and every file `named`; or everything, saying why."""
    inputs: dict[str, Path] = {}
    for path in [project.root / CONFIG, *project.model_files(), *named]:
        inputs.setdefault(_key(project, path), path)  # a model file named is the project's
    hashes = {key: digest(path) for key, path in inputs.items()}
    done = Plan(hashes, made_of)
    record, trouble = read_record(project)
    if record is None:
        done.why = trouble
        return done
    if record["basis"] != made_of:
        done.why = "ROTO, its shapes or the review changed since the last run that conformed"
        return done
    gone = sorted(set(record["files"]) - set(hashes))
    if gone:
        done.why = f"{gone[0]} was removed since the last run that conformed"
        return done
    named_keys = {_key(project, p) for p in named}
    changed = [key for key in hashes if record["files"].get(key) != hashes[key] or key in named_keys]
    if CONFIG in changed:
        done.why = f"{CONFIG} changed"
    elif rdf := [key for key in changed if not key.lower().endswith(TOML_SUFFIX)]:
        done.why = f"{rdf[0]} is RDF, which may say anything about any node"
    done.changed = [inputs[key] for key in changed]
    return done


def read_record(project: Project) -> tuple[dict | None, str]:
    """The record of the project's last run that conformed, or None and why not."""
    path = project.root / RECORD
    try:
        record = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None, "no run has conformed yet (no record in .roto/)"
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        return None, f"{path}: unreadable record ({type(exc).__name__}), ignored"
    files = record.get("files") if isinstance(record, dict) else None
    if not isinstance(files, dict) or record.get("format") != _FORMAT or not isinstance(record.get("basis"), str) \
            or not all(isinstance(k, str) and isinstance(v, str) for k, v in files.items()):
        return None, f"{path}: not a record this ROTO writes, ignored"
    return record, ""


def write_record(project: Project, done: Plan) -> str | None:
    """Keep `done` as the record of a run that conformed; a note if it cannot be kept."""
    from ..files import cannot_write, write_atomic

    path = project.root / RECORD
    if path.resolve().is_relative_to(_PACKAGE):
        return f"{path}: not written: it would be inside the installed package"
    record = {"format": _FORMAT, "basis": done.basis, "files": dict(sorted(done.hashes.items()))}
    try:
        write_atomic(path, (json.dumps(record, indent=1) + "\n").encode("utf-8"))
    except OSError as exc:
        return cannot_write(path, exc)
    return None
