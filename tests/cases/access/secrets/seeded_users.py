"""First-run setup: creates the tables and the initial accounts."""
import sqlite3

from werkzeug.security import generate_password_hash

SEED_USERS = [
    ("admin", "S3cret!", "admin"),  # expect: CWE-259, CWE-256 (one finding for the module's seeds; executemany stores them)
    ("alice", "alice2024", "user"),
]
ROLES = [("admin", "administrator"), ("viewer", "read-only")]
DEMO_ACCOUNTS = {"demo": "Demo#1234"}  # reported with SEED_USERS: one finding per seeding scope


def init_db(conn: sqlite3.Connection) -> None:
    cur = conn.cursor()
    cur.execute("CREATE TABLE IF NOT EXISTS users (username TEXT, password TEXT, role TEXT)")
    cur.execute("INSERT INTO users (username, password, role) VALUES ('root', 'toor123', 'admin')")  # expect: CWE-259, CWE-256
    cur.executemany("INSERT INTO users (username, password, role) VALUES (?, ?, ?)", SEED_USERS)
    for name, password in [("bob", "b0bP@ss")]:  # the same seeding as root's: counted in its finding
        cur.execute("INSERT INTO users (username, password) VALUES (?, ?)", (name, password))
    cur.execute("INSERT INTO products (name, code) VALUES ('widget', 'W1dg3t!')")
    cur.execute("INSERT INTO users (username, password) VALUES (?, ?)", ("carol", generate_password_hash("x")))
    cur.execute("INSERT INTO users (username, password) VALUES (?, ?)",
                ("dave", "pbkdf2:sha256:600000$abc$0123456789abcdef"))
    conn.commit()


def init_legacy(cur) -> None:
    cur.execute("CREATE TABLE accounts(AccountId INT, Login TEXT, Password TEXT)")
    cur.execute("INSERT INTO accounts VALUES(1,'admin','admin')")  # expect: CWE-521, CWE-256 (admin/admin, stored as is)
    cur.execute("INSERT INTO accounts VALUES(2,'guest','')")


def create_admin(User) -> None:
    User.objects.create_superuser("admin", "admin@shop.example", "admin")  # expect: CWE-521 (hashed, but admin/admin)


def reset(user, new_password: str) -> None:
    user.set_password(new_password)
    user.save()


def profile() -> dict:
    user = {"name": "ZeroCool", "role": "Admin1"}
    return user
