"""Start-up cost of indoru's commands as a ratio to a bare one-command Typer app.

Both are measured in the same run, interleaved, with the same interpreter, so the ratio
survives a noisy shared machine. Targets: `indoru --help` and `indoru sentences SEED
--format text` at most 1.3x the bare app.

    python benchmarks/startup.py [--runs 15]
"""

from __future__ import annotations

import argparse
import sys
import textwrap

from _common import SEEDS, WORK, bin_path, markdown_table, median, wall_time

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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=15)
    runs = parser.parse_args().runs

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
    }
    for command in commands.values():  # warm the file cache and .pyc files
        wall_time(command)
    times: dict[str, list[float]] = {name: [] for name in commands}
    for _ in range(runs):
        for name, command in commands.items():
            times[name].append(wall_time(command))

    base = median(times["bare Typer app (baseline)"])
    rows = [
        [f"`{name}`", f"{median(values) * 1000:.0f} ms", f"{median(values) / base:.2f}x"]
        for name, values in times.items()
    ]
    print(f"median of {runs} interleaved runs, {sys.version.split()[0]}\n")
    print(markdown_table(["command", "median wall time", "ratio to bare app"], rows))


if __name__ == "__main__":
    main()
