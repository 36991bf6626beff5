"""Runs whatever script is piped in: stdin is compiled and executed."""

import sys


def main():
    source = sys.stdin.read()
    namespace = {"__name__": "__piped__"}
    exec(compile(source, "<stdin>", "exec"), namespace)  # expect: CWE-95
    print(sorted(namespace))


if __name__ == "__main__":
    main()
