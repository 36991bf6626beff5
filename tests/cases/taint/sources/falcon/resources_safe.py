"""A Falcon resource that takes an integer parameter and quotes what reaches the shell: nothing to report."""

import shlex
import subprocess

import falcon


class PurgeResource:
    def on_post(self, req, resp):
        days = req.get_param_as_int("days") or 30
        target = req.get_param("target") or "cache"
        subprocess.run(f"purge --days {days} --target {shlex.quote(target)}", shell=True, check=True)
        resp.media = {"ok": True}


app = falcon.App()
app.add_route("/purge", PurgeResource())
