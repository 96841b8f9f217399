"""A researcher's project: a folder with a `roto.toml` and a `models/` folder of their own.

Every command works on the project it finds from the working directory upward (as git
finds a repository) or on the one `--project DIR` names; outside a project it works on
the review alone. A project's models, parts, references and statements get IRIs in the
project's namespace and live in the project's own named graphs, attributed to the
project's own source (see `roto.authoring`, `roto.build.compiler`); its release files are
written to its own `release/` folder, never into the installed package.

The active project is kept in the environment variable ROTO_PROJECT, so the processes a
command starts (the query workers of `roto serve`) work on the same project.

>>> check_namespace("https://example.org/hv/", "--namespace")
'https://example.org/hv/'
"""

from __future__ import annotations

import os
import re
from collections import namedtuple
from pathlib import Path

from .errors import RotoError

CONFIG = "roto.toml"
MODELS = "models"
RELEASE = "release"
ENV = "ROTO_PROJECT"
PREFIX = re.compile(r"[a-z][a-z0-9-]{0,31}")
ORCID = re.compile(r"https://orcid\.org/\d{4}-\d{4}-\d{4}-\d{3}[\dX]")
DEFAULT_LICENCE = "https://creativecommons.org/licenses/by/4.0/"
KEYS = {"title", "namespace", "prefix", "source", "licence", "creators", "include"}


# A named tuple, not a dataclass: every command looks for a project, and importing
# dataclasses would cost the query commands' start-up (see roto.engine).
Creator = namedtuple("Creator", "name orcid")


class Project(namedtuple("Project", "root title namespace prefix source licence creators review")):
    """What `roto.toml` says, checked: the folder, its title, namespace and prefix, the IRI
    of its own source (its publication's DOI, or one in its namespace), the licence, the
    creators (`Creator`s) and whether the review's models are included (`review`)."""

    __slots__ = ()

    @property
    def models(self) -> Path:
        return self.root / MODELS

    @property
    def release(self) -> Path:
        return self.root / RELEASE

    def model_files(self) -> list[Path]:
        return sorted(self.models.glob("*.toml")) if self.models.is_dir() else []

    def inputs(self) -> list[Path]:
        """What the project's release is built from: roto.toml, models/ (its time changes when
        a model file is added or removed) and each model file."""
        return [self.root / CONFIG, *([self.models] if self.models.is_dir() else []), *self.model_files()]


def check_namespace(value: object, where: str) -> str:
    """A namespace IRI: http(s), absolute, ending in / or # so that ids can follow it."""
    import pyoxigraph as ox

    if not isinstance(value, str) or not re.fullmatch(r"https?://[^\s<>\"{}|\\^`]+[/#]", value):
        raise RotoError(f"{where} {value!r}: not a namespace IRI (write e.g. https://example.org/my-project/, "
                        "http or https, ending in / or #)")
    if value.startswith("https://w3id.org/roto/"):
        raise RotoError(f"{where} {value!r}: that is the review's namespace; choose one of your own")
    try:
        ox.NamedNode(value)
    except ValueError:
        raise RotoError(f"{where} {value!r}: not a valid IRI") from None
    return value


def check_prefix(value: object, where: str) -> str:
    from .namespaces import BASE, PREFIXES, RESERVED_PATHS

    if not isinstance(value, str) or not PREFIX.fullmatch(value):
        raise RotoError(f"{where} {value!r}: a prefix is a lowercase letter then letters, digits or hyphens "
                        "(at most 32), e.g. hv")
    if value in PREFIXES:
        raise RotoError(f"{where} {value!r}: ROTO already uses that prefix ({PREFIXES[value]}); choose another")
    if value in RESERVED_PATHS:
        raise RotoError(f"{where} {value!r}: ROTO's own pages use that name ({BASE}{value}/...); choose another")
    return value


def _text(data: dict, key: str, where: str, default: str | None = None) -> str:
    value = data.get(key, default)
    if not isinstance(value, str) or not value.strip() or not value.isprintable():
        raise RotoError(f"{where}: '{key}' must be one line of text")
    return value.strip()


