"""ROTO at 0, 100, 1,000 and 10,000 added models, each command beside its alternative.

For each size the synthetic models of benchmarks/generate.py are written once (TOML, and the
review plus them compiled to N-Quads), then each case runs as a fresh process, the cases
alternated over RUNS rounds: `roto validate` of the model files (its oxigraph engine) beside
`--engine pyshacl` up to 1,000 models, and in a project holding the same files, `roto validate
--changed` after one model file was edited (a line appended, untimed, before each run; the
record of the run before is its baseline) beside the full `roto validate` of that project; the
build of the graph (ROTO compiling review + models and writing sorted N-Quads as `roto build`
writes roto.nq) beside pyoxigraph parsing and writing the same N-Quads, and the whole `roto build`
of a project holding the models (every release file, its on-disk store); `roto.open()` of the
N-Quads beside a pyoxigraph store loading them; `roto models` and `roto evidence MODEL` with
`--data` beside a bare pyoxigraph script answering the same SPARQL on the same file; `roto
reason` of the model files beside HermiT alone (its command line as owlready2 builds it, same
Java heap) on the same graph as N-Triples, and HermiT alone with the JVM options `roto reason`
gives it. On a project of the same models, built by `roto build` (which builds its release's
on-disk store, `roto.disk_store`): `roto models`, `roto.open()` and `roto serve` (2 workers;
start until it says it is serving, then 5 queries) from that store beside the same with an
unwritable cache, so that they read roto.nq into memory as before; for the server, CPU and
memory are those of the app and its workers together when it is ready (RSS, not peak), and the
query time is per query. And pages as `roto serve` renders them, timed in one process after its
start: the first model page (which reads what model pages need) and a second one after it,
beside pyoxigraph answering the canned `evidence` query for the model (the statements its page
shows) on the same store; the first page of a model's source part, and one after a model page.
Prints, per case, CPU time (user + system, waited-for children such as Java included) and
wall time as median (min-max) and peak memory (the most the process and its children held
at once, their proportional set sizes sampled from /proc every 0.5 s, or its largest single
process if more); then time(1,000) / time(100) (linear: at most about 10).

    python benchmarks/scale.py [--sizes 0,100,1000,10000] [--runs 3] [--work DIR] [--only open,models,serve]

Default sizes: 0,100 (quick). With 10,000 allow an hour and a few GB; `--only` runs the
commands (with their alternatives) whose names contain one of the words.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PYSHACL_UP_TO = 1000  # pySHACL's row for validate, at sizes up to this
# Bytecode cached as in an installed package (pip compiles it at install time), kept out of
# the checkout: with PYTHONDONTWRITEBYTECODE every start would compile ROTO's sources again.
ENV = {**{k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}, "PYTHONPATH": str(ROOT / "src"),
       "PYTHONPYCACHEPREFIX": str(Path(tempfile.gettempdir()) / "roto-benchmark-pycache"),
       # The graphs from 1,000 models on are over the loader's default 32 MB per file, as a
       # researcher's would be: they raise it the same way. The cache of prebuilt stores
       # (roto.disk_store) is the benchmark's own, so the first read of a size builds it.
       "ROTO_MAX_FILE_MB": "2000", "XDG_CACHE_HOME": str(Path(tempfile.gettempdir()) / "roto-benchmark-cache")}

BUILD = """
import sys
from pathlib import Path
sys.path.insert(0, sys.argv[1])
from generate import write_nquads
write_nquads(sorted(Path(sys.argv[2]).glob("*.toml")), Path(sys.argv[3]))
"""
OX_REWRITE = """
import sys, pyoxigraph as ox
quads = ox.parse(path=sys.argv[1], format=ox.RdfFormat.N_QUADS)
ox.serialize(quads, output=sys.argv[2], format=ox.RdfFormat.N_QUADS)
"""
OPEN = "import sys, roto; roto.open([sys.argv[1]])"
OX_LOAD = "import sys, pyoxigraph as ox; ox.Store().load(path=sys.argv[1], format=ox.RdfFormat.N_QUADS)"
UNION = """
import sys, pyoxigraph as ox
store = ox.Store()
store.load(path=sys.argv[1], format=ox.RdfFormat.N_QUADS)
union = store.query("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }", use_default_graph_as_union=True)
ox.serialize(union, output=sys.argv[2], format=ox.RdfFormat.N_TRIPLES)
"""
OX_ANSWER = """
import sys, pyoxigraph as ox
store = ox.Store()
store.load(path=sys.argv[1], format=ox.RdfFormat.N_QUADS)
for solution in store.query(open(sys.argv[2]).read(), use_default_graph_as_union=True):
    print(*(t.value if t is not None else "" for t in solution), sep="\\t")
