"""Clients for the partner API, the reporting database and the mail relay."""
import os
import smtplib

import psycopg2
import pymysql
import requests
from requests.auth import HTTPBasicAuth

API = "https://partner.internal/api"


def fetch_orders() -> dict:
    return requests.get(API + "/orders", auth=("svc-orders", "Hx7!pQ2z"), timeout=5).json()  # expect: CWE-259


def fetch_stock() -> dict:
    return requests.get(API + "/stock", auth=HTTPBasicAuth("svc-stock", "St0ck-2024"), timeout=5).json()  # expect: CWE-259


def reports():
    return psycopg2.connect("dbname=reports user=report password=Rep0rt2024 host=db.internal")  # expect: CWE-259


def legacy():
    return pymysql.connect("db.internal", "root", "r00t!pw", "shop")  # expect: CWE-259


def notify(to: str, body: str) -> None:
    with smtplib.SMTP_SSL("mail.internal") as smtp:
        smtp.login("alerts@shop.example", "Sm7p!pass")  # expect: CWE-259
        smtp.sendmail("alerts@shop.example", [to], body)


# safe: credentials from the environment or the caller
def fetch_orders_safe() -> dict:
    auth = ("svc-orders", os.environ["ORDERS_PASSWORD"])
    return requests.get(API + "/orders", auth=auth, timeout=5).json()


def fetch_public() -> dict:
    return requests.get(API + "/public", auth=("anonymous", ""), timeout=5).json()


def reports_safe():
    return psycopg2.connect(os.environ["REPORTS_DSN"])


def notify_safe(user: str, password: str) -> None:
    with smtplib.SMTP_SSL("mail.internal") as smtp:
        smtp.login(user, password)


def legacy_safe():
    return pymysql.connect("db.internal", "root", os.environ["DB_PASSWORD"], "shop")


def directory(conn):
    conn.simple_bind_s("cn=admin,dc=shop", "mysecret")  # expect: CWE-259
    conn.simple_bind_s("cn=reader,dc=shop", "")
