"""Data-flow rules: untrusted data reaching a dangerous sink, proved by a source-to-sink trace.

Each rule names a sink kind; which APIs are sinks of that kind, and which are sources and sanitizers, lives in
the model files under ``python/models``. A constant reaching a sink is never a finding here.
"""

from __future__ import annotations

from .registry import taint_rule

taint_rule(
    "sql-injection", 89, "high", "high",
    "SQL built from untrusted data",
    "Untrusted data is spliced into an SQL statement, so a crafted value can change the query itself",
    "Pass values as query parameters (cursor.execute(sql, (value,)) or SQLAlchemy bound parameters); never "
    "format them into the SQL text.",
    sink_kind="sql",
)
taint_rule(
    "llm-prompt-injection", 77, "high", "medium",
    "Untrusted data in a language model's instructions (prompt injection, CWE-1427)",
    "Untrusted data becomes part of a model's system prompt, developer message or tool definitions, where the "
    "model takes it as its operator's instructions, so the user can rewrite what the model is told to do",
    "Keep system prompts and tool definitions fixed in code; pass user text only in user messages, and treat "
    "the model's answer as untrusted (validate it before using it in code, queries or pages).",
    sink_kind="prompt",
)
taint_rule(
    "command-injection", 78, "critical", "high",
    "OS command built from untrusted data",
    "Untrusted data reaches a command that a shell or the OS runs, so it can run commands of its own",
    "Run a fixed program with an argument list and shell=False (subprocess.run([prog, arg])); if a shell is "
    "unavoidable, quote each value with shlex.quote().",
    sink_kind="command",
)
taint_rule(
    "code-injection", 95, "critical", "high",
    "Untrusted data evaluated as Python code",
    "Untrusted data reaches eval/exec/compile, which runs it as Python with the application's privileges",
    "Do not evaluate input: parse it (ast.literal_eval for literals, json.loads for data) or dispatch on an "
    "allow-list of operations.",
    sink_kind="code",
)
taint_rule(
    "path-traversal", 22, "high", "high",
    "File path built from untrusted data",
    "Untrusted data chooses a file path, so '../' sequences or absolute paths can reach files outside the "
    "intended folder",
    "Join with werkzeug.utils.safe_join(BASE, name) (reject None), or resolve the path and check it stays "
    "under BASE (Path(BASE, name).resolve().is_relative_to(BASE)); use secure_filename for uploads.",
    sink_kind="path",
)
taint_rule(
    "server-side-request-forgery", 918, "high", "high",
    "Server-side request to a URL chosen by the user",
    "Untrusted data chooses the host of an outgoing request, so the server can be made to reach internal "
    "services or cloud metadata endpoints",
    "Fix the scheme and host in code and let the user choose only a path or an identifier; or check "
    "urlparse(url).hostname against an allow-list before the request.",
    sink_kind="ssrf",
)
taint_rule(
    "open-redirect", 601, "medium", "high",
    "Redirect to a URL chosen by the user",
    "Untrusted data chooses the redirect target, so a link on your domain can send users to a phishing site",
    "Redirect only to relative paths you build (url_for) or check the target with "
    "url_has_allowed_host_and_scheme / an allow-list of hosts.",
    sink_kind="redirect",
)
taint_rule(
    "cross-site-scripting", 79, "high", "high",
    "Untrusted data written into an HTML response",
    "Untrusted data reaches an HTML response without escaping, so a crafted value can run script in other "
    "users' browsers",
    "Render through an autoescaping template (render_template) or escape with markupsafe.escape() / "
    "html.escape() before building HTML.",
    sink_kind="xss",
)
taint_rule(
    "template-injection", 1336, "critical", "high",
    "Template source built from untrusted data",
    "Untrusted data becomes template source, and template expressions can read secrets or run code on the "
    "server",
    "Keep templates fixed (render_template with a file) and pass user data only as context variables.",
    sink_kind="template",
)
taint_rule(
    "unsafe-deserialization", 502, "critical", "high",
    "Untrusted data deserialised with an object-building format",
    "pickle, marshal, unsafe YAML loaders and similar formats can build arbitrary objects, so untrusted bytes "
    "can run code while being loaded",
    "Exchange plain data (json.loads, yaml.safe_load); if objects must travel, sign them (hmac) and verify "
    "before loading.",
    sink_kind="deserialization",
)
taint_rule(
    "xml-external-entities", 611, "high", "high",
    "Untrusted XML parsed with external entities enabled",
    "The parser resolves external entities in an untrusted document, which can read local files or reach "
    "internal hosts",
    "Parse untrusted XML with defusedxml, or disable entity resolution (lxml: XMLParser(resolve_entities=False,"
    " no_network=True); SAX: leave feature_external_ges off).",
    sink_kind="xxe",
)
taint_rule(
    "log-injection", 117, "low", "medium",
    "Untrusted data formatted into a log message",
    "Line breaks in untrusted data can forge log entries and mislead whoever reads the logs",
    "Pass values as logging arguments (log.info('user %s', name)) and strip CR/LF from them, or log them "
    "with repr().",
    sink_kind="log",
)
taint_rule(
    "header-injection", 113, "medium", "medium",
    "Untrusted data written into an HTTP response header",
    "CR/LF in untrusted data can split the response or add headers (cookies, redirects) of the attacker's "
    "choosing: in a header's value where the server writes it as given (http.server, a bare WSGI app), in its "
    "name anywhere (the frameworks check values only)",
    "Never let the client name a header; where a value goes into a header that the server does not check, reject "
    "or strip '\\r' and '\\n' from it, or allow only known values.",
    sink_kind="header",
)
taint_rule(
    "ldap-injection", 90, "high", "high",
    "LDAP filter or DN built from untrusted data",
    "Untrusted data is spliced into an LDAP query, so filter metacharacters can widen or change the search",
    "Escape values with ldap3.utils.conv.escape_filter_chars() (or ldap.filter.escape_filter_chars()) before "
    "putting them in a filter.",
    sink_kind="ldap",
)
taint_rule(
    "xpath-injection", 643, "high", "high",
    "XPath query built from untrusted data",
    "Untrusted data is spliced into an XPath expression, so quotes in it can change which nodes are selected",
    "Use XPath variables (tree.xpath('//user[@id=$id]', id=value)) instead of formatting values into the query.",
    sink_kind="xpath",
)
taint_rule(
    "trust-boundary-violation", 501, "medium", "high",
    "Untrusted data stored in the server-side session",
    "Data from the request is stored in the session, where later code will trust it as if the server had "
    "produced it",
    "Validate the value against what it must be (type, allow-list) before storing it in the session.",
    sink_kind="trust",
)
# A render call's context variable that the template writes without escaping. Its own rule, not
# cross-site-scripting: the finding sits in the template (the line to change), and the fix is the template's
# (drop |safe, keep autoescaping on, use |tojson in scripts), not "render through a template". The flow engine
# records each render call's context variables as xss sinks; templates/link.py keeps those the template writes raw.
taint_rule(
    "template-raw-output", 79, "high", "high",
    "Untrusted data written raw by a template",
    "Untrusted data is rendered into a template at a place where it is not HTML-escaped, so a crafted value can "
    "run script in other users' browsers",
    "Let autoescaping do its work: drop |safe (or {% autoescape false/off %}) for this value, or clean it with "
    "a sanitiser such as bleach/nh3 first; in <script> pass data with |tojson (Django: json_script), and never "
    "start an href/src or an on* attribute with a value.",
    sink_kind="template-xss",
)
# The same render flows, where the template escapes the value but AngularJS evaluates it (templates/html.py):
# the finding is the template's, as for template-raw-output, under the CWE of template injection.
taint_rule(
    "client-side-template-injection", 1336, "high", "high",
    "Untrusted data evaluated by AngularJS in the page",
    "Untrusted data is written into the part of the page an AngularJS app (ng-app) compiles, where {{ }} in the "
    "value runs as an Angular expression in the victim's browser; HTML escaping does not escape braces",
    "Keep server-rendered data out of the ng-app region, or mark the element ng-non-bindable; pass data to "
    "Angular as JSON (a |tojson script block or an API call), never as text the page compiles.",
    sink_kind="template-csti",
)
taint_rule(
    "unsafe-reflection", 470, "high", "high",
    "Code or class chosen by untrusted data",
    "Untrusted data names the attribute, global or module that is looked up and used, so a crafted name can "
    "reach functions and classes the code never meant to expose",
    "Map the accepted names to their targets in a dict (HANDLERS[name]) or check the name against an allow-list "
    "before the lookup.",
    sink_kind="reflection",
)
taint_rule(
    "regex-injection", 1333, "medium", "high",
    "Regular expression written by untrusted data",
    "Untrusted data is used as a regular expression pattern, so a crafted pattern such as (a+)+$ can keep the "
    "matcher backtracking for minutes on a short input (and match text the code did not mean to)",
    "Escape the text with re.escape() to search for it literally, or check the pattern against a strict "
    "allow-list; for user-defined patterns use a linear-time engine (google-re2) with a length limit.",
    sink_kind="regex",
)
taint_rule(
    "nosql-injection", 943, "high", "high",
    "NoSQL query built from untrusted structured data",
    "A query document is built from parsed request JSON (or a $where clause from input), so a crafted value can "
    "add operators such as {\"$ne\": \"\"} or run JavaScript in the database",
    "Check that each value is a plain string or number (isinstance(value, str)) before putting it in the query, "
    "and never build $where from input.",
    sink_kind="nosql",
)
taint_rule(
    "code-file-injection", 94, "critical", "high",
    "Untrusted data written into a source or template file",
    "Request data is written as the content of a Python or template file, which the application later loads "
    "and runs",
    "Never write input into code or template files; store it as data (a database row, a JSON file) and pass it "
    "to fixed templates as context.",
    sink_kind="codegen",
)
