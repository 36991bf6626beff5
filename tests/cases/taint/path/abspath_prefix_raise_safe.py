"""A helper that normalises with abspath and raises when the result leaves the archive folder."""

import os
import sys

ARCHIVE = os.path.abspath("/var/lib/archive")


def archive_member(name):
    candidate = os.path.abspath(os.path.join(ARCHIVE, name))
    if not candidate.startswith(ARCHIVE + os.sep):
        raise ValueError(f"{name!r} is outside the archive")
    return candidate


def main():
    path = archive_member(sys.argv[1])
    with open(path, encoding="utf-8") as fh:
        print(fh.read())


if __name__ == "__main__":
    main()
