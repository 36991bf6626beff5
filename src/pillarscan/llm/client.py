"""An OpenAI-compatible Chat Completions client: the one place the layer talks to a network.

Why httpx and not a vendor SDK: every server we target (hosted APIs, vLLM, llama.cpp, Ollama, LM Studio) speaks
the same ``POST {base}/chat/completions``, so a small client with timeouts, retries and a hard request budget is
all we need, and it keeps the optional extra light. The key comes only from the environment.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass
from urllib.parse import urlsplit

API_KEY_ENV = "PILLARSCAN_LLM_API_KEY"
RETRY_STATUSES = frozenset({408, 409, 429, 500, 502, 503, 504})
MAX_BACKOFF_S = 20.0


class LlmUnavailable(Exception):
    """The layer cannot run at all (the optional extra is missing, or the URL is unusable)."""


class BudgetExhausted(Exception):
    """The run has used every request --llm-budget allows."""


class RequestFailed(Exception):
    """One request failed for good (after its retries); the finding or entry point goes without an answer."""


@dataclass
class Answer:
    text: str
    prompt_tokens: int = 0
    completion_tokens: int = 0


class ChatClient:
    """Sends chat requests; counts requests and tokens; refuses once the budget is spent (thread-safe)."""

    def __init__(self, base_url: str, model: str, api_key: str | None = None, *, budget: int = 200,
                 timeout_s: float = 60.0, retries: int = 3, backoff_s: float = 1.0, transport=None) -> None:
        try:
            import httpx
        except ImportError:
            raise LlmUnavailable("the LLM layer needs httpx: pip install 'pillarscan[llm]'") from None
        parts = urlsplit(base_url)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            raise LlmUnavailable(f"--llm-url must be an http(s) base URL ending in /v1, not {base_url!r}")
        self.base_url = base_url.rstrip("/")
        self.host = parts.netloc.rsplit("@", 1)[-1]  # never report credentials written into the URL
        self.model = model
        self.budget = budget
        self.retries = retries
        self.backoff_s = backoff_s
        self.requests = 0  # HTTP requests sent, retries included
        self.prompt_tokens = 0
        self.completion_tokens = 0
        self._lock = threading.Lock()
        headers = {"Authorization": f"Bearer {api_key}"} if api_key else {}
        self._http = httpx.Client(timeout=httpx.Timeout(timeout_s, connect=min(10.0, timeout_s)), headers=headers,
                                  transport=transport, trust_env=False)
        self._httpx = httpx

    def close(self) -> None:
        self._http.close()

    def _take_request(self) -> None:
        with self._lock:
            if self.requests >= self.budget:
                raise BudgetExhausted(f"the LLM request budget ({self.budget}) is spent")
            self.requests += 1

    def complete(self, messages: list[dict[str, str]], *, max_tokens: int = 700) -> Answer:
        """One chat completion, asking for a JSON object; retried with backoff on 429, 5xx and timeouts."""
        body = {"model": self.model, "messages": messages, "temperature": 0, "max_tokens": max_tokens,
                "response_format": {"type": "json_object"}}
        why = "no attempt"
        for attempt in range(self.retries + 1):
            self._take_request()
            wait = self.backoff_s * (2 ** attempt)
            try:
                response = self._http.post(f"{self.base_url}/chat/completions", json=body)
            except self._httpx.HTTPError as exc:  # timeouts, refused connections, broken answers
                why = f"{type(exc).__name__}"
            else:
                if response.status_code == 200:
                    return self._answer(response)
                why = f"HTTP {response.status_code}"
                if response.status_code not in RETRY_STATUSES:
                    break
                wait = max(wait, _retry_after(response.headers.get("retry-after")))
            if attempt < self.retries:
                time.sleep(min(wait, MAX_BACKOFF_S))
        raise RequestFailed(why)

    def _answer(self, response) -> Answer:
        try:
            data = response.json()
            text = data["choices"][0]["message"]["content"]
        except (ValueError, KeyError, IndexError, TypeError):
            raise RequestFailed("the server's answer is not a chat completion") from None
        if not isinstance(text, str):
            raise RequestFailed("the server's answer has no text")
        usage = data.get("usage") if isinstance(data.get("usage"), dict) else {}
        answer = Answer(text, _int(usage.get("prompt_tokens")), _int(usage.get("completion_tokens")))
        with self._lock:
            self.prompt_tokens += answer.prompt_tokens
            self.completion_tokens += answer.completion_tokens
        return answer


def _int(value: object) -> int:
    return value if isinstance(value, int) and not isinstance(value, bool) and value >= 0 else 0


def _retry_after(value: str | None) -> float:
    try:
        return max(0.0, float(value)) if value else 0.0
    except ValueError:
        return 0.0
