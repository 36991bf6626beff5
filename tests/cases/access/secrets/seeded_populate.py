"""A populate script: demo accounts and their API keys, one finding for each kind of secret it seeds."""
from app import db
from app.models import User, UserInfo

john = User(username="johndoe", password="password1")  # expect: CWE-521 (every password here is guessable)
user1 = User(username="user1", password="password10")
admin = User(username="admin", password="admin")

info_john = UserInfo(name="John", surname="Doe", api_key="klaSKJDOA83847JSDskdjajeb39")  # expect: CWE-798
info_admin = UserInfo(name="Mika", surname="Hakkinen", api_key="AS7RA968GDBVDQIYILDSY7")

db.session.add_all([john, user1, admin, info_john, info_admin])
db.session.commit()


def load_users(session):
    create_user_if_not_exists(session, username="Mike", password="kaylee123", role="employee")  # expect: CWE-259
    create_user_if_not_exists(session, username="hhm", password="12345678", role="customer")
    create_user_if_not_exists(session, username="saul", password="Th4tsMyP4ssw0rd!", role="employee")


def seed_lockout_accounts(cur):
    users = [
        {"username": "admin", "password": "qweasdzxc"},  # expect: CWE-259, CWE-256
        {"username": "John", "password": "07RYbe$!9y11"},
    ]
    cur.executemany("INSERT INTO users(username, password) VALUES (:username, :password)", users)


def create_table(conn):
    conn.execute("CREATE TABLE users (ID INT, USERNAME TEXT, PASSWORD TEXT)")
    conn.execute("INSERT INTO users (ID,USERNAME,PASSWORD) VALUES (1, 'admin', 'admin')")  # expect: CWE-521, CWE-256
    conn.execute("INSERT INTO users (ID,USERNAME,PASSWORD) VALUES (2, 'guest', 'guest')")
