"""A library helper that runs a command line through a shell: nothing here calls it, so its origin is unknown.

The shell=True variant is reported at low confidence (a shell interprets whatever the caller passes); the
argument-list variant is not, and neither is a shell=True call on a constant.
"""

import subprocess


def run_report(command_line):
    return subprocess.run(command_line, shell=True, capture_output=True, check=False)  # expect: CWE-78


def run_report_safely(arguments):
    return subprocess.run(["/usr/local/bin/report", *arguments], capture_output=True, check=False)


def disk_usage():
    return subprocess.run("df -h /srv", shell=True, capture_output=True, check=False)
