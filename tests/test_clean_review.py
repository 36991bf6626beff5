"""Acceptance: a clean, realistic module comes back with all ten pillars clean, each saying what it checked."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

from pillarscan.cwe import PILLARS

CLEAN = Path(__file__).parent / "fixtures" / "clean" / "test_resource_usage.py"


def test_clean_functional_test_reports_ten_clean_pillars_and_exits_0() -> None:
    proc = subprocess.run([sys.executable, "-m", "pillarscan", "scan", str(CLEAN), "--no-progress"],
                          capture_output=True, text=True, check=False)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    lines = re.sub(r"\n {9}(?=\S)", " ", proc.stdout).splitlines()  # a long pillar name continues under itself
    pillar_lines = [line for line in lines if re.match(r"^CWE-\d+ ", line)]
    assert [int(line.split()[0][4:]) for line in pillar_lines] == sorted(PILLARS)
    for line in pillar_lines:
        assert re.search(r"no defect found \(\d+ checks?\)$", line), line
    assert "Verdict: no security defect found in 1 file; all 10 pillars clean." in proc.stdout
    assert "\x1b[" not in proc.stdout  # plain text when piped
