"""A model's answer is untrusted (CWE-1426): reaching a shell, SQL or eval it is reported like user input."""

import sqlite3
import subprocess

import litellm
from openai import OpenAI

client = OpenAI()


def run_suggested_command(task):
    reply = client.chat.completions.create(model="gpt-4o-mini", messages=[{"role": "user", "content": task}])
    command = reply.choices[0].message.content
    return subprocess.run(command, shell=True)  # expect: CWE-78


def answer_with_sql(question, db: sqlite3.Connection):
    reply = litellm.completion(model="gpt-4o-mini", messages=[{"role": "user", "content": question}])
    sql = reply["choices"][0]["message"]["content"]
    return db.execute(sql).fetchall()  # expect: CWE-89


def compute(expression_request):
    reply = client.responses.create(model="gpt-4o-mini", input=expression_request)
    return eval(reply.output_text)  # expect: CWE-95
