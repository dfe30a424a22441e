"""A local OpenAI-compatible chat server for tests and benchmarks: real HTTP, scripted answers.

The script is a function (request body dict, call number) -> Response; the server records every request.
`content` is sent as the raw model text (any prose, fences or broken JSON a test chooses). A request with
"stream": true gets server-sent events: the content in `chunks` pieces, the first after `first_token_delay_s`,
the others `token_delay_s` apart, then a usage chunk when the client asked for one.
"""
from __future__ import annotations

import json
import re
import socket
import struct
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Callable


@dataclass
class Response:
    content: str = ""
    status: int = 200
    delay_s: float = 0.0
    headers: dict[str, str] = field(default_factory=dict)
    error: str = "scripted error"  # the error message of a non-200 answer
    reset: bool = False  # drop the connection with a TCP reset instead of answering
    prompt_tokens: int = 1  # the `usage` the server reports
    completion_tokens: int = 1
    first_token_delay_s: float = 0.0  # streaming only
    token_delay_s: float = 0.0
    chunks: int = 4


Script = Callable[[dict, int], Response]


def prompt_of(body: dict) -> str:
    return "\n".join(str(m.get("content", "")) for m in body.get("messages", []))


def is_rank(body: dict) -> bool:
    return "CANDIDATES" in prompt_of(body)


def candidate_ids(body: dict) -> list[str]:
    return re.findall(r"^(tt\d+) \|", prompt_of(body), re.MULTILINE)


def sensible(body: dict, _n: int = 0) -> Response:
    """A well-behaved model: parses nothing clever, answers valid JSON for both stages."""
    if is_rank(body):
        picks = [{"id": i, "reason": f"LLM reason for {i}."} for i in candidate_ids(body)[:5]]
        return Response(json.dumps({"picks": picks}))
    return Response(json.dumps({"intent": "recommend", "language": "en",
                                "filters": {"actors": ["Tom Hanks"], "genres": ["Comedy"],
                                            "year_min": 1990, "year_max": 1999}}))


class FakeLLMServer:
    def __init__(self, script: Script = sensible):
        self.script = script
        self.requests: list[dict] = []
        self._lock = threading.Lock()
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args):  # keep test output clean
                pass

            def do_POST(self):
                body = json.loads(self.rfile.read(int(self.headers.get("Content-Length", 0))) or b"{}")
                with server._lock:
                    server.requests.append(body)
                    n = len(server.requests)
                r = server.script(body, n)
                if r.delay_s:
                    time.sleep(r.delay_s)
                if r.reset:  # RST, not FIN: the client sees "connection reset by peer"
                    self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
                    self.close_connection = True
                    self.connection.close()
                    return
                if r.status == 200 and body.get("stream"):
                    self._stream(body, n, r)
                    return
                if r.status != 200:
                    payload = json.dumps({"error": {"message": r.error, "type": "scripted"}}).encode()
                else:
                    payload = json.dumps({
                        "id": f"chatcmpl-{n}", "object": "chat.completion", "created": int(time.time()),
                        "model": body.get("model", "fake"),
                        "choices": [{"index": 0, "finish_reason": "stop",
                                     "message": {"role": "assistant", "content": r.content}}],
                        "usage": {"prompt_tokens": r.prompt_tokens, "completion_tokens": r.completion_tokens,
                                  "total_tokens": r.prompt_tokens + r.completion_tokens},
                    }).encode()
                try:
                    self.send_response(r.status)
                    self.send_header("Content-Type", "application/json")
                    self.send_header("Content-Length", str(len(payload)))
                    for k, v in r.headers.items():
                        self.send_header(k, v)
                    self.end_headers()
                    self.wfile.write(payload)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client timed out and went away

            def _stream(self, body: dict, n: int, r: Response) -> None:
                def event(choices: list, usage: dict | None = None) -> bytes:
                    chunk = {"id": f"chatcmpl-{n}", "object": "chat.completion.chunk", "created": int(time.time()),
                             "model": body.get("model", "fake"), "choices": choices}
                    if usage:
                        chunk["usage"] = usage
                    return f"data: {json.dumps(chunk)}\n\n".encode()

                size = max(1, -(-len(r.content) // max(1, r.chunks)))
                pieces = [r.content[i:i + size] for i in range(0, len(r.content), size)] or [""]
                try:
                    self.send_response(200)
                    self.send_header("Content-Type", "text/event-stream")
                    self.send_header("Connection", "close")
                    self.end_headers()
                    self.close_connection = True
                    self.wfile.write(event([{"index": 0, "delta": {"role": "assistant", "content": ""},
                                             "finish_reason": None}]))
                    self.wfile.flush()
                    time.sleep(r.first_token_delay_s)
                    for i, piece in enumerate(pieces):
                        if i:
                            time.sleep(r.token_delay_s)
                        self.wfile.write(event([{"index": 0, "delta": {"content": piece}, "finish_reason": None}]))
                        self.wfile.flush()
                    self.wfile.write(event([{"index": 0, "delta": {}, "finish_reason": "stop"}]))
                    if (body.get("stream_options") or {}).get("include_usage"):
                        self.wfile.write(event([], {"prompt_tokens": r.prompt_tokens,
                                                    "completion_tokens": r.completion_tokens,
                                                    "total_tokens": r.prompt_tokens + r.completion_tokens}))
                    self.wfile.write(b"data: [DONE]\n\n")
                    self.wfile.flush()
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client gave up

        class Server(ThreadingHTTPServer):
            request_queue_size = 256  # the default backlog of 5 drops bursts of concurrent connects

        self.httpd = Server(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.httpd.block_on_close = False  # don't wait for handlers still sleeping on a scripted delay
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}/v1"
        self._thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def __enter__(self) -> "FakeLLMServer":
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
