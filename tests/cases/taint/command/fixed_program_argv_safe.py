"""A program that re-runs itself with the interpreter it was started with and the same command line (an
auto-reloader): the program is sys.executable, and the operator's arguments go to it as an argument list that no
shell interprets."""

import subprocess
import sys


def child_arguments():
    args = [sys.executable] + ["-W%s" % o for o in sys.warnoptions]
    args += ["-m", "myapp"]
    args += sys.argv[1:]
    return args


def restart_with_reloader():
    while True:
        p = subprocess.run(child_arguments(), close_fds=False)
        if p.returncode != 3:
            return p.returncode


def rerun(extra):
    cmd = [sys.executable, "-m", "myapp.worker"]
    cmd.extend(sys.argv[1:])
    return subprocess.call(cmd)
