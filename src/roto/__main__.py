"""`python -m roto` runs the CLI."""

from .cli import run

run()