"""

# The pages `roto serve` renders, timed in the server's own process after its start: argv
# is the project, then the pages in order (each "model" or "part": of a model of the
# project, the last model first, then one from the middle); it prints the wall and CPU
# seconds of the last. "evidence" instead answers the canned `evidence` query for the last
# model with the same store, pyoxigraph alone (the statements its page shows).
PAGES = """
import sys, time
from pathlib import Path
from roto.project import activate
activate(Path(sys.argv[1]))
from roto.queries import bind, get_query
from roto.store import open_store
from roto.web.catalogue import Catalogue, local
from roto.web.pages import Pages
import pyoxigraph as ox
store = open_store()
catalogue = Catalogue(store)
pages = Pages(catalogue)  # one for the server's life, as roto serve's
models = catalogue.of_type("https://w3id.org/roto/TherapeuticModel")
for n, page in enumerate(sys.argv[2:]):
    model = local(models[-1 - n * (len(models) // 2)].iri)
    wall, cpu = time.perf_counter(), time.process_time()
    if page == "evidence":
        query = bind(get_query("evidence"), {"model": ox.NamedNode(models[-1].iri)})
        list(store.query(query, use_default_graph_as_union=True))
    else:
        pages.render(model + ".html" if page == "model" else
                     model.replace("/model/", "/part/") + "-description.html")
print(time.perf_counter() - wall, time.process_time() - cpu)
"""


SERVE_QUERY = "SELECT (COUNT(*) AS ?n) WHERE { ?m a <https://w3id.org/roto/TherapeuticModel> }"


def one_run(argv: list[str]) -> tuple[float, ...]:
    """(wall s, CPU s, peak MB) of one process and the children it waits for, which must exit 0.
    The peak is the most the process and its children held at once (sampled every 0.5 s, for
    a command that works in several processes), or the largest single process if more."""
    start = time.perf_counter()
    process = subprocess.Popen(argv, cwd=ROOT, env=ENV, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    peak = [0]
    sampler = threading.Thread(target=_sample_tree_rss, args=(process.pid, peak), daemon=True)
    sampler.start()
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - start
    sampler.join()
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit(f"failed: {' '.join(argv)}: {process.stderr.read().decode().strip()[-500:]}")
    return wall, usage.ru_utime + usage.ru_stime, max(usage.ru_maxrss / 1024, peak[0] / 2**20)


def _sample_tree_rss(pid: int, peak: list[int]) -> None:
    """Keep in peak[0] the largest memory `pid` and its descendants held together (Linux /proc),
    every 0.5 s: the resident size of a lone process; for several, the sum of their proportional
    set sizes, so that pages a forked child shares with its parent are counted once (reading
    those costs the sampler CPU, so only then)."""
    page = os.sysconf("SC_PAGE_SIZE")
    while Path(f"/proc/{pid}/stat").exists():
        parents = {}
        for entry in Path("/proc").iterdir():
            if entry.name.isdigit():
                try:
                    parents[int(entry.name)] = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
                except OSError:
                    continue
        tree, grew = {pid}, True
        while grew:
            found = {p for p, parent in parents.items() if parent in tree} - tree
            tree, grew = tree | found, bool(found)
        if len(tree) > 1:
            peak[0] = max(peak[0], sum(_pss(p) for p in tree))
        else:
            try:
                peak[0] = max(peak[0], int(Path(f"/proc/{pid}/statm").read_text().split()[1]) * page)
            except OSError:
                pass
        time.sleep(0.5)


def _pss(pid: int) -> int:
    try:
        text = Path(f"/proc/{pid}/smaps_rollup").read_text()
    except OSError:
        return 0
    return next((int(line.split()[1]) * 1024 for line in text.splitlines() if line.startswith("Pss:")), 0)
def changed_project(size: int, work: Path) -> Path:
    """A project whose models/ are the generated files of `size`, with the record of a first
    `roto validate --changed` (which validates everything), made once."""
    folder = work / f"changed-{size}"
    if not (folder / ".roto" / "validated.json").is_file():
        (folder / "models").mkdir(parents=True, exist_ok=True)
        (folder / "roto.toml").write_text('title = "Scale"\nnamespace = "https://example.org/scale/"\n'
                                          'prefix = "scale"\n', encoding="utf-8")
        for path in sorted((work / f"models-{size}").glob("*.toml")):
            (folder / "models" / path.name).write_bytes(path.read_bytes())
        one_run([sys.executable, "-m", "roto", "validate", "--changed", "--project", str(folder)])
    return folder


def edit_one(folder: Path) -> None:
    """Change one model file's bytes (a comment appended): the next --changed run checks it."""
    models = sorted((folder / "models").glob("*.toml"))
    if models:
        with models[len(models) // 2].open("a", encoding="utf-8") as handle:
            handle.write("# edited\n")


def serve_run(argv: list[str]) -> tuple[float, ...]:
    """(wall s until serving, CPU s of the app and its workers then, their RSS MB then, wall s per
    query) of `roto serve`, stopped after 5 queries."""
    import re
    import urllib.parse
    import urllib.request

    start = time.perf_counter()
    process = subprocess.Popen(argv, cwd=ROOT, env=ENV, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    assert process.stderr is not None
    said = ""
    while not (match := re.search(r"serving (http://\S+/) ", said)):
        line = process.stderr.readline()
        if not line:
            sys.exit(f"failed: {' '.join(argv)}: {said[-500:]}")
        said += line
    wall = time.perf_counter() - start
    pids = [process.pid, *map(int, Path(f"/proc/{process.pid}/task/{process.pid}/children").read_text().split())]
    ticks, cpu, rss = os.sysconf("SC_CLK_TCK"), 0.0, 0.0
    for pid in pids:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        cpu += (int(fields[11]) + int(fields[12])) / ticks  # utime, stime
        rss += int(re.search(r"VmRSS:\s+(\d+)", Path(f"/proc/{pid}/status").read_text())[1]) / 1024
    url = match[1] + "sparql?" + urllib.parse.urlencode({"query": SERVE_QUERY})
    asked = time.perf_counter()
    for _ in range(5):
        urllib.request.urlopen(urllib.request.Request(url, headers={"Accept": "text/csv"}), timeout=120).read()
    query = (time.perf_counter() - asked) / 5
    process.terminate()
    process.wait(60)
    return wall, cpu, rss, query


def page_run(argv: list[str]) -> tuple[float, ...]:
    """(wall s, CPU s, peak MB) of the last page `PAGES` renders (the peak: its process's)."""
    with tempfile.TemporaryFile("w+") as errors:
        process = subprocess.Popen(argv, cwd=ROOT, env=ENV, stdout=subprocess.PIPE, stderr=errors, text=True)
        assert process.stdout is not None
        said = process.stdout.read()
        _, status, usage = os.wait4(process.pid, 0)
        if os.waitstatus_to_exitcode(status) != 0:
            errors.seek(0)
            sys.exit(f"failed: {' '.join(argv[:3])}...: {errors.read().strip()[-500:]}")
    wall, cpu = map(float, said.split())
    return wall, cpu, usage.ru_maxrss / 1024


def prepare_project(size: int, work: Path) -> Path:
    """A project of the `size` models, built (its store too, in the benchmark's cache)."""
    sys.path[:0] = [str(ROOT / "benchmarks")]
    from generate import generate

    folder, roto = work / f"project-{size}", [sys.executable, "-m", "roto"]
    if not (folder / "release" / "roto.nq").is_file():
        subprocess.run([*roto, "init", str(folder), "--namespace", "https://example.org/scale/", "--prefix", "scale",
                        "--title", f"{size} models"], check=True, env=ENV, stdout=subprocess.DEVNULL)
        (folder / "models" / "example.toml").unlink()
        generate(size, folder / "models")
        subprocess.run([*roto, "build", "--project", str(folder)], check=True, env=ENV, stdout=subprocess.DEVNULL)
    # the store, if this cache has not got it (the project was built with another)
    subprocess.run([*roto, "models", "--project", str(folder)], check=True, env=ENV, stdout=subprocess.DEVNULL)
    return folder


def prepare(size: int, work: Path) -> None:
    """Write the data for `size` (models, compiled N-Quads, the SPARQL the queries run).
    Runs in a child process: a child's peak memory counts its parent's at fork, so the
    measuring process stays small."""
    sys.path[:0] = [str(ROOT / "src"), str(ROOT / "benchmarks")]
    import pyoxigraph as ox

    from generate import generate, write_nquads
    from roto.queries import bind, get_query

    paths = generate(size, work / f"models-{size}")
    write_nquads(paths, work / f"graph-{size}.nq")
    subprocess.run([sys.executable, "-c", UNION, str(work / f"graph-{size}.nq"), str(work / f"graph-{size}.nt")], check=True)
    model = ox.NamedNode(f"https://w3id.org/roto/model/{paths[-1].stem if paths else 'open-dialogue'}")
    (work / f"models-{size}.rq").write_text(get_query("models").body, encoding="utf-8")
    (work / f"evidence-{size}.rq").write_text(bind(get_query("evidence"), {"model": model}), encoding="utf-8")


def cases(size: int, work: Path) -> dict[str, list[str]]:
    """Each case's command line for `size` added models (the data written by `prepare`, `prepare_project`)."""
    folder, nquads = work / f"models-{size}", work / f"graph-{size}.nq"
    models = sorted(str(p) for p in folder.glob("*.toml"))
    model = Path(models[-1]).stem if models else "open-dialogue"
    py, roto = sys.executable, [sys.executable, "-m", "roto"]
    import owlready2  # HermiT's command line exactly as owlready2 builds it
    import owlready2.reasoning as owl

    from roto.reason.hermit import java_options

    nt = work / f"graph-{size}.nt"
    hermit = [owlready2.JAVA_EXE, f"-Xmx{owl.JAVA_MEMORY}M", "-cp", owl._HERMIT_CLASSPATH,
              "org.semanticweb.HermiT.cli.CommandLine", "-c", "-O", "-D", "-I", nt.as_uri()]
    reference = {"  pySHACL (--engine pyshacl)": [*roto, "validate", "--engine", "pyshacl", *models]} \
        if size <= PYSHACL_UP_TO else {}
    own = work / f"changed-{size}"  # made by `changed_project` when a case with it is chosen
    return {
        "roto validate": [*roto, "validate", *models],
        **reference,
        "roto validate, project": [*roto, "validate", "--project", str(own)],
        "  --changed, 1 file edited": [*roto, "validate", "--changed", "--project", str(own)],
        "build (compile -> N-Quads)": [py, "-c", BUILD, str(ROOT / "benchmarks"), str(folder), str(work / "built.nq")],
        "  pyoxigraph parse + write": [py, "-c", OX_REWRITE, str(nquads), str(work / "rewritten.nq")],
        "roto build, project": [*roto, "build", "--project", str(work / f"project-{size}")],
        "roto.open()": [py, "-c", OPEN, str(nquads)],
        "  pyoxigraph load": [py, "-c", OX_LOAD, str(nquads)],
        "roto models --data": [*roto, "models", "--data", str(nquads)],
        "  pyoxigraph, same SPARQL": [py, "-c", OX_ANSWER, str(nquads), str(work / f"models-{size}.rq")],
        "roto evidence --data": [*roto, "evidence", model, "--data", str(nquads)],
        "  pyoxigraph, same SPARQL ": [py, "-c", OX_ANSWER, str(nquads), str(work / f"evidence-{size}.rq")],
        "roto reason": [*roto, "reason", *models],
        "  HermiT alone": hermit,
        # the JVM options `roto reason` gives HermiT (the quick compiler on small inputs), so
        # that the pair above shows ROTO's work apart from Java's settings
        "  HermiT, roto's JVM options": [hermit[0], *java_options(nt.stat().st_size if nt.is_file() else 0, owl.JAVA_MEMORY),
                                        *hermit[2:]],
        **project_cases(size, work),
    }


def project_cases(size: int, work: Path) -> dict[str, list[str]]:
    """The project's commands from its release's on-disk store, each beside the same reading
    roto.nq into memory (the cache made unwritable: a file stands where its folder would be)."""
    project, py, roto = work / f"project-{size}", sys.executable, [sys.executable, "-m", "roto"]
    in_memory = ["env", f"XDG_CACHE_HOME={work / 'unwritable-cache'}"]
    commands = {"roto models, project": [*roto, "models", "--project", str(project)],
                "roto.open(), project": [py, "-c", "import sys, roto; roto.open(project=sys.argv[1])", str(project)],
                "roto serve, project": [*roto, "serve", "--project", str(project), "--port", "0", "--workers", "2"]}
    cases = {}
    for name, argv in commands.items():
        cases[f"{name} (store)"] = argv
        cases[f"  {name.split(',')[0]} (memory)"] = [*in_memory, *argv]
    pages = [py, "-c", PAGES, str(project)]
    return {**cases, "first model page (store)": [*pages, "model"], "  next model page (store)": [*pages, "model", "model"],
            "  pyoxigraph, its evidence (store)": [*pages, "evidence"],
            "first part page (store)": [*pages, "part"], "  next part page (store)": [*pages, "model", "part"]}


def chosen(commands: dict[str, list[str]], only: str | None) -> dict[str, list[str]]:
    """The cases whose name, or whose roto command's name, has one of the words in `only`."""
    if not only:
        return commands
    words, kept, head = only.split(","), {}, ""
    for name, argv in commands.items():
        head = head if name.startswith(" ") else name
        if any(w in head for w in words):
            kept[name] = argv
    return kept


def _fmt(values: list[float]) -> str:
    return f"{statistics.median(values):7.2f} ({min(values):.2f}-{max(values):.2f})"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="0,100", help="comma-separated numbers of added models (default 0,100)")
    parser.add_argument("--runs", type=int, default=3, help="alternated rounds per size (default 3)")
    parser.add_argument("--work", type=Path, help="folder for the generated data (default: a temporary one)")
    parser.add_argument("--only", metavar="WORDS", help="comma-separated words: only the commands named with one")
    parser.add_argument("--prepare", type=int, metavar="N", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.prepare is not None:
        return prepare(args.prepare, args.work)
    sizes = [int(s) for s in args.sizes.split(",")]
    work = args.work or Path(tempfile.mkdtemp(prefix="roto-scale-"))
    work.mkdir(parents=True, exist_ok=True)
    print(f"{os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.2f}; {args.runs} alternated runs; data in {work}")
    print(f"validate's alternative: pySHACL, the reference engine, up to {PYSHACL_UP_TO:,} models "
          "(over ten minutes at 10,000)")
    medians: dict[tuple[int, str], float] = {}
    (work / "unwritable-cache").touch()
    for size in sizes:
        commands = chosen(cases(size, work), args.only)
        stored = [name for name in commands if name.endswith(("(store)", "(memory)"))]  # project_cases
        if len(stored) < len(commands) and not (work / f"graph-{size}.nq").is_file():
            subprocess.run([sys.executable, __file__, "--prepare", str(size), "--work", str(work)], check=True, env=ENV)
            commands = chosen(cases(size, work), args.only)  # with the model files written
        if any("validate" in argv and "--project" in argv for argv in commands.values()):
            changed_project(size, work)
        if stored or "roto build, project" in commands:
            prepare_project(size, work)
        measured: dict[str, list[tuple[float, ...]]] = {name: [] for name in commands}
        for _ in range(args.runs):
            for name, argv in commands.items():
                if "--changed" in argv:
                    edit_one(Path(argv[-1]))
                run = serve_run if " serve" in name else page_run if argv[2:3] == [PAGES] else one_run
                measured[name].append(run(argv))
        print(f"\n{size} added models".ljust(32) + "CPU s median (min-max)   wall s median (min-max)   peak MB")
        for name, runs in measured.items():
            walls, cpus, peaks, *queries = zip(*runs, strict=True)
            medians[(size, name.split(" ")[1] if name.startswith("roto ") else name)] = statistics.median(cpus)
            memory = f"{max(peaks):7.0f}" if not queries else \
                f"{statistics.median(peaks):7.0f} (app + workers, ready), {_fmt(list(queries[0]))} s per query"
            print(f"  {name:28} {_fmt(list(cpus))}      {_fmt(list(walls))}      {memory}")
    if 100 in sizes and 1000 in sizes:
        print("\ntime(1,000) / time(100), CPU medians:")
        for name in [n for s, n in medians if s == 1000 and (100, n) in medians]:
            print(f"  {name}: {medians[(1000, name)] / medians[(100, name)]:.1f}")


if __name__ == "__main__":
    main()
