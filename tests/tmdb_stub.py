"""A local stub of the TMDB v3 endpoints moviebot uses, in their documented response shapes.

GET /3/find/{imdb_id}?external_source=imdb_id -> {"movie_results": [...], "person_results": [], "tv_results": [],
    "tv_episode_results": [], "tv_season_results": []}   (an unknown id: 200 with empty lists)
GET /3/movie/{id}?append_to_response=keywords,translations -> the movie details with "keywords": {"keywords": [...]}
    and "translations": {"translations": [{"iso_3166_1", "iso_639_1", "name", "english_name", "data": {...}}]}
Errors use TMDB's body {"status_code": N, "status_message": "...", "success": false}.
"""
from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlparse

MOVIES = {  # imdb id -> (tmdb id, title, overview, poster, keywords, korean title, korean overview)
    "tt6751668": (496243, "Parasite", "All unemployed, Ki-taek's family takes peculiar interest in the wealthy "
                  "and glamorous Parks for their livelihood until they get entangled in an unexpected incident.",
                  "/7IiTTgloJzvGI1TAYymCfbfl3vT.jpg", ["dark comedy", "class differences", "social satire"],
                  "기생충", "전원백수로 살 길 막막하지만 사이는 좋은 기택 가족."),
    "tt0364569": (670, "Oldboy", "With no clue how he came to be imprisoned, Dae-su is suddenly released.",
                  "/pWDtjs568ZfOTMbURQBYuT4Qxka.jpg", ["revenge", "imprisonment"], "올드보이",
                  "술 좋아하고 떠들기 좋아하는 오대수는 누군가에게 납치된다."),
    "tt0353969": (11423, "Memories of Murder", "In 1986, in the province of Gyunggi, two detectives investigate.",
                  "/jcgUjx1QcupGzjntTVlnQ15lHqy.jpg", ["serial killer", "detective"], "살인의 추억", ""),
    "tt1375666": (27205, "Inception", "Cobb, a skilled thief who commits corporate espionage by infiltrating the "
                  "subconscious of his targets.", "/ljsZTbVsrQSqZgWeep2B1QiDKuh.jpg", ["dream", "heist"],
                  "인셉션", "타인의 꿈에 들어가 생각을 훔치는 특수 보안요원 코브."),
}
# tt0816692 (Interstellar) is deliberately unknown to this stub: "not found"


class TmdbStub:
    def __init__(self, api_key: str = "test-key", rate_limit_first: int = 1):
        self.api_key = api_key
        self.requests: list[str] = []
        self.rate_limit_first = rate_limit_first  # answer this many first /movie requests with a 429
        self.fail_after: int | None = None  # then answer every request with a 500 (an outage mid-run)
        self._lock = threading.Lock()
        stub = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):  # quiet
                pass

            def _send(self, status: int, body: dict, headers: dict | None = None) -> None:
                data = json.dumps(body, ensure_ascii=False).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json;charset=utf-8")
                self.send_header("Content-Length", str(len(data)))
                for k, v in (headers or {}).items():
                    self.send_header(k, v)
                self.end_headers()
                self.wfile.write(data)

            def do_GET(self):
                url = urlparse(self.path)
                query = {k: v[0] for k, v in parse_qs(url.query).items()}
                with stub._lock:
                    stub.requests.append(self.path)
                    n = len(stub.requests)
                    limited = url.path.startswith("/3/movie/") and stub.rate_limit_first > 0
                    if limited:
                        stub.rate_limit_first -= 1
                auth = self.headers.get("Authorization", "")
                if query.get("api_key") != stub.api_key and auth != f"Bearer {stub.api_key}":
                    return self._send(401, {"status_code": 7, "success": False,
                                            "status_message": "Invalid API key: You must be granted a valid key."})
                if stub.fail_after is not None and n > stub.fail_after:
                    return self._send(500, {"status_code": 11, "success": False, "status_message": "Internal error"})
                if limited:
                    return self._send(429, {"status_code": 25, "success": False,
                                            "status_message": "Your request count is over the allowed limit."},
                                      {"Retry-After": "0"})
                parts = url.path.strip("/").split("/")
                if parts[:2] == ["3", "find"] and len(parts) == 3 and query.get("external_source") == "imdb_id":
                    movie = MOVIES.get(parts[2])
                    results = [{"adult": False, "id": movie[0], "title": movie[1], "overview": movie[2],
                                "poster_path": movie[3], "media_type": "movie"}] if movie else []
                    return self._send(200, {"movie_results": results, "person_results": [], "tv_results": [],
                                            "tv_episode_results": [], "tv_season_results": []})
                if parts[:2] == ["3", "movie"] and len(parts) == 3:
                    movie = next((m for m in MOVIES.values() if str(m[0]) == parts[2]), None)
                    if movie is None:
                        return self._send(404, {"status_code": 34, "success": False,
                                                "status_message": "The resource you requested could not be found."})
                    tmdb_id, title, overview, poster, keywords, ko_title, ko_overview = movie
                    body = {"id": tmdb_id, "title": title, "overview": overview, "poster_path": poster,
                            "original_language": "ko", "runtime": 132}
                    append = query.get("append_to_response", "").split(",")
                    if "keywords" in append:
                        body["keywords"] = {"keywords": [{"id": i, "name": k} for i, k in enumerate(keywords)]}
                    if "translations" in append:
                        body["translations"] = {"translations": [
                            {"iso_3166_1": "KR", "iso_639_1": "ko", "name": "한국어/조선말", "english_name": "Korean",
                             "data": {"homepage": "", "overview": ko_overview, "runtime": 132, "tagline": "",
                                      "title": ko_title}},
                            {"iso_3166_1": "FR", "iso_639_1": "fr", "name": "Français", "english_name": "French",
                             "data": {"homepage": "", "overview": "Résumé.", "runtime": 0, "tagline": "",
                                      "title": title}}]}
                    return self._send(200, body)
                return self._send(404, {"status_code": 34, "success": False,
                                        "status_message": "The resource you requested could not be found."})

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/3"
        self._thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self) -> "TmdbStub":
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.server.shutdown()
        self.server.server_close()
