"""Interactive helper: asks which log to show and builds a shell pipeline from the answer."""

import os


def main():
    name = input("Log file to tail: ")
    with os.popen("tail -n 50 /var/log/" + name) as pipe:  # expect: CWE-78
        print(pipe.read())


if __name__ == "__main__":
    main()
