"""The operator's own command line given to a shell: reported at low confidence (file names passed on the command
line are often other people's, and it matters when the script runs with privileges its user lacks). Naming the
program to run without a shell is the operator's choice, not a finding."""

import os
import subprocess
import sys


def archive(folder):
    os.system("tar czf backup.tgz " + folder)  # expect: CWE-78


def main():
    archive(sys.argv[1])
    subprocess.run([sys.argv[2], "--version"])


if __name__ == "__main__":
    main()
