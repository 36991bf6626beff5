"""Exporter: shells out to the report renderer."""

import shlex
import subprocess


def export_report(name, fmt):
    subprocess.run(f"render-report --format {fmt} {name}", shell=True, check=True)  # expect: CWE-78


def export_summary(year):
    subprocess.run(f"render-summary --year {shlex.quote(str(year))}", shell=True, check=True)
