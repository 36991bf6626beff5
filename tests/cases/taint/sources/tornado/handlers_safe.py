"""Tornado handlers that send JSON (write of a dict), escape what they echo and redirect to fixed places."""

import tornado.escape
import tornado.web


class ProfileHandler(tornado.web.RequestHandler):
    def get(self):
        name = self.get_argument("name", "")
        self.write({"name": name, "length": len(name)})

    def post(self):
        name = self.get_body_argument("name", "")
        self.write("<p>Saved " + tornado.escape.xhtml_escape(name) + "</p>")
        self.redirect("/profile")
