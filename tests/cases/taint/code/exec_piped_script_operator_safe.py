"""Runs whatever script is piped in (like `python -`): standard input is the operator's own, and executing what
the operator gives is this program's purpose, not a way for anyone else in. Not a finding."""

import sys


def main():
    source = sys.stdin.read()
    namespace = {"__name__": "__piped__"}
    exec(compile(source, "<stdin>", "exec"), namespace)
    print(sorted(namespace))


def ask_default():
    print("Enter a Python expression for the default value:")
    return eval(input(">>> "), {}, {})


if __name__ == "__main__":
    main()
