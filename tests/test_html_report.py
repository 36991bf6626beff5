"""The HTML report: what the page holds (always), and what a real browser shows of it (headless Chromium, skipped
only where Debian's ``chromium`` is not installed; .ci/run installs it)."""

from __future__ import annotations

import base64
import hashlib
import json
import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from pillarscan.findings import Confidence, Finding, Location, ScanResult, Severity, TraceStep
from pillarscan.reports import ChangeScope, Review, render
from pillarscan.reports.html import render_html, route_rows
from pillarscan.reports.summary import PILLAR_ORDER

from chromium import Browser, chromium_path

EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "shop"
HOSTILE_DIR = "<script>alert(1)<"  # with the file below: the path reads "<script>alert(1)</script>.py"
HOSTILE_FILE = "script>.py"
HOSTILE_CODE = '''import pickle
import subprocess

from flask import Flask, request

app = Flask(__name__)


@app.route("/run")
def run():
    return subprocess.run(request.args["cmd"] + "</pre><script>alert(2)</script>", shell=True)


@app.route("/load")
def load():
    return pickle.loads(request.get_data())
'''
RANK = {"low": 1, "medium": 2, "high": 3, "critical": 4}


def _scan(target: Path, fmt: str, out: Path, cwd: Path) -> None:
    proc = subprocess.run([sys.executable, "-m", "pillarscan", "scan", str(target), "--format", fmt, "-o", str(out),
                           "--quiet"], cwd=cwd, capture_output=True, text=True, timeout=300)
    assert proc.returncode in (0, 1), proc.stderr
    assert out.exists(), proc.stderr


