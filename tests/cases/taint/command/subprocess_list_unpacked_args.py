"""A test runner passing its own command-line options on: the program is fixed, so argv only adds arguments."""

import subprocess
import sys


def main():
    options = sys.argv[1:]
    subprocess.check_call(["stestr", "run", *options] + ["--color"])
    subprocess.check_call([*options, "--verbose"])  # expect: CWE-78


if __name__ == "__main__":
    main()
