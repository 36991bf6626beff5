"""argv[0] is the program's own path; the arguments after it are the caller's input."""

import os
import shutil
import sys


def main():
    here = os.path.dirname(os.path.abspath(sys.argv[0]))
    with open(os.path.join(here, "VERSION"), encoding="utf-8") as fh:
        print(fh.read())
    shutil.copy(os.path.join(here, "template.cfg"), sys.argv[1])  # expect: CWE-22


if __name__ == "__main__":
    main()
