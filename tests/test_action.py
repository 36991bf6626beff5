"""action.yml, run the way GitHub's runner runs a composite action: each `run:` step's script through
`bash --noprofile --norc -eo pipefail`, with the step's `env:` (its `${{ }}` expressions evaluated from the
inputs, the event and earlier steps' outputs), `GITHUB_OUTPUT`, `RUNNER_TEMP` and the step's working directory,
on a real git repository with a pull request that adds a command injection. `uses:` steps (the SARIF upload) are GitHub's own and only checked for their
condition.

Offline: the install step's `pip install` of the action's checkout is pointed at this environment's build
backend and dependencies through pip's and Python's own variables (PIP_NO_DEPS, PIP_NO_BUILD_ISOLATION,
PYTHONPATH), so what it installs and runs is the action's copy of pillarscan, built from the action's files.
"""
from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml  # PyYAML: a dependency of libcst, and a test extra

from review_repo import GIT_ENV, needs_git

REPO = Path(__file__).resolve().parent.parent
ACTION = yaml.safe_load((REPO / "action.yml").read_text(encoding="utf-8"))
EXPRESSION = re.compile(r"\$\{\{\s*(.*?)\s*\}\}")

BASE_APP = '''\
"""A small service."""
import subprocess

from flask import Flask, request

app = Flask(__name__)


@app.route("/ping")
def ping():
    return subprocess.run(["ping", "-c", "1", "example.org"], capture_output=True).stdout
'''

HEAD_APP = BASE_APP + '''

@app.route("/lookup")
def lookup():
    host = request.args["host"]
    subprocess.run(f"nslookup {host}", shell=True, check=False)
    return "looked up"
'''


def test_action_is_a_composite_action_with_the_documented_inputs():
    assert ACTION["runs"]["using"] == "composite"
    inputs = ACTION["inputs"]
    for name in ("range", "working-directory", "select", "ignore", "exclude", "fail-on", "annotations",
                 "sarif-file", "upload-sarif"):
        assert name in inputs and inputs[name]["description"], name
    steps = ACTION["runs"]["steps"]
    install = steps[0]
    assert 'pip" install' in install["run"] and install["env"]["PILLARSCAN_SOURCE"] == "${{ github.action_path }}"
    assert {"exit-code", "findings", "sarif-file"} <= set(ACTION["outputs"])
    docs = (REPO / "docs" / "github-action.md").read_text(encoding="utf-8")
    for name in inputs:
        assert f"`{name}`" in docs, f"docs/github-action.md does not describe the input {name}"


def test_no_expression_is_spliced_into_a_script():
    """Script injection: a branch name or input must reach bash as data (an env variable), never as code."""
    for step in ACTION["runs"]["steps"]:
        if "run" in step:
            assert "${{" not in step["run"], step["name"]
            assert step["shell"] == "bash"
    text = (REPO / "action.yml").read_text(encoding="utf-8")
    assert "pull_request_target" not in text.replace("never `pull_request_target`", "")
    assert "secrets." not in text


def test_sarif_upload_is_skipped_for_forks():
    upload = next(step for step in ACTION["runs"]["steps"] if step.get("uses", "").startswith(
        "github/codeql-action/upload-sarif@"))
    own = {"inputs.upload-sarif": "true", "github.event_name": "pull_request",
           "github.event.pull_request.head.repo.full_name": "org/app", "github.repository": "org/app"}
    assert evaluate_condition(upload["if"], own) is True
    assert evaluate_condition(upload["if"], {**own, "github.event.pull_request.head.repo.full_name": "x/app"}) is False
    assert evaluate_condition(upload["if"], {**own, "github.event_name": "push",
                                             "github.event.pull_request.head.repo.full_name": ""}) is True
    assert evaluate_condition(upload["if"], {**own, "inputs.upload-sarif": "false"}) is False


