"""Command-line tools: sys.argv, input() and sys.stdin are treated as untrusted."""

import sqlite3
import subprocess
import sys
from contextlib import closing


def lookup_customer(conn):
    name = input("Customer name: ")
    return conn.execute("SELECT id, email FROM customers WHERE name = '" + name + "'").fetchall()  # expect: CWE-89


def run_step(step):
    subprocess.run("make " + step, shell=True, check=True)  # expect: CWE-78


def main():
    with closing(sqlite3.connect("crm.db")) as conn:
        print(lookup_customer(conn))
        run_step(sys.argv[1])
        for line in sys.stdin.read().splitlines():
            conn.execute(f"DELETE FROM customers WHERE email = '{line.strip()}'")  # expect: CWE-89
        conn.commit()


if __name__ == "__main__":
    main()
