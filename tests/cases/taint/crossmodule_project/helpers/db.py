"""Query helpers; the sink is reported here when a caller in another module passes user data."""


def find_owner(conn, owner):
    return conn.execute(f"SELECT id FROM documents WHERE owner = '{owner}'").fetchall()  # expect: CWE-89


def count_rows(conn, table):
    return conn.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0]