def read(root: Path) -> Project:
    """The project in `root`, its roto.toml checked; every mistake is one line naming the file."""
    from . import toml_parser

    path = root / CONFIG
    where = str(path)
    try:
        text = path.read_text(encoding="utf-8")
        if len(text) > 64 * 1024:
            raise RotoError(f"{where}: {len(text):,} characters; a roto.toml is a few lines (at most 65,536 characters)")
        data = toml_parser.parse(path, text)
    except FileNotFoundError:
        raise RotoError(f"{root}: not a ROTO project (no {CONFIG}; create one with `roto init {root}`)") from None
    except UnicodeDecodeError:
        raise RotoError(f"{where}: not a UTF-8 text file") from None
    except OSError as exc:
        raise RotoError(f"{where}: cannot read: {exc.strerror or exc}") from None
    unknown = sorted(set(data) - KEYS)
    if unknown:
        raise RotoError(f"{where}: unknown key(s) {', '.join(unknown)} (expected some of {', '.join(sorted(KEYS))})")
    namespace = check_namespace(data.get("namespace"), f"{where}: namespace")
    prefix = check_prefix(data.get("prefix"), f"{where}: prefix")
    source = _text(data, "source", where, namespace + "source")
    licence = _text(data, "licence", where, DEFAULT_LICENCE)
    for key, value in (("source", source), ("licence", licence)):
        if not re.fullmatch(r"https?://\S+", value):
            raise RotoError(f"{where}: {key} {value!r} is not an http(s) IRI")
    include = data.get("include", {"review": True})
    if not isinstance(include, dict) or set(include) - {"review"} or not isinstance(include.get("review", True), bool):
        raise RotoError(f"{where}: include must be a table such as include = {{ review = true }}")
    creators = []
    entries = data.get("creators", [])
    if not isinstance(entries, list):
        raise RotoError(f"{where}: creators must be a list such as "
                        "[{ name = \"A. Author\", orcid = \"https://orcid.org/...\" }]")
    for i, entry in enumerate(entries, 1):
        c_where = f"{where}: creators[{i}]"
        if not isinstance(entry, dict) or set(entry) - {"name", "orcid"}:
            raise RotoError(f"{c_where}: expected {{ name = \"...\", orcid = \"https://orcid.org/...\" }}")
        orcid = entry.get("orcid")
        if orcid is not None and (not isinstance(orcid, str) or not ORCID.fullmatch(orcid)):
            raise RotoError(f"{c_where}: orcid {orcid!r} is not an ORCID IRI (https://orcid.org/0000-0000-0000-0000)")
        creators.append(Creator(_text(entry, "name", c_where), orcid))
    return Project(root.resolve(), _text(data, "title", where), namespace, prefix, source, licence,
                   tuple(creators), include.get("review", True))


def find(start: Path) -> Project | None:
    """The project `start` is in (it or a folder above it holds roto.toml), or None."""
    here = start.resolve()
    for folder in (here, *here.parents):
        if (folder / CONFIG).is_file():
            return read(folder)
    return None


def open_project(folder: Path | str) -> Project:
    """The project in `folder`, named by the user (--project, roto.open(project=...))."""
    root = Path(folder)
    if not root.is_dir():
        raise RotoError(f"{root}: no such folder (the project named by --project)")
    return read(root)


def activate(folder: Path | None) -> Project | None:
    """Make the project named (or else the one found from the working directory) the one
    every command in this process, and in the processes it starts, works on."""
    project = open_project(folder) if folder is not None else find(Path.cwd())
    if project is None:
        os.environ.pop(ENV, None)
    else:
        os.environ[ENV] = str(project.root)
    return project


