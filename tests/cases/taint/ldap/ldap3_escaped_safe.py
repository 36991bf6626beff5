"""The directory lookup with ldap3's escape_filter_chars(): `*`, `(`, `)` and `\\` are escaped."""

import os

from flask import Flask, jsonify, request
from ldap3 import SUBTREE, Connection, Server
from ldap3.utils.conv import escape_filter_chars

app = Flask(__name__)
server = Server(os.environ["LDAP_URL"], use_ssl=True)


@app.route("/directory")
def lookup():
    uid = escape_filter_chars(request.args["uid"])
    bind_dn, bind_secret = os.environ["LDAP_BIND_DN"], os.environ["LDAP_BIND_PASSWORD"]
    with Connection(server, user=bind_dn, password=bind_secret, auto_bind=True) as conn:
        conn.search("ou=people,dc=example,dc=com", f"(uid={uid})", search_scope=SUBTREE, attributes=["cn", "mail"])
        matches = len(conn.entries)
    return jsonify(matches=matches)
