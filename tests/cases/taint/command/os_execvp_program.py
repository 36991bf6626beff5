"""Launcher script: `--pager FILE` runs a fixed pager (safe); anything else is exec'd as the program."""

import os
import sys


def main():
    if sys.argv[1] == "--pager":
        os.execv("/usr/bin/less", ["less", sys.argv[2]])
    program = sys.argv[1]
    os.execvp(program, [program, *sys.argv[2:]])  # expect: CWE-78


if __name__ == "__main__":
    main()