def active() -> Project | None:
    """The project this process works on (see `activate`), or None for the review alone.
    Read again only when its roto.toml changes: pages ask for every link they write."""
    root = os.environ.get(ENV)
    if not root:
        return None
    stamp: tuple[str, int | None]
    try:
        stamp = (root, (Path(root) / CONFIG).stat().st_mtime_ns)
    except OSError:
        stamp = (root, None)
    if _read.get(stamp) is None:
        _read.clear()
        _read[stamp] = read(Path(root))
    return _read[stamp]


_read: dict[tuple[str, int | None], Project] = {}


EXAMPLE_MODEL = '''\
# An example model, to copy and edit: one file per model, in the review's framework
# (docs/add-a-model.md explains every key). While every line is a comment it adds
# nothing. Your model's IRI will be {namespace}model/my-model; its statements are
# your project's, attributed to the project's source, never the review's.
#
# [parts]                      # the places in your source that statements point to
# my-model-description = "My paper: the model"
#
# [references]                 # your source's numbered reference list (optional)
# 1 = "Author A, Author B"
#
# [models.my-model]
# label = "My model"
# definition = "What the model is, in one or two sentences of your own."
# key-texts = {{ cites = "1", at = "my-model-description" }}
#
# [models.my-model.resources]  # Table 1: true = used, false = not used (a blank cell)
# social-relationships = {{ uses = true, at = "my-model-description", cites = "1" }}
# decision-making      = {{ uses = false, at = "my-model-description" }}
# # a resource left out is "not stated": your source does not say
#
# [models.my-model.relationships]  # Table 2
# peers = {{ uses = true, at = "my-model-description" }}
#
# [models.my-model.reciprocity]    # required: reciprocal or unidirectional
# value = "reciprocal"
# at = "my-model-description"
'''


def init(root: Path, namespace: str | None, prefix: str | None, title: str | None) -> Project:
    """Create a project in `root` (made if missing): roto.toml and models/ with an example.
    Refuses a folder that already holds a project; writes nothing until every value is checked."""
    from .files import write_atomic

    name = root.resolve().name
    guess = re.sub(r"[^a-z0-9-]+", "-", name.lower()).strip("-") or "project"
    prefix = check_prefix(prefix if prefix is not None else (guess if guess[0].isalpha() else "p-" + guess)[:32],
                          "--prefix")
    namespace = check_namespace(namespace or f"https://example.org/{prefix}/", "--namespace")
    title = title if title is not None else name
    if not title.strip() or not title.isprintable():
        raise RotoError(f"--title {title!r}: one line of text")
    if (root / CONFIG).exists():
        raise RotoError(f"{root / CONFIG} already exists: {root} is a project already (nothing was changed)")
    if root.exists() and not root.is_dir():
        raise RotoError(f"{root}: is a file, not a folder")
    config = (
        f"# A ROTO project: `roto` commands run in this folder (or below it) work on it.\n"
        f"title = {_toml_string(title.strip())}\n"
        f"# Your models, parts, references and statements get IRIs under this namespace.\n"
        f"namespace = {_toml_string(namespace)}\n"
        f"prefix = {_toml_string(prefix)}\n"
        f"# The source your statements are attributed to: your publication's DOI once you have one.\n"
        f"source = {_toml_string(namespace + 'source')}\n"
        f"licence = {_toml_string(DEFAULT_LICENCE)}\n"
        f"# Who made it; orcid is optional.\n"
        f"creators = [\n  # {{ name = \"A. Researcher\", orcid = \"https://orcid.org/0000-0000-0000-0000\" }},\n]\n"
        f"# The review's ten models are included; write review = false to work on yours alone.\n"
        f"include = {{ review = true }}\n"
    )
    example = root / MODELS / "example.toml"
    if not example.exists():  # a models/ folder already there keeps what it holds
        write_atomic(example, EXAMPLE_MODEL.format(namespace=namespace).encode("utf-8"))
    write_atomic(root / CONFIG, config.encode("utf-8"))  # last: the folder is a project once all is there
    return read(root)


def _toml_string(text: str) -> str:
    import json

    return json.dumps(text, ensure_ascii=False)