@needs_git
def test_steps_review_a_pull_request_and_write_sarif(runner, tmp_path):
    base, head, work = make_pull_request(tmp_path)
    outputs, logs = run_action(runner, tmp_path, work, {"range": "", "annotations": "true"},
                               {"github.event.pull_request.base.sha": base,
                                "github.event.pull_request.head.sha": head})
    review = outputs["review"]
    assert review["range"] == f"{base}...{head}"
    assert review["exit-code"] == "1"
    sarif = json.loads(Path(review["sarif-file"]).read_text(encoding="utf-8"))
    results = sarif["runs"][0]["results"]
    assert [r["ruleId"] for r in results] == ["command-injection"]
    assert results[0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "app.py"
    assert review["findings"] == "1"
    assert re.search(r"^::error file=app\.py,line=\d+.*command-injection", logs["review"], re.M), logs["review"]
    assert "pillarscan" in (tmp_path / "summary.md").read_text(encoding="utf-8")
    assert logs["fail"][0] == 1 and "1 new security finding(s)" in logs["fail"][1]  # the failing step fails


@needs_git
def test_inputs_reach_the_command_line(runner, tmp_path):
    base, head, work = make_pull_request(tmp_path)
    event = {"github.event.pull_request.base.sha": base, "github.event.pull_request.head.sha": head}
    outputs, logs = run_action(runner, tmp_path, work, {"fail-on": "never", "annotations": "false",
                                                "sarif-file": "out/review.sarif"}, event)
    review = outputs["review"]
    assert review["exit-code"] == "0" and review["findings"] == "1"
    assert review["sarif-file"] == str(work / "out" / "review.sarif")
    assert "::error file=" not in logs["review"] and "fail" not in logs  # no annotations; the fail step skipped
    outputs, _ = run_action(runner, tmp_path, work, {"ignore": "command-injection"}, event)
    assert outputs["review"]["exit-code"] == "0" and outputs["review"]["findings"] == "0"
    outputs, _ = run_action(runner, tmp_path, work, {"exclude": "other.py\napp.py"}, event)
    assert outputs["review"]["findings"] == "0"


@needs_git
def test_a_missing_commit_is_a_clear_error(runner, tmp_path):
    _, head, work = make_pull_request(tmp_path)
    with pytest.raises(StepFailed) as failed:
        run_action(runner, tmp_path, work, {}, {"github.event.pull_request.base.sha": "1" * 40,
                                        "github.event.pull_request.head.sha": head})
    assert failed.value.status == 2 and "fetch-depth: 0" in failed.value.log


# --- a tiny runner -------------------------------------------------------------------------------------------

class StepFailed(Exception):
    def __init__(self, step: str, status: int, log: str):
        super().__init__(f"step {step} exited {status}:\n{log}")
        self.status, self.log = status, log


def make_pull_request(tmp_path: Path) -> tuple[str, str, Path]:
    work = tmp_path / "work"
    work.mkdir()
    env = {**os.environ, **GIT_ENV}

    def git(*args: str) -> str:
        return subprocess.run(["git", *args], cwd=work, env=env, check=True, capture_output=True,
                              text=True).stdout.strip()

    git("init", "-q", "-b", "main")
    (work / "app.py").write_text(BASE_APP, encoding="utf-8")
    git("add", ".")
    git("commit", "-q", "-m", "base")
    base = git("rev-parse", "HEAD")
    git("checkout", "-q", "-b", "feature")
    (work / "app.py").write_text(HEAD_APP, encoding="utf-8")
    git("commit", "-q", "-am", "lookup")
    return base, git("rev-parse", "HEAD"), work


class Runner:
    """A runner's folders for the module: RUNNER_TEMP, the action's checkout (a copy, since pip builds in it) and
    the install step's venv once made (reused, as a runner's tool cache would be)."""

    def __init__(self, root: Path):
        self.temp = root / "runner-temp"
        self.temp.mkdir()
        self.action = root / "action"
        shutil.copytree(REPO, self.action, ignore=shutil.ignore_patterns(
            ".git", ".venv", "build", "dist", "*.egg-info", "__pycache__", ".pytest_cache", "tests", "bench"))
        self.venv: Path | None = None


@pytest.fixture(scope="module")
def runner(tmp_path_factory) -> Runner:
    return Runner(tmp_path_factory.mktemp("runner"))


def run_action(runner: Runner, tmp_path: Path, work: Path, inputs: dict, event: dict) -> tuple[dict, dict]:
    """Runs the steps in order; returns each step's outputs and logs (by id)."""
    defaults = {name: spec.get("default", "") for name, spec in ACTION["inputs"].items()}
    values = {f"inputs.{k}": v for k, v in {**defaults, "python": sys.executable, **inputs}.items()}
    context = {**values, "github.action_path": str(runner.action), "runner.temp": str(runner.temp),
               "github.event_name": "pull_request", "github.repository": "org/app",
               "github.event.pull_request.head.repo.full_name": "org/app",
               "github.event.pull_request.base.sha": "", "github.event.pull_request.head.sha": "",
               "github.event.before": "", "github.event.after": "", **event}
    outputs: dict[str, dict] = {}
    logs: dict[str, object] = {}
    for step in ACTION["runs"]["steps"]:
        step_id = step.get("id", "fail" if "Fail" in step["name"] else step["name"])
        if "if" in step and not evaluate_condition(step["if"], _with_outputs(context, outputs)):
            continue
        if "uses" in step:
            continue
        if step_id == "install" and runner.venv is not None:
            outputs["install"] = {"venv": str(runner.venv)}
            continue
        output_file = tmp_path / f"output-{step_id}"
        output_file.write_text("", encoding="utf-8")
        env = _environment(runner.temp, output_file, tmp_path / "summary.md")
        env.update({k: substitute(v, _with_outputs(context, outputs)) for k, v in step.get("env", {}).items()})
        cwd = work / substitute(step.get("working-directory", "."), context)
        done = subprocess.run(["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", step["run"]], cwd=cwd, env=env, capture_output=True, text=True,
                              timeout=300)
        log = done.stdout + done.stderr
        if step_id == "fail":
            logs["fail"] = (done.returncode, log)
            continue
        if done.returncode != 0:
            raise StepFailed(step_id, done.returncode, log)
        logs[step_id] = log
        outputs[step_id] = dict(line.split("=", 1) for line in output_file.read_text().splitlines() if "=" in line)
        if step_id == "install":
            runner.venv = Path(outputs["install"]["venv"])
            assert (runner.venv / "bin" / "pillarscan").is_file()
    return outputs, logs


def _environment(runner_temp: Path, output_file: Path, summary: Path) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "PILLARSCAN", "PIP_", "GITHUB_"))}
    borrowed = [p for p in sys.path if p.endswith("site-packages") and Path(p).is_dir()]
    env.update(GIT_ENV)
    env.update({"RUNNER_TEMP": str(runner_temp), "GITHUB_OUTPUT": str(output_file),
                "GITHUB_STEP_SUMMARY": str(summary), "GITHUB_ACTIONS": "true",
                "PIP_NO_DEPS": "1", "PIP_NO_BUILD_ISOLATION": "0", "PIP_NO_INDEX": "1", "PIP_CONFIG_FILE": os.devnull,
                "PYTHONPATH": os.pathsep.join(borrowed),
                "PILLARSCAN_CACHE_HOME": str(runner_temp / "cache"),
                "PATH": os.environ.get("PATH", "")})
    env["HOME"] = str(runner_temp)
    return env


