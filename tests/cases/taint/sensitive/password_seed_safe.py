"""Seed rows that hold password hashes, placeholders filled at run time, and tables without a password column."""

import sqlite3

ADMIN_HASH = "pbkdf2:sha256:600000$kR3tX$0c2b1f9d5e"

con = sqlite3.connect("app.db")
cur = con.cursor()
cur.execute("CREATE TABLE users(UserId INT, UserName TEXT, Password TEXT)")
cur.execute("INSERT INTO users VALUES(1, 'admin', '$2b$12$C6UzMDM.H6dfI/f/IKcEeO3lQ0XGk0UeXJxv6p4vHq1q3Y5lGzVOu')")
cur.execute("INSERT INTO users (UserId, UserName, Password) VALUES (2, 'svc', "
            "'pbkdf2_sha256$600000$abcdefgh$Zm9vYmFyYmF6cXV4cXV1eHF1dXhxdXV4cXV1eA==')")
cur.execute("INSERT INTO users (UserId, UserName, Password) VALUES (3, 'ops', "
            "'5f4dcc3b5aa765d61d8327deb882cf995f4dcc3b5aa765d61d8327deb882cf99')")
cur.execute("INSERT INTO users (UserId, UserName, Password) VALUES (?, ?, ?)", (4, "carol", ADMIN_HASH))
cur.execute("CREATE TABLE prefs(PreferenceId INT, Color TEXT, UserId INT)")
cur.execute("INSERT INTO prefs VALUES(1, 'RED', 1)")
cur.execute("INSERT INTO users (UserId, UserName, password_hash) VALUES (5, 'dave', 'x')")
con.commit()
