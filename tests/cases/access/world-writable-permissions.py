"""Installs the report exporter's files."""
import os
import stat
from pathlib import Path


def install(target: str) -> None:
    os.makedirs(target, exist_ok=True)
    script = os.path.join(target, "export.sh")
    os.chmod(script, 0o777)  # expect: CWE-732
    os.chmod(os.path.join(target, "shared.log"), stat.S_IRUSR | stat.S_IWUSR | stat.S_IWOTH)  # expect: CWE-732
    Path(target, "cache.db").chmod(0o666)  # expect: CWE-732
    os.chmod(os.path.join(target, "run.sh"), 0o755)
    os.chmod(os.path.join(target, "secrets.env"), stat.S_IRUSR | stat.S_IWUSR)
    Path(target, "public.txt").chmod(0o644)
    fd = os.open(os.path.join(target, "out.csv"), os.O_WRONLY | os.O_CREAT, 0o666)
    os.close(fd)
    os.mkdir(os.path.join(target, "work"), 0o777)
