"""Write N synthetic therapeutic models in the researcher authoring format, to measure ROTO at scale.

Each model is one TOML file with a source of its own (its parts and a numbered reference
list), every Table 1 and Table 2 cell (some `uses = false`: blank cells, negative
assertions), a reciprocity judgement, an expertise locus for most, and provenance that cites
only its own references. The files are schema-valid: `roto validate --data DIR/*.toml`
conforms. The same N and seed always give the same bytes.

Usage: `python benchmarks/generate.py N [--seed S] [--out DIR] [--nquads FILE]` (default out:
generated-N); `--nquads FILE` also writes the review plus the N models compiled (as every
command compiles TOML), for `--data FILE`.
"""

from __future__ import annotations

import argparse
import random
import sys
from pathlib import Path

RESOURCES = ("social-relationships", "decision-making", "experiential-knowledge", "individual-strengths",
             "recreational-activities", "self-actualising-tendencies")
RELATIONSHIPS = ("professionals", "peers", "friends", "family")
RECIPROCITY = ("reciprocal", "unidirectional")
EXPERTISE = ("patient", "peers", "everyone", "therapist")
WORDS = ("group", "home", "art", "garden", "work", "walking", "story", "craft", "team", "circle", "kitchen", "radio")


def _cites(rng: random.Random, references: int) -> str:
    first = rng.randint(1, references)
    last = rng.randint(first, references)
    return str(first) if first == last else f"{first}-{last}"


def model_toml(number: int, rng: random.Random) -> str:
    """One model file: its own source, parts and references, and every table cell."""
    name = f"synthetic-{number:06d}"
    references = rng.randint(2, 6)
    lines = [
        f"# Synthetic model {number}, written by benchmarks/generate.py.",
        "[source]",
        f'id = "{name}-source"',
        f'iri = "https://example.org/synthetic/{number:06d}"',
        f'title = "Synthetic source {number}"',
        "",
        "[parts]",
        f'{name}-description = "Synthetic source {number}: the model"',
        f'{name}-tables = "Synthetic source {number}: resources and relationships"',
        f'{name}-nature = "Synthetic source {number}: reciprocity and expertise"',
        "",
        "[references]",
        *(f'{n} = "Author {number}-{n}"' for n in range(1, references + 1)),
        "",
        f"[models.{name}]",
        f'label = "Synthetic {rng.choice(WORDS)} model {number}"',
        f'definition = "A made-up model number {number}, used only to measure ROTO on many models."',
        f'key-texts = {{ cites = "{_cites(rng, references)}", at = "{name}-description" }}',
    ]
    for table, columns in (("resources", RESOURCES), ("relationships", RELATIONSHIPS)):
        lines += ["", f"[models.{name}.{table}]"]
        for column in columns:
            # Social relationships and professionals always used: the review's shared
            # findings (warnings otherwise) hold, so the files conform without warnings.
            used = column in ("social-relationships", "professionals") or rng.random() < 0.5
            cites = f', cites = "{_cites(rng, references)}"' if used else ""
            lines.append(f'{column} = {{ uses = {str(used).lower()}, at = "{name}-tables"{cites} }}')
    lines += ["", f"[models.{name}.reciprocity]", f'value = "{rng.choice(RECIPROCITY)}"',
              f'at = "{name}-nature"', f'cites = "{_cites(rng, references)}"']
    if rng.random() < 0.8:
        lines += ["", f"[models.{name}.expertise]", f'value = "{rng.choice(EXPERTISE)}"',
                  f'at = "{name}-nature"', f'cites = "{_cites(rng, references)}"']
    return "\n".join(lines) + "\n"


def generate(count: int, out: Path, seed: int = 0) -> list[Path]:
    """Write `count` model files into `out` (created; files of an earlier run are replaced)."""
    out.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    paths = []
    for number in range(1, count + 1):
        path = out / f"synthetic-{number:06d}.toml"
        path.write_text(model_toml(number, rng), encoding="utf-8")
        paths.append(path)
    return paths


def write_nquads(paths: list[Path], target: Path) -> Path:
    """The review plus `paths`, compiled as `roto build` compiles the review, as one N-Quads
    file sorted like `roto.nq`."""
    from roto.authoring import read_content
    from roto.build.quads import compiled_quads, sorted_lines
    from roto.files import write_atomic

    write_atomic(target, sorted_lines(compiled_quads(read_content(paths))))
    return target


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("count", type=int, metavar="N", help="how many models to write")
    parser.add_argument("--seed", type=int, default=0, help="random seed (default 0)")
    parser.add_argument("--out", type=Path, help="folder to write into (default generated-N)")
    parser.add_argument("--nquads", type=Path, metavar="FILE", help="also write the compiled graph to FILE")
    args = parser.parse_args(argv)
    if args.count < 0:
        parser.error("N must be 0 or more")
    out = args.out or Path(f"generated-{args.count}")
    paths = generate(args.count, out, args.seed)
    print(f"wrote {len(paths)} model files to {out}", file=sys.stderr)
    if args.nquads:
        print(f"wrote the compiled graph to {write_nquads(paths, args.nquads)}", file=sys.stderr)


if __name__ == "__main__":
    main()
