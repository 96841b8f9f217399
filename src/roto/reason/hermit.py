"""HermiT through owlready2, one fresh owlready2 `World` per run.

Every run gets its own World fed with N-Triples, so the caller's graph is never touched and
nothing leaks between runs (owlready2's `default_world` is never used). owlready2 hands HermiT
(OWL API 3) every triple, including the owl:NegativePropertyAssertion of each blank table cell,
so asserting a use that Table 1 or Table 2 leaves blank makes the ontology inconsistent.
owlready2 (and Java) are imported inside the run only.
"""

from __future__ import annotations

import contextlib
import io
import tempfile

from rdflib import Graph

from ..errors import RotoError
from ..namespaces import GRAPH, ONTOLOGY_IRI
from .partitions import JAVA_MEMORY


class Hermit:
    """Runs HermiT on N-Triples, one fresh owlready2 World per run; counts the runs."""

    def __init__(self, java_memory: int = JAVA_MEMORY) -> None:
        self.runs, self.java_memory = 0, java_memory

    def run(self, ntriples: bytes) -> Graph | None:
        """HermiT's conclusions (as owlready2 records them), or None if the input is inconsistent.
        Any other failure of owlready2 or Java is bad input to the reasoner: one line, exit 2
        (exit 1 means inconsistent)."""
        try:
            return self._run(ntriples)
        except RotoError:
            raise
        except Exception as exc:  # owlready2 and its Java bridge raise many unrelated types
            lines = [line.strip() for line in str(exc).splitlines() if line.strip()]
            raise RotoError(f"the reasoner failed ({type(exc).__name__}): {lines[-1] if lines else 'no message'}") from None

    def _run(self, ntriples: bytes) -> Graph | None:
        import owlready2
        import owlready2.reasoning

        self.runs += 1
        owlready2.reasoning.JAVA_MEMORY = self.java_memory  # read there, as -Xmx, at each run
        world = owlready2.World()
        try:
            world.get_ontology(ONTOLOGY_IRI).load(fileobj=io.BytesIO(ntriples), format="ntriples")
            conclusions = world.get_ontology(GRAPH["inferred"])
            with _private_tempdir():
                try:
                    with conclusions:
                        owlready2.sync_reasoner_hermit(world, infer_property_values=False, debug=0)
                except owlready2.OwlReadyInconsistentOntologyError:
                    return None
                except FileNotFoundError:
                    raise RotoError("`roto reason` needs Java 11 or newer on the PATH to run HermiT") from None
                except owlready2.OwlReadyJavaError as exc:
                    if "OutOfMemoryError" in str(exc):
                        raise _out_of_memory(self.java_memory) from None
                    lines = [line for line in str(exc).splitlines() if line.strip()]
                    raise RotoError(f"HermiT failed: {lines[-1] if lines else exc}") from None
            out = io.BytesIO()
            conclusions.save(out, format="ntriples")
        finally:
            world.close()
        return Graph().parse(data=out.getvalue().decode("utf-8"), format="nt")

    def consistent(self, ntriples: bytes) -> bool:
        return self.run(ntriples) is not None


def _out_of_memory(megabytes: int) -> RotoError:
    return RotoError(f"HermiT ran out of memory: Java may use {megabytes} MB (--java-memory); give it more, "
                     f"or reason over fewer models at a time (--models-per-run, when the graph can be split)")


@contextlib.contextmanager
def _private_tempdir():
    """owlready2 writes HermiT's input to a temp file and leaves it behind when the input is
    inconsistent; pointing tempfile at a directory we delete afterwards keeps /tmp clean."""
    previous = tempfile.tempdir
    with tempfile.TemporaryDirectory(prefix="roto-reason-") as folder:
        tempfile.tempdir = folder
        try:
            yield
        finally:
            tempfile.tempdir = previous
