"""Start-up cost of indoru's commands as a ratio to a bare one-command Typer app.

Both are measured in the same run, interleaved, with the same interpreter, so the ratio
survives a noisy shared machine. Targets: `indoru --help` and `indoru sentences SEED
--format text` at most 1.3x the bare app; `indoru glossary S-400` at most 1.2x;
`indoru summarize SEED` at most 1.5x. The
glossary look-up is timed as users meet it, with its on-disk index cache in place (the
cache is built by the first run after an install or a data change); the first run after
a change is timed separately, with an empty cache folder.

    python benchmarks/startup.py [--runs 15] [--instructions]

``--instructions`` also counts each command's instructions once under valgrind's
callgrind: a count does not change with the load of a shared machine (wall times here
have varied 2-3x between runs of the same code), so it is the steadier ratio. It also
counts the floor: the same core work under plain argparse (``startup_floor.py``).
"""

from __future__ import annotations

import argparse
import compileall
import importlib.util
import os
import re
import subprocess
import sys
import tempfile
import textwrap

from _common import ROOT, SEEDS, WORK, bin_path, markdown_table, median, wall_time

BARE_APP = textwrap.dedent(
    '''
    import typer

    app = typer.Typer()


    @app.command()
    def main(name: str = "world") -> None:
        """Say hello."""
        print(f"hello {name}")


    if __name__ == "__main__":
        app()
    '''
)


def instructions(command: list[str], env: dict[str, str] | None = None) -> int:
    """Instructions the command executes, counted by callgrind (one run)."""
    with tempfile.TemporaryDirectory() as folder:
        done = subprocess.run(
            ["valgrind", "--tool=callgrind", f"--callgrind-out-file={folder}/out", *command],
            capture_output=True,
            text=True,
            env=env,
        )
    found = re.search(r"Collected : (\d+)", done.stderr)
    if done.returncode != 0 or found is None:
        raise RuntimeError(f"callgrind failed on {command}: {done.stderr[-300:]}")
    return int(found.group(1))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--instructions", action="store_true")
    arguments = parser.parse_args()
    runs = arguments.runs

    WORK.mkdir(parents=True, exist_ok=True)
    bare = WORK / "bare_typer_app.py"
    bare.write_text(BARE_APP, encoding="utf-8")
    indoru = bin_path("indoru")
    seed = str(SEEDS[0])
    commands = {
        "bare Typer app (baseline)": [sys.executable, str(bare), "--name", "x"],
        "bare Typer app --help": [sys.executable, str(bare), "--help"],
        "indoru --help": [indoru, "--help"],
        f"indoru sentences {SEEDS[0].name} --format text": [
            indoru,
            "sentences",
            seed,
            "--format",
            "text",
        ],
        "indoru glossary S-400": [indoru, "glossary", "S-400"],
        f"indoru summarize {SEEDS[0].name}": [indoru, "summarize", seed],
    }
    # the floor: the same core work under plain argparse (instructions only)
    floor_script = str(ROOT / "benchmarks" / "startup_floor.py")
    floors = {
        "floor: bare argparse app": [sys.executable, floor_script, "--help"],
        f"floor: sentences {SEEDS[0].name}": [sys.executable, floor_script, "sentences", seed],
        "floor: glossary S-400": [sys.executable, floor_script, "glossary", "S-400"],
        f"floor: terms {SEEDS[0].name}": [sys.executable, floor_script, "terms", seed],
        f"floor: summarize {SEEDS[0].name}": [sys.executable, floor_script, "summarize", seed],
    }
    # Byte-compile indoru as pip does for typer in site-packages: an editable install
    # leaves that to the first run, which PYTHONDONTWRITEBYTECODE=1 would prevent.
    package = importlib.util.find_spec("indoru")
    assert package is not None
    assert package.submodule_search_locations
    for folder in package.submodule_search_locations:
        compileall.compile_dir(folder, quiet=1)
    for command in commands.values():  # warm the file cache
        wall_time(command)
    times: dict[str, list[float]] = {name: [] for name in commands}
    for _ in range(runs):
        for name, command in commands.items():
            times[name].append(wall_time(command))

    cold = []
    for _ in range(max(3, runs // 3)):
        with tempfile.TemporaryDirectory() as empty_cache:
            env = {**os.environ, "XDG_CACHE_HOME": empty_cache}
            cold.append(wall_time([indoru, "glossary", "S-400"], env=env))
    times["indoru glossary S-400, first run (no index cache)"] = cold

    base = median(times["bare Typer app (baseline)"])
    rows = [
        [f"`{name}`", f"{median(values) * 1000:.0f} ms", f"{median(values) / base:.2f}x"]
        for name, values in times.items()
    ]
    print(f"median of {runs} interleaved runs, {sys.version.split()[0]}\n")
    print(markdown_table(["command", "median wall time", "ratio to bare app"], rows))
    if arguments.instructions:
        for command in floors.values():  # the index cache in place, as for the commands
            subprocess.run(command, stdout=subprocess.DEVNULL, check=True)
        counts = {name: instructions(command) for name, command in commands.items()}
        with tempfile.TemporaryDirectory() as empty_cache:
            env = {**os.environ, "XDG_CACHE_HOME": empty_cache}
            first = "indoru glossary S-400, first run (no index cache)"
            counts[first] = instructions([indoru, "glossary", "S-400"], env=env)
        counts.update({name: instructions(command) for name, command in floors.items()})
        bare_count = counts["bare Typer app (baseline)"]
        rows = [
            [f"`{name}`", f"{count / 1e6:.0f} M", f"{count / bare_count:.2f}x"]
            for name, count in counts.items()
        ]
        print("\ninstructions (callgrind, one run each)\n")
        print(markdown_table(["command", "instructions", "ratio to bare app"], rows))


if __name__ == "__main__":
    main()
