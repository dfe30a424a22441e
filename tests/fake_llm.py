"""A local OpenAI-compatible chat server for tests and benchmarks: real HTTP, scripted answers.

The script is a function (request body dict, call number) -> Response; the server records every request.
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
                if r.status != 200:
                    payload = json.dumps({"error": {"message": r.error, "type": "scripted"}}).encode()
                else:
                    payload = json.dumps({
                        "id": f"chatcmpl-{n}", "object": "chat.completion", "created": int(time.time()),
                        "model": body.get("model", "fake"),
                        "choices": [{"index": 0, "finish_reason": "stop",
                                     "message": {"role": "assistant", "content": r.content}}],
                        "usage": {"prompt_tokens": 1, "completion_tokens": 1, "total_tokens": 2},
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
