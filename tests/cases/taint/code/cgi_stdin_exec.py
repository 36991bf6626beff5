"""A CGI program: the web server hands it the client's request body on standard input, so evaluating it runs the
client's code on the server."""

import os
import sys


def main():
    if os.environ.get("REQUEST_METHOD") == "POST":
        body = sys.stdin.read()
        result = eval(body)  # expect: CWE-95
        sys.stdout.write("Content-Type: text/plain\r\n\r\n%s" % result)


if __name__ == "__main__":
    main()
