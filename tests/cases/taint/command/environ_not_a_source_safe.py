"""Opens the notes file in the user's editor.

The environment is configuration set by whoever runs the program, not attacker input, so os.environ and
os.getenv are not taint sources: choosing the program from $EDITOR is not reported.
"""

import os
import subprocess

NOTES = os.path.expanduser("~/notes.txt")


def main():
    editor = os.environ.get("EDITOR", "vi")
    subprocess.run([editor, NOTES], check=True)
    viewer = os.getenv("NOTES_VIEWER", "less")
    subprocess.run([viewer, NOTES], check=True)


if __name__ == "__main__":
    main()
