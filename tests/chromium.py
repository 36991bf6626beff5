"""A headless Chromium driven over its DevTools protocol, to look at an HTML report the way a person's browser does.

Why the raw protocol over a WebSocket (websocket-client) rather than a browser-automation framework: the test
needs four things — open a page, read its DOM with a script, record its console and network events, take a
screenshot — and Debian's own ``chromium`` package, so no framework that brings or pins a browser build.
"""

from __future__ import annotations

import base64
import json
import os
import shutil
import subprocess
import tempfile
import time
from pathlib import Path
from typing import Any

import websocket

FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--disable-default-apps", "--disable-extensions", "--mute-audio", "--hide-scrollbars"]
START_TIMEOUT_S = 60  # two shared cores: Chromium's first start can be slow


def chromium_path() -> str | None:
    return shutil.which("chromium") or shutil.which("chromium-browser")


class Browser:
    """One Chromium process with one page; ``events`` holds every protocol event since the last ``open``."""

    def __init__(self, executable: str, width: int = 1200, height: int = 900):
        self.profile = tempfile.mkdtemp(prefix="pillarscan-chromium-")
        self.process = subprocess.Popen(
            [executable, *FLAGS, f"--user-data-dir={self.profile}", f"--window-size={width},{height}",
             "--remote-debugging-port=0", "about:blank"],
            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        self.socket = websocket.create_connection(self._page_socket(), timeout=START_TIMEOUT_S,
                                                  suppress_origin=True)
        self._next_id = 0
        self.events: list[dict[str, Any]] = []
        for domain in ("Page", "Runtime", "Network", "Log"):
            self.call(f"{domain}.enable")

    def _page_socket(self) -> str:
        """The page target's WebSocket address, from the port Chromium wrote into its profile."""
        port_file = Path(self.profile) / "DevToolsActivePort"
        deadline = time.monotonic() + START_TIMEOUT_S
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"chromium exited with status {self.process.returncode}")
            if port_file.exists() and len(port_file.read_text().splitlines()) >= 2:
                port = port_file.read_text().splitlines()[0]
                browser = websocket.create_connection(f"ws://127.0.0.1:{port}" +
                                                      port_file.read_text().splitlines()[1],
                                                      timeout=START_TIMEOUT_S, suppress_origin=True)
                try:
                    browser.send(json.dumps({"id": 1, "method": "Target.getTargets"}))
                    while True:
                        reply = json.loads(browser.recv())
                        if reply.get("id") == 1:
                            break
                finally:
                    browser.close()
                pages = [t for t in reply["result"]["targetInfos"] if t["type"] == "page"]
                if pages:
                    return f"ws://127.0.0.1:{port}/devtools/page/{pages[0]['targetId']}"
            time.sleep(0.1)
        raise RuntimeError("chromium did not open its debugging port in time")

    def call(self, method: str, **params: Any) -> dict[str, Any]:
        """Send one command and wait for its answer, keeping the events that arrive meanwhile."""
        self._next_id += 1
        ident = self._next_id
        self.socket.send(json.dumps({"id": ident, "method": method, "params": params}))
        while True:
            message = json.loads(self.socket.recv())
            if message.get("id") == ident:
                if "error" in message:
                    raise RuntimeError(f"{method}: {message['error']}")
                return message.get("result", {})
            if "method" in message:
                self.events.append(message)

    def wait_for(self, method: str, timeout: float = 30) -> dict[str, Any]:
        """The first event named ``method`` since the last ``open`` (waiting for it when it has not come yet)."""
        deadline = time.monotonic() + timeout
        while True:
            for event in self.events:
                if event["method"] == method:
                    return event
            if time.monotonic() > deadline:
                raise TimeoutError(f"no {method} event")
            self.socket.settimeout(max(0.1, deadline - time.monotonic()))
            message = json.loads(self.socket.recv())
            if "method" in message:
                self.events.append(message)

    def open(self, url: str, *, javascript: bool = True) -> None:
        self.call("Emulation.setScriptExecutionDisabled", value=not javascript)
        self.events = []
        self.call("Page.navigate", url=url)
        self.wait_for("Page.loadEventFired")

    def evaluate(self, expression: str) -> Any:
        """The value of a JavaScript expression in the page (runs even when the page's own scripts may not)."""
        answer = self.call("Runtime.evaluate", expression=expression, returnByValue=True)
        if "exceptionDetails" in answer:
            raise RuntimeError(f"{expression}: {answer['exceptionDetails']}")
        return answer["result"].get("value")

    def screenshot(self, path: Path, *, full_page: bool = True, max_height: int = 16000) -> None:
        params: dict[str, Any] = {"format": "png"}
        if full_page:
            width, height = self.evaluate(
                "[document.documentElement.scrollWidth, document.documentElement.scrollHeight]")
            params.update(captureBeyondViewport=True,
                          clip={"x": 0, "y": 0, "width": width, "height": min(height, max_height), "scale": 1})
        data = self.call("Page.captureScreenshot", **params)["data"]
        path.write_bytes(base64.b64decode(data))

    def close(self) -> None:
        try:
            self.socket.close()
        finally:
            self.process.terminate()
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=20)
            shutil.rmtree(self.profile, ignore_errors=True)


def main() -> None:  # pragma: no cover - a maintainer's tool: python tests/chromium.py REPORT.html OUT.png
    import sys

    executable = chromium_path()
    if executable is None:
        sys.exit("chromium is not installed")
    browser = Browser(executable, width=int(os.environ.get("WIDTH", "1200")))
    try:
        browser.open(Path(sys.argv[1]).resolve().as_uri())
        browser.screenshot(Path(sys.argv[2]), max_height=int(os.environ.get("MAX_HEIGHT", "16000")))
    finally:
        browser.close()


if __name__ == "__main__":
    main()
