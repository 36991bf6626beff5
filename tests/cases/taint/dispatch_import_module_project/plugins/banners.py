import subprocess


def render(text):
    return subprocess.check_output("figlet " + text, shell=True).decode()  # expect: CWE-78


def render_safely(text):
    return subprocess.check_output(["figlet", "--", text]).decode()
