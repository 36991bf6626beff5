"""Settings and a small client for the billing service."""
import os

import requests

DB_HOST = "db.internal"
DB_PASSWORD = "Tr0ub4dor&3"  # expect: CWE-798
SMTP_PASSWORD = os.environ["SMTP_PASSWORD"]
PASSWORD_MIN_LENGTH = 12
PASSWORD_ENV_VAR = "BILLING_DB_PASSWORD"
password_field = "password"
reset_password_url = "/account/password/reset"
token = "refresh"
csrf_token_name = "csrftoken"
API_KEY_HEADER = "X-Api-Key"
DEFAULT_PASSWORD = ""
ADMIN_PASSWORD = "changeme"
GITHUB_DEPLOY = "ghp_0123456789abcdefghijABCDEFGHIJ012345"  # expect: CWE-798


class BillingClient:
    def __init__(self, base_url: str, api_key: str = "sk-prod-9f8e7d6c5b4a") -> None:  # expect: CWE-798
        self.base_url = base_url
        self.api_key = api_key
        self.session = requests.Session()
        self.session.auth = ("billing", os.environ.get("BILLING_PASSWORD", ""))

    def login(self, username: str, password: str) -> bool:
        if password == "letmein2024":  # expect: CWE-798
            return True
        return password == os.environ.get("BILLING_MASTER", "")


def connect_settings() -> dict:
    return {
        "host": DB_HOST,
        "user": "billing",
        "password": "s3cr3t-Pa55",  # expect: CWE-798
        "password_prompt": "Enter the billing password",
    }
