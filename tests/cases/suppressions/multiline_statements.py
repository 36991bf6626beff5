"""Suppression comments on multi-line statements: any physical line of the statement counts, and so does a
comment alone on the line above; a comment on a block's header never covers the block."""

import os
import sqlite3
import subprocess


def on_the_first_line(conn: sqlite3.Connection):
    name = input()
    return conn.execute(  # pillarscan: ignore[CWE-89] -- the caller checks name against a fixed list
        "SELECT * FROM users WHERE name = '%s'" % name,
    ).fetchall()


def on_a_middle_line(conn: sqlite3.Connection):
    name = input()
    return conn.execute(
        "SELECT * FROM users WHERE name = '%s'" % name,  # pillarscan: ignore[sql-injection]
    ).fetchall()


def on_the_closing_line(conn: sqlite3.Connection):
    name = input()
    return conn.execute(
        "SELECT * FROM users WHERE name = '%s'" % name,
    ).fetchall()  # pillarscan: ignore[CWE-89] -- a formatter moved this comment here


def on_the_line_above():
    # pillarscan: ignore[CWE-78] -- the deploy target is validated by the CI job
    subprocess.call(
        "deploy.sh " + input(),
        shell=True,
    )


def on_the_line_above_with_more_comment_lines():
    # pillarscan: ignore[command-injection]
    # reviewed in SEC-1234: this script only runs on developer machines
    os.system(input())


def a_blank_line_breaks_the_link():
    # pillarscan: ignore[CWE-78]

    os.system(input())  # expect: CWE-78


def header_comment_does_not_cover_the_body():  # pillarscan: ignore[CWE-78]
    os.system(input())  # expect: CWE-78


def another_code_does_not_hide_it():
    os.system(input())  # pillarscan: ignore[CWE-89]  # expect: CWE-78


def text_in_a_string_is_not_a_comment():
    os.system(input() + " # pillarscan: ignore[CWE-78]")  # expect: CWE-78


def bare_ignore_hides_but_is_reported_itself():
    os.system(input())  # pillarscan: ignore  # expect: CWE-1076


def bandit_nosec_is_not_honoured_by_default():
    os.system(input())  # nosec  # expect: CWE-78