def _with_outputs(context: dict, outputs: dict) -> dict:
    extra = {f"steps.{step}.outputs.{key}": value for step, values in outputs.items() for key, value in values.items()}
    return {**context, **extra}


def substitute(text: str, context: dict) -> str:
    def value(match: re.Match) -> str:
        name = match.group(1)
        if name.startswith("steps.") and name not in context:
            return ""  # an output a skipped or earlier step did not set
        assert name in context, f"action.yml uses ${{{{ {name} }}}}, which this runner does not model"
        return context[name]

    return EXPRESSION.sub(value, str(text))


def evaluate_condition(condition: str, context: dict) -> bool:
    """The expression forms action.yml uses: `a == 'x'`, `a != 'x'`, `a == b`, with && and || and parentheses."""
    def operand(token: str) -> str:
        token = token.strip()
        if token.startswith("'") and token.endswith("'"):
            return token[1:-1]
        if token.startswith("steps.") and token not in context:
            return ""
        assert token in context, f"condition uses {token}, which this runner does not model"
        return context[token]

    def comparison(match: re.Match) -> str:
        left, op, right = match.group(1), match.group(2), match.group(3)
        result = (operand(left) == operand(right)) == (op == "==")
        return " True " if result else " False "

    python = re.sub(r"([\w.'-]+)\s*(==|!=)\s*([\w.'-]+)", comparison, condition)
    python = python.replace("&&", " and ").replace("||", " or ")
    assert re.fullmatch(r"[\sTrueFalsandor()]*", python), f"condition not understood: {condition}"
    return bool(eval(python, {"__builtins__": {}}, {}))  # only True/False/and/or/parentheses remain
