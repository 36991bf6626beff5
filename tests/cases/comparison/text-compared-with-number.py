"""Environment and argv values (always str) compared with numbers or booleans flagged; converted values not."""

import os
import sys


def debug_enabled() -> bool:
    return os.getenv("APP_DEBUG") == True  # expect: CWE-1024


def retries() -> int:
    if os.environ["RETRIES"] == 3:  # expect: CWE-1024
        return 3
    if sys.argv[1] != 0:  # expect: CWE-1024
        return 1
    return 0


def converted() -> bool:
    level = int(os.getenv("LEVEL", "0"))
    limit = os.environ.get("LIMIT", 10)
    return level == 2 or os.getenv("APP_DEBUG", "").lower() == "true" or limit == 10
