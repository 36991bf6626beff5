"""Database engines for the reporting job."""
import os

DATABASE_URL = "postgresql://reporting:Zq8pL2xv@db.internal:5432/reports"  # expect: CWE-798
CACHE_URL = "redis://:n0tSoS3cret@cache.internal:6379/0"  # expect: CWE-798
BROKER_URL = os.environ.get("BROKER_URL", "amqp://guest@localhost//")
DOCS_URL = "https://reporting.example.com/docs"
TEMPLATE_URL = "postgresql://{user}:{password}@{host}/reports"


def engine_url(user: str, password: str) -> str:
    """Build the URL, e.g. postgresql://user:password@host/db, from the environment."""
    host = os.environ["DB_HOST"]
    return f"postgresql://{user}:{password}@{host}/reports"
