"""TOML text to data, with ROTO's limits and one-line errors: the one way ROTO reads TOML.

The parser is tomli where installed (a dependency), else Python's own tomllib: tomllib is
tomli's pure-Python source and tomli's wheels the same parser compiled, about twice as fast,
which counts when a project holds thousands of model files. tomli is kept below 2.4, where it
starts reading TOML 1.1: both accept exactly TOML 1.0, as Python 3.11 does.
"""

from __future__ import annotations

import re
from pathlib import Path

from . import limits
from .errors import RotoError

try:
    from tomli import TOMLDecodeError, loads
except ImportError:  # pragma: no cover - tomli is a dependency; this keeps a bare install working
    from tomllib import TOMLDecodeError, loads  # type: ignore[assignment]


def parse(path: Path, text: str) -> dict:
    """The data of the TOML file `path` holding `text`; bad syntax or nesting beyond ROTO's
    limit is a RotoError naming the file (tomli refuses a key of over 1,000 dotted parts with
    a RecursionError of its own)."""
    limits.check_depth(path, text, "TOML")
    try:
        data = loads(text)
    except TOMLDecodeError as exc:
        raise RotoError(toml_error(str(path), exc)) from None
    except RecursionError:
        raise RotoError(f"{path}: keys nested more than {limits.MAX_DEPTH} levels deep (ROTO's limit for TOML files)") from None
    limits.check_tree(path, data)
    return data


def toml_error(origin: str, exc: TOMLDecodeError) -> str:
    """The parser's message as `file:line:column: invalid TOML: what`, the way parsers point."""
    found = re.fullmatch(r"(.*) \(at line (\d+), column (\d+)\)", str(exc), flags=re.S)
    if found:
        what = found[1] if len(found[1]) <= 160 else found[1][:157] + "..."  # the parser may quote a whole key
        what += " (a quote or bracket left open?)" if found[1] == "Illegal character '\\n'" else ""
        return f"{origin}:{found[2]}:{found[3]}: invalid TOML: {what}"
    return f"{origin}: invalid TOML: {exc}"
