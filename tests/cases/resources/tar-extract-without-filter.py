"""Installs plugin bundles uploaded by administrators."""
import shutil
import tarfile
import zipfile

PLUGIN_DIR = "plugins"


def install_bundle(bundle_path: str) -> None:
    with tarfile.open(bundle_path) as tar:
        tar.extractall(PLUGIN_DIR)  # expect: CWE-22


def install_legacy(bundle_path: str) -> None:
    tar = tarfile.open(bundle_path, "r:gz")
    try:
        tar.extractall(path=PLUGIN_DIR)  # expect: CWE-22
    finally:
        tar.close()


def install_any(bundle_path: str) -> None:
    shutil.unpack_archive(bundle_path, PLUGIN_DIR)  # expect: CWE-22


def install_safely(bundle_path: str) -> None:
    with tarfile.open(bundle_path) as tar:
        tar.extractall(PLUGIN_DIR, filter="data")


def install_zip(bundle_path: str) -> None:
    with zipfile.ZipFile(bundle_path) as archive:
        archive.extractall(PLUGIN_DIR)
    shutil.unpack_archive(bundle_path, PLUGIN_DIR, "zip")
