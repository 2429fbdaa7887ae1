"""Fail when branch coverage alone is under its floor (`make test`, after the SQLite pass).

pyproject.toml's ``fail_under`` checks lines and branches together, where well-covered lines can
hide untested branches; this checks the branches by themselves, from the same coverage data
(.coverage in the current directory, with pyproject.toml's settings).

    .venv/bin/python tests/coverage_floor.py [FLOOR]    # FLOOR in per cent, 90 by default
"""

import json
import math
import sys
import tempfile
from pathlib import Path

import coverage

FLOOR = 90.0


def main(argv: list[str]) -> int:
    floor = float(argv[1]) if len(argv) > 1 else FLOOR
    with tempfile.TemporaryDirectory() as folder:
        report = Path(folder) / "coverage.json"
        data = coverage.Coverage(messages=False)
        data.load()
        data.json_report(outfile=str(report))
        totals = json.loads(report.read_text())["totals"]
    covered, branches = totals["covered_branches"], totals["num_branches"]
    percent = 100 * covered / branches if branches else 100.0
    # Rounded down, so a figure under the floor never prints as the floor itself.
    shown = math.floor(percent * 10) / 10
    verdict = "" if percent >= floor else ": under the floor"
    print(f"Branch coverage: {shown:.1f} % (floor {floor:g} %){verdict}")
    return 0 if percent >= floor else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv))
