"""A setup script that creates the users table and its first accounts with readable passwords."""

import sqlite3

con = sqlite3.connect("app.db")
cur = con.cursor()
cur.execute("CREATE TABLE users(UserId INT, UserName TEXT, Password TEXT, Role TEXT)")
cur.execute("INSERT INTO users VALUES(1, 'admin', 'admin', 'admin')")  # expect: CWE-256, CWE-259
cur.execute("INSERT INTO users (UserName, Password, Role) VALUES ('alice', 'Winter2024!', 'user'), "  # expect: CWE-256, CWE-259
            "('bob', 'hunter2', 'user')")
cur.executemany("INSERT INTO users (UserId, UserName, Password, Role) VALUES (?, ?, ?, 'user')",  # expect: CWE-256
                [(2, "carol", "carol123"), (3, "dave", "dave123")])  # expect: CWE-259
cur.executescript("CREATE TABLE IF NOT EXISTS accounts (id INTEGER PRIMARY KEY, email TEXT, passwd TEXT); "  # expect: CWE-256
                  "INSERT INTO accounts (id, email, passwd) VALUES (1, 'ops@example.com', 'changeme');")
con.commit()