@pytest.fixture(scope="module")
def shop(tmp_path_factory) -> tuple[Path, dict]:
    """The example service's report as HTML, and the JSON report of the same review."""
    folder = tmp_path_factory.mktemp("shop-report")
    _scan(EXAMPLE, "html", folder / "report.html", folder)
    _scan(EXAMPLE, "json", folder / "report.json", folder)
    return folder / "report.html", json.loads((folder / "report.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def hostile(tmp_path_factory) -> Path:
    """A report on a file whose path is markup, with markup in its flagged code."""
    project = tmp_path_factory.mktemp("hostile")
    (project / HOSTILE_DIR).mkdir()
    (project / HOSTILE_DIR / HOSTILE_FILE).write_text(HOSTILE_CODE, encoding="utf-8")
    out = project.parent / f"{project.name}-report.html"
    _scan(project, "html", out, project)
    return out


# --- the page as text -----------------------------------------------------------------------------------------

def test_markup_from_the_reviewed_tree_is_text(hostile):
    html = hostile.read_text(encoding="utf-8")
    assert "&lt;script&gt;alert(1)&lt;/script&gt;.py" in html
    assert "&lt;/pre&gt;&lt;script&gt;alert(2)&lt;/script&gt;" in html
    assert "alert(1)</script>" not in html and "<script>alert" not in html
    assert len(re.findall(r"<script\b", html)) == 1  # the page's own filter script, nothing else


def test_the_policy_allows_exactly_the_inline_blocks(shop):
    """The Content-Security-Policy names the hashes of the page's own style and script, and nothing that could
    load: if the two drift apart the browser test sees a blocked script."""
    html = shop[0].read_text(encoding="utf-8")
    policy = re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', html).group(1).replace("&#39;", "'")
    script = re.search(r"<script>(.*?)</script>", html, re.S).group(1)
    style = re.search(r"<style>(.*?)</style>", html, re.S).group(1)

    def digest(text: str) -> str:
        return "sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode()

    assert f"script-src '{digest(script)}'" in policy and f"style-src '{digest(style)}'" in policy
    assert "default-src 'none'" in policy
    assert not re.search(r"""(src|href|action)=["']?(https?:|//)""", html)  # no reference that leaves the page


def test_every_finding_has_its_code_flow_explanation_and_fix(shop):
    html, report = shop
    text = html.read_text(encoding="utf-8")
    assert text.count('<article class="finding') == len(report["findings"])
    flows = [f for f in report["findings"] if f["trace"]]
    assert text.count('<ol class="steps">') == len(flows)
    assert text.count('<li class="step ') == sum(len(f["trace"]) for f in flows)
    assert text.count('<p class="fix">') == sum(1 for f in report["findings"] if f["fix"])
    # the flagged region of the path traversal is marked inside its line
    assert "return <mark>send_file(path)</mark>" in text


def _review(findings: list[Finding], **extra) -> Review:
    result = ScanResult(findings=findings, files_scanned=["app/views.py"], lines_scanned=40,
                        checks_by_pillar={p: ["some-check"] for p in PILLAR_ORDER}, targets=["app"])
    return Review(result=result, rules=[], **extra)


SQL = Finding(
    rule_id="sql-injection", cwe=89, pillar=707, severity=Severity.HIGH, confidence=Confidence.HIGH,
    location=Location("app/views.py", 12, 4, 12, 40), snippet='cur.execute("SELECT " + term)',
    message="Untrusted data is formatted into SQL.", fix="Pass values as parameters.",
    trace=(TraceStep(Location("app/views.py", 10, 4), 'term = request.args["q"]', "source: Flask request data"),
           TraceStep(Location("app/views.py", 12, 4), 'cur.execute("SELECT " + term)', "sink: cursor.execute")),
)


def test_a_clean_review_says_so_and_has_no_filters():
    html = render("html", _review([]))
    assert "no security defect found in 1 file; all 10 pillars clean." in html
    assert 'id="filters"' not in html and "<article" not in html


def test_routes_are_shown_only_when_the_review_carries_them():
    review = _review([SQL])
    assert route_rows(review) is None and 'id="routes"' not in render_html(review)

    @dataclass
    class Guard:
        name: str
        location: Location

    @dataclass
    class Route:
        methods: tuple
        path: str
        handler: Location
        guards: tuple
        access: str

    review.routes = [Route(("GET", "POST"), "/admin/<int:id>", Location("app/admin.py", 8),
                           (Guard("login_required", Location("app/admin.py", 7)),), "authenticated"),
                     {"methods": ["GET"], "path": "/<script>", "handler": "app/views.py:3", "csrf": False}]
    rows = route_rows(review)
    assert rows[0]["methods"] == "GET, POST" and rows[0]["handler"] == "app/admin.py:8"
    assert rows[0]["guards"] == "login_required (app/admin.py:7)" and rows[1]["csrf"] == "no"
    html = render_html(review)
    assert 'id="routes"' in html and "Routes (2)" in html and "/&lt;script&gt;" in html


def test_a_change_review_marks_preexisting_findings_and_lists_the_fixed_ones():
    old = Finding(rule_id="weak-hash", cwe=328, pillar=693, severity=Severity.MEDIUM, confidence=Confidence.HIGH,
                  location=Location("app/auth.py", 5), snippet="hashlib.md5(p)", message="m", fix="f")
    gone = Finding(rule_id="debug-mode-enabled", cwe=489, pillar=710, severity=Severity.MEDIUM,
                   confidence=Confidence.HIGH, location=Location("app/run.py", 3), snippet="app.run(debug=True)",
                   message="m", fix="f")
    change = ChangeScope("HEAD~1..HEAD", base="a" * 40, head="b" * 40, files=["app/views.py", "app/auth.py"],
                         preexisting=[old], fixed=[gone], show_all=True)
    html = render("html", _review([SQL, old], change=change))
    assert "1 new security defect (1 high) in 1 file" in html
    assert html.count('<span class="tag">pre-existing</span>') == 1
    assert "Change: HEAD~1..HEAD (aaaaaaa..bbbbbbb)" in html
    assert 'id="fixed"' in html and "CWE-489 debug-mode-enabled at app/run.py:3 (before the change)" in html


def test_thresholds_and_hidden_findings_are_stated():
    low = Finding(rule_id="float-for-money", cwe=1339, pillar=682, severity=Severity.LOW,
                  confidence=Confidence.MEDIUM, location=Location("app/views.py", 20), snippet="x = float(p)",
                  message="m", fix="f")
    html = render("html", _review([SQL], min_severity=Severity.MEDIUM, hidden=[low]))
    assert "Shown: severity ≥ medium; 1 finding below them not shown." in html
    assert "clean at ≥ medium; 1 low hidden" in html


# --- the page in a browser ------------------------------------------------------------------------------------

needs_chromium = pytest.mark.skipif(chromium_path() is None, reason="Debian's chromium is not installed")


@pytest.fixture(scope="module")
def browser():
    path = chromium_path()
    if path is None:
        pytest.skip("Debian's chromium is not installed")
    opened = Browser(path)
    yield opened
    opened.close()


def _problems(browser: Browser, page_url: str) -> tuple[list, list]:
    """(console errors and warnings, requests for anything but the page itself) since the page was opened."""
    console = []
    requests = []
    for event in browser.events:
        method, params = event["method"], event.get("params", {})
        if method == "Runtime.consoleAPICalled" and params["type"] in ("error", "warning", "assert"):
            console.append(params)
        elif method == "Runtime.exceptionThrown":
            console.append(params)
        elif method == "Log.entryAdded" and params["entry"]["level"] in ("error", "warning"):
            console.append(params["entry"])
        elif method == "Network.requestWillBeSent" and params["request"]["url"].split("#")[0] != page_url:
            requests.append(params["request"]["url"])
        elif method == "Page.javascriptDialogOpening":
            console.append(params)
    return console, requests


@needs_chromium
def test_counts_shown_equal_the_json_report(browser, shop):
    html, report = shop
    browser.open(html.as_uri())
    summary = report["summary"]
    shown = browser.evaluate("""(() => {
        const count = (sel) => document.querySelectorAll(sel).length;
        const severities = {};
        document.querySelectorAll('[data-severity-count]').forEach(
            (el) => { severities[el.dataset.severityCount] = Number(el.textContent); });
        const chart = {}, table = {};
        document.querySelectorAll('svg .pillar-row').forEach((g) => { chart[g.dataset.pillar] = Number(g.dataset.count); });
        document.querySelectorAll('table.pillars tr[data-pillar]').forEach(
            (tr) => { table[tr.dataset.pillar] = Number(tr.querySelector('.result').dataset.count); });
        const bars = {};
        document.querySelectorAll('svg .pillar-row').forEach((g) => {
            bars[g.dataset.pillar] = Array.from(g.querySelectorAll('rect.bar title'))
                .reduce((n, t) => n + parseInt(t.textContent, 10), 0); });
        return {total: Number(document.getElementById('total-count').textContent), severities, chart, table, bars,
                rows: count('tr.finding-row'), cards: count('article.finding'),
                verdict: document.getElementById('verdict').textContent,
                shown: document.getElementById('shown-count').textContent};
    })()""")
    assert shown["total"] == summary["findings"] == shown["rows"] == shown["cards"] == len(report["findings"])
    assert shown["severities"] == summary["by_severity"]
    per_pillar = {str(p["cwe"]): p["findings"] for p in summary["pillars"]}
    assert shown["chart"] == shown["table"] == shown["bars"] == per_pillar
    assert shown["verdict"] == summary["verdict"]
    assert shown["shown"] == f"{summary['findings']} of {summary['findings']} shown"


@needs_chromium
def test_filters_show_exactly_the_matching_findings(browser, shop):
    html, report = shop
    browser.open(html.as_uri())
    findings = report["findings"]
    assert browser.evaluate("!document.getElementById('filters').hidden")  # the script ran under the policy
    choices = [{"pillar": str(p)} for p in sorted({f["pillar"] for f in findings})]
    choices += [{"severity": s} for s in ("critical", "high", "medium")]
    choices += [{"confidence": c} for c in ("high", "medium")]
    choices += [{"pillar": "664", "severity": "high", "confidence": "high"}, {"pillar": "691"}]
    for choice in choices:
        expected = [f for f in findings
                    if str(f["pillar"]) == choice.get("pillar", str(f["pillar"]))
                    and RANK[f["severity"]] >= RANK[choice.get("severity", "low")]
                    and RANK[f["confidence"]] >= RANK[choice.get("confidence", "low")]]
        state = browser.evaluate(f"""(() => {{
            const choice = {json.dumps(choice)};
            for (const name of ['pillar', 'severity', 'confidence']) {{
                const select = document.getElementById('filter-' + name);
                select.value = choice[name] || '';
                if (select.value !== (choice[name] || '')) return {{missing: name}};
            }}
            document.getElementById('filter-pillar').dispatchEvent(new Event('change', {{bubbles: true}}));
            const visible = (el) => el.checkVisibility();
            const pick = (el) => [el.dataset.pillar, el.dataset.severity, el.dataset.confidence];
            return {{rows: Array.from(document.querySelectorAll('tr.finding-row')).filter(visible).map(pick),
                     cards: Array.from(document.querySelectorAll('article.finding')).filter(visible).map(pick),
                     shown: document.getElementById('shown-count').textContent,
                     nothing: visible(document.getElementById('nothing-shown'))}};
        }})()""")
        if choice.get("pillar") == "691":  # a clean pillar is not offered as a filter
            assert state == {"missing": "pillar"}
            continue
        want = sorted([str(f["pillar"]), f["severity"], f["confidence"]] for f in expected)
        assert sorted(state["rows"]) == want == sorted(state["cards"]), choice
        assert state["shown"] == f"{len(expected)} of {len(findings)} shown"
        assert state["nothing"] is (not expected)
    console, requests = _problems(browser, html.as_uri())
    assert console == [] and requests == []


@needs_chromium
def test_no_console_error_and_no_request_leaves_the_page(browser, shop, tmp_path):
    html, _ = shop
    browser.open(html.as_uri())
    browser.screenshot(tmp_path / "report.png")
    png = (tmp_path / "report.png").read_bytes()
    assert png.startswith(b"\x89PNG\r\n\x1a\n") and int.from_bytes(png[16:20], "big") == 1200
    assert int.from_bytes(png[20:24], "big") > 2000 and len(png) > 50_000  # the whole page, drawn
    # follow every in-page link too: none may load anything
    browser.evaluate("document.querySelectorAll('a[href^=\"#\"]').forEach((a) => a.dispatchEvent(new MouseEvent('click', {bubbles: true})))")
    browser.call("Runtime.evaluate", expression="new Promise((done) => setTimeout(done, 300))", awaitPromise=True)
    console, requests = _problems(browser, html.as_uri())
    assert console == [] and requests == []
    loads = [e for e in browser.events if e["method"] == "Network.requestWillBeSent"]
    assert len(loads) == 1 and loads[0]["params"]["request"]["url"] == html.as_uri()


@needs_chromium
def test_readable_without_javascript(browser, shop):
    html, report = shop
    browser.open(html.as_uri(), javascript=False)
    state = browser.evaluate("""(() => ({
        filters: document.getElementById('filters').checkVisibility(),
        cards: Array.from(document.querySelectorAll('article.finding')).filter((el) => el.checkVisibility()).length,
        steps: Array.from(document.querySelectorAll('ol.steps li')).filter((el) => el.checkVisibility()).length,
        chart: document.querySelector('svg.chart').getBoundingClientRect().height,
    }))()""")
    assert state["filters"] is False  # no control that would not work
    assert state["cards"] == len(report["findings"])
    assert state["steps"] == sum(len(f["trace"]) for f in report["findings"])
    assert state["chart"] > 100


@needs_chromium
def test_hostile_names_render_as_text_in_the_browser(browser, hostile):
    browser.open(hostile.as_uri())
    state = browser.evaluate("""(() => ({
        scripts: document.scripts.length,
        places: Array.from(document.querySelectorAll('.where .place')).map((el) => el.textContent),
        code: Array.from(document.querySelectorAll('pre.code')).map((el) => el.textContent).join('\\n'),
    }))()""")
    assert state["scripts"] == 1
    assert state["places"] and all(p.startswith(f"{HOSTILE_DIR}/{HOSTILE_FILE}:") for p in state["places"])
    assert '"</pre><script>alert(2)</script>"' in state["code"]
    console, requests = _problems(browser, hostile.as_uri())
    assert console == [] and requests == []
