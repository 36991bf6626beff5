"""User input in a model's system prompt, developer message or tool definitions is prompt injection."""

import anthropic
import litellm
from flask import Flask, request
from langchain_core.messages import SystemMessage
from langchain_core.prompts import ChatPromptTemplate
from openai import OpenAI

app = Flask(__name__)
client = OpenAI()
claude = anthropic.Anthropic()


@app.route("/ask")
def ask():
    persona = request.args.get("persona", "")
    question = request.args.get("q", "")
    answer = client.chat.completions.create(  # expect: CWE-77
        model="gpt-4o-mini",
        messages=[
            {"role": "system", "content": f"You are {persona}. Answer politely."},
            {"role": "user", "content": question},
        ],
    )
    return {"answer": answer.choices[0].message.content}


@app.route("/claude")
def ask_claude():
    rules = request.form["rules"]
    reply = claude.messages.create(model="claude-3-5-haiku", max_tokens=300,  # expect: CWE-77
                                   system="Follow these rules: " + rules,
                                   messages=[{"role": "user", "content": "hello"}])
    return {"answer": reply.content[0].text}


@app.route("/lite")
def lite():
    tone = request.args["tone"]
    messages = [{"role": "developer", "content": "Write in a " + tone + " tone."}]
    return {"answer": litellm.completion("gpt-4o-mini", messages)}  # expect: CWE-77


@app.route("/chain")
def chain():
    role = request.args["role"]
    prompt = ChatPromptTemplate.from_messages([("system", "You act as " + role), ("human", "{q}")])  # expect: CWE-77
    system = SystemMessage(content=request.args["extra"])  # expect: CWE-77
    return {"prompt": str(prompt), "system": str(system)}
