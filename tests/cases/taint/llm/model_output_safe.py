"""A model's answer that is checked against a fixed set, or only shown as text, is fine."""

import subprocess

from openai import OpenAI

client = OpenAI()
ALLOWED = {"status": ["git", "status"], "log": ["git", "log", "-1"]}


def run_chosen(task):
    reply = client.chat.completions.create(model="gpt-4o-mini", messages=[{"role": "user", "content": task}])
    choice = reply.choices[0].message.content.strip()
    if choice in ALLOWED:
        return subprocess.run(ALLOWED[choice])
    return None


def summary(text):
    reply = client.chat.completions.create(model="gpt-4o-mini", messages=[{"role": "user", "content": text}])
    print(reply.choices[0].message.content)
