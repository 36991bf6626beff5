"""A Python 2 command-line script: ``input()`` evaluates what the user types (``raw_input()`` does not), so the
Python 2 reading is code injection where the same line in Python 3 would be harmless."""

import os


def main():
    count = input("How many copies? ")  # expect: CWE-95
    name = raw_input("Which file? ")
    print "copying", name, count, "times"
    for i in xrange(count):
        os.system("cp %s %s.%d" % (name, name, i))  # expect: CWE-78


if __name__ == "__main__":
    main()
