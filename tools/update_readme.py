"""Re-run every `$ command` transcript in README.md and write its real output back.

    python tools/update_readme.py      # from the repository root, in the project's venv

tests/test_readme.py fails whenever a transcript no longer matches the code; this script
is how the README is brought up to date (review the diff before committing).
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BLOCK = re.compile(r"(```console\n)(.*?)(```)", re.S)


def run(command: str) -> str:
    env = {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}"}
    env.pop("COLUMNS", None)
    done = subprocess.run(
        ["bash", "-o", "pipefail", "-c", command], capture_output=True, text=True, cwd=ROOT, env=env
    )
    return done.stdout


def refresh(block: re.Match[str]) -> str:
    lines = []
    for line in block[2].splitlines():
        if line.startswith("$ "):
            lines.append(line)
            lines.extend(run(line[2:]).rstrip("\n").splitlines())
    return block[1] + "\n".join(lines) + "\n" + block[3]


def main() -> None:
    readme = ROOT / "README.md"
    readme.write_text(BLOCK.sub(refresh, readme.read_text(encoding="utf-8")), encoding="utf-8")


if __name__ == "__main__":
    main()
