"""A small in-memory Elasticsearch stand-in for tests (stdlib http.server in a thread).

The real `AsyncElasticsearch` client talks HTTP to it. It answers the product check, records every
request, keeps indices/mappings/aliases/documents in memory and EVALUATES the query DSL subset the
catalog emits (bool filter/must/should/must_not, term(s), range, exists, prefix, wildcard, ids,
match, multi_match with BM25, function_score, sort, size, composite/terms aggregations). Not a
search engine: scores are BM25-like, enough for ranking conformance on a small catalog.
"""
from __future__ import annotations

import fnmatch
import json
import math
import re
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

from core.text import fold

VERSION = {"name": "es-stub", "cluster_name": "stub", "cluster_uuid": "stub",
           "version": {"number": "9.0.0", "build_flavor": "default", "lucene_version": "10.0.0",
                       "minimum_wire_compatibility_version": "8.18.0",
                       "minimum_index_compatibility_version": "8.0.0"},
           "tagline": "You Know, for Search"}


@dataclass
class Recorded:
    method: str
    path: str
    body: Any


@dataclass
class Index:
    mappings: dict = field(default_factory=dict)
    settings: dict = field(default_factory=dict)
    docs: dict[str, dict] = field(default_factory=dict)
    _stats: dict | None = None

    def text_fields(self) -> set[str]:
        return {k for k, v in self.mappings.get("properties", {}).items() if v.get("type") == "text"}


class ApiErr(Exception):
    def __init__(self, status: int, kind: str, reason: str):
        super().__init__(reason)
        self.status, self.kind, self.reason = status, kind, reason


def _values(doc: dict, field_name: str) -> list:
    v = doc.get(field_name)
    if v is None and "." in field_name:  # subfield (title.raw) -> the parent's value
        v = doc.get(field_name.split(".", 1)[0])
    if v is None:
        return []
    return v if isinstance(v, list) else [v]


def _tokens(text: Any) -> list[str]:
    return fold(str(text)).split()


class Engine:
    def __init__(self) -> None:
        self.indices: dict[str, Index] = {}
        self.aliases: dict[str, set[str]] = {}  # alias -> indices
        self.lock = threading.RLock()

    # --------------------------------------------------------------------- names
    def resolve(self, name: str) -> list[str]:
        out: list[str] = []
        for part in name.split(","):
            if part in self.indices:
                out.append(part)
            elif part in self.aliases:
                out += sorted(self.aliases[part])
            elif "*" in part:
                out += [i for i in self.indices if fnmatch.fnmatch(i, part)]
            else:
                raise ApiErr(404, "index_not_found_exception", f"no such index [{part}]")
        return out

    # --------------------------------------------------------------------- BM25
    def _field_stats(self, idx: Index, fld: str) -> tuple[int, float, dict[str, int]]:
        if idx._stats is None:
            idx._stats = {}
        if fld not in idx._stats:
            dfs: dict[str, int] = {}
            total = n = 0
            for d in idx.docs.values():
                toks = [t for v in _values(d, fld) for t in _tokens(v)]
                if toks:
                    n += 1
                    total += len(toks)
                for t in set(toks):
                    dfs[t] = dfs.get(t, 0) + 1
            idx._stats[fld] = (len(idx.docs), (total / n) if n else 1.0, dfs)
        return idx._stats[fld]

    def _bm25(self, idx: Index, doc: dict, fld: str, term: str) -> float:
        toks = [t for v in _values(doc, fld) for t in _tokens(v)]
        tf = toks.count(term)
        if not tf:
            return 0.0
        n_docs, avgdl, dfs = self._field_stats(idx, fld)
        df = dfs.get(term, 0)
        idf = math.log(1 + (n_docs - df + 0.5) / (df + 0.5))
        k1, b = 1.2, 0.75
        return idf * tf * (k1 + 1) / (tf + k1 * (1 - b + b * len(toks) / avgdl))

    # --------------------------------------------------------------------- queries
    def evaluate(self, idx: Index, q: dict, doc: dict) -> tuple[bool, float]:
        (kind, spec), = q.items()
        boost = spec.get("boost", 1.0) if isinstance(spec, dict) else 1.0
        if kind == "match_all":
            return True, boost
        if kind == "bool":
            return self._bool(idx, spec, doc)
        if kind == "function_score":
            return self._function_score(idx, spec, doc)
        if kind == "term":
            (fld, val), = spec.items()
            val = val["value"] if isinstance(val, dict) else val
            return val in _values(doc, fld), boost
        if kind == "terms":
            (fld, vals), = ((k, v) for k, v in spec.items() if k != "boost")
            have = _values(doc, fld)
            return any(v in have for v in vals), boost
        if kind == "ids":
            return doc["_id"] in spec["values"], boost
        if kind == "exists":
            return bool(_values(doc, spec["field"])), boost
        if kind == "range":
            (fld, r), = spec.items()
            ops = {"gte": lambda a, b: a >= b, "gt": lambda a, b: a > b, "lte": lambda a, b: a <= b,
                   "lt": lambda a, b: a < b}
            ok = any(all(ops[o](v, lim) for o, lim in r.items() if o in ops) for v in _values(doc, fld))
            return ok, r.get("boost", 1.0)
        if kind in ("prefix", "wildcard"):
            (fld, val), = spec.items()
            val = val["value"] if isinstance(val, dict) else val
            if kind == "prefix":
                return any(str(v).startswith(val) for v in _values(doc, fld)), boost
            rx = re.compile("".join(".*" if c == "*" else "." if c == "?" else re.escape(c)
                                    for c in re.sub(r"\\([*?\\])", r"\1", val)) + r"\Z", re.S)
            # (escaped wildcards are rare in practice: treated as literals above by unescaping)
            return any(rx.match(str(v)) for v in _values(doc, fld)), boost
        if kind == "match":
            (fld, m), = spec.items()
            m = m if isinstance(m, dict) else {"query": m}
            return self._text(idx, doc, [(fld, 1.0)], m["query"], m.get("operator", "or"), m.get("boost", 1.0))
        if kind == "multi_match":
            fields = []
            for f in spec["fields"]:
                name, _, w = f.partition("^")
                fields.append((name, float(w or 1)))
            return self._text(idx, doc, fields, spec["query"], spec.get("operator", "or"), boost)
        raise ApiErr(400, "parsing_exception", f"stub does not implement query [{kind}]")

    def _text(self, idx: Index, doc: dict, fields: list[tuple[str, float]], text: str, op: str,
              boost: float) -> tuple[bool, float]:
        terms = _tokens(text)
        if not terms:
            return False, 0.0
        per_term = []
        for t in terms:  # cross_fields-like: a term's score is its best field's
            per_term.append(max(w * self._bm25(idx, doc, f, t) for f, w in fields))
        hits = [s > 0 for s in per_term]
        ok = all(hits) if op.lower() == "and" else any(hits)
        return ok, boost * sum(per_term) if ok else 0.0

    def _bool(self, idx: Index, spec: dict, doc: dict) -> tuple[bool, float]:
        def clauses(k: str) -> list[dict]:
            c = spec.get(k, [])
            return c if isinstance(c, list) else [c]

        score = 0.0
        for c in clauses("filter"):
            if not self.evaluate(idx, c, doc)[0]:
                return False, 0.0
        for c in clauses("must"):
            ok, s = self.evaluate(idx, c, doc)
            if not ok:
                return False, 0.0
            score += s
        for c in clauses("must_not"):
            if self.evaluate(idx, c, doc)[0]:
                return False, 0.0
        should = clauses("should")
        default_msm = 0 if (clauses("filter") or clauses("must")) else (1 if should else 0)
        msm = int(spec.get("minimum_should_match", default_msm))
        matched = 0
        for c in should:
            ok, s = self.evaluate(idx, c, doc)
            if ok:
                matched += 1
                score += s
        if matched < msm:
            return False, 0.0
        return True, score * spec.get("boost", 1.0)

    def _function_score(self, idx: Index, spec: dict, doc: dict) -> tuple[bool, float]:
        ok, qscore = self.evaluate(idx, spec.get("query", {"match_all": {}}), doc)
        if not ok:
            return False, 0.0
        vals = []
        for fn in spec.get("functions", []):
            if "filter" in fn and not self.evaluate(idx, fn["filter"], doc)[0]:
                continue
            if "field_value_factor" in fn:
                fvf = fn["field_value_factor"]
                v = (_values(doc, fvf["field"]) or [fvf.get("missing")])[0]
                if v is None:
                    raise ApiErr(400, "exception", f"missing field [{fvf['field']}] and no 'missing' value")
                v = float(v) * fvf.get("factor", 1.0)
                v = {"none": v, "log1p": math.log10(1 + v), "ln1p": math.log1p(v)}[fvf.get("modifier", "none")]
                vals.append(v * fn.get("weight", 1.0))
            else:
                vals.append(float(fn.get("weight", 1.0)))
        mode = spec.get("score_mode", "multiply")
        if not vals:
            fscore = 1.0
        elif mode == "sum":
            fscore = sum(vals)
        elif mode == "multiply":
            fscore = math.prod(vals)
        elif mode == "max":
            fscore = max(vals)
        else:
            raise ApiErr(400, "parsing_exception", f"stub: score_mode {mode}")
        bm = spec.get("boost_mode", "multiply")
        score = {"replace": fscore, "sum": qscore + fscore, "multiply": qscore * fscore}[bm]
        return True, score

    # --------------------------------------------------------------------- APIs
    def search(self, name: str, body: dict) -> dict:
        hits: list[tuple[float, dict, str]] = []
        for iname in self.resolve(name):
            idx = self.indices[iname]
            for doc in idx.docs.values():
                ok, score = self.evaluate(idx, body.get("query", {"match_all": {}}), doc)
                if ok:
                    hits.append((score, doc, iname))
        sort = body.get("sort") or [{"_score": "desc"}]
        for s in reversed(sort):  # stable multi-key sort, last key first
            (key, order), = (s.items() if isinstance(s, dict) else [(s, "asc")])
            order = order["order"] if isinstance(order, dict) else order
            if key == "_score":
                hits.sort(key=lambda h: h[0], reverse=order == "desc")
            else:
                hits.sort(key=lambda h: (_values(h[1], key) or [""])[0], reverse=order == "desc")
        size, start = int(body.get("size", 10)), int(body.get("from", 0))
        out = {"took": 1, "timed_out": False, "_shards": {"total": 1, "successful": 1, "skipped": 0, "failed": 0},
               "hits": {"total": {"value": len(hits), "relation": "eq"}, "max_score": None,
                        "hits": [{"_index": i, "_id": d["_id"], "_score": s, "_source": d["_source"],
                                  "sort": [s if k == "_score" else (_values(d, k) or [None])[0]
                                           for k in (next(iter(x)) for x in sort)]}
                                 for s, d, i in hits[start:start + size]]}}
        if "aggs" in body or "aggregations" in body:
            out["aggregations"] = {k: self._agg(v, [h[1] for h in hits])
                                   for k, v in (body.get("aggs") or body["aggregations"]).items()}
        return out

    def _agg(self, spec: dict, docs: list[dict]) -> dict:
        if "terms" in spec:
            counts = self._counts(spec["terms"]["field"], docs)
            top = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[: spec["terms"].get("size", 10)]
            return {"buckets": [{"key": k, "doc_count": n} for k, n in top]}
        if "composite" in spec:
            c = spec["composite"]
            (src_name, src), = c["sources"][0].items()
            counts = self._counts(src["terms"]["field"], docs)
            keys = sorted(counts)
            if c.get("after"):
                keys = [k for k in keys if k > c["after"][src_name]]
            page = keys[: c.get("size", 10)]
            out: dict[str, Any] = {"buckets": [{"key": {src_name: k}, "doc_count": counts[k]} for k in page]}
            if page:
                out["after_key"] = {src_name: page[-1]}
            return out
        raise ApiErr(400, "parsing_exception", f"stub does not implement aggregation {list(spec)}")

    @staticmethod
    def _counts(fld: str, docs: list[dict]) -> dict[str, int]:
        counts: dict[str, int] = {}
        for d in docs:
            for v in set(_values(d, fld)):
                counts[v] = counts.get(v, 0) + 1
        return counts

    def bulk(self, default_index: str | None, lines: list[str]) -> dict:
        items = []
        it = iter(lines)
        for line in it:
            action = json.loads(line)
            (op, meta), = action.items()
            iname = meta.get("_index", default_index)
            iname = self.resolve(iname)[0] if iname in self.aliases else iname
            if op == "delete":
                idx = self.indices.get(iname)
                found = bool(idx and idx.docs.pop(meta["_id"], None))
                items.append({op: {"_index": iname, "_id": meta["_id"], "status": 200 if found else 404,
                                   "result": "deleted" if found else "not_found"}})
                continue
            source = json.loads(next(it))
            if op == "update":
                raise ApiErr(400, "illegal_argument_exception", "stub: bulk update not implemented")
            if iname not in self.indices:
                items.append({op: {"_index": iname, "_id": meta.get("_id"), "status": 404,
                                   "error": {"type": "index_not_found_exception", "reason": iname}}})
                continue
            idx = self.indices[iname]
            doc_id = meta.get("_id") or f"auto{len(idx.docs)}"
            existed = doc_id in idx.docs
            if op == "create" and existed:
                items.append({op: {"_index": iname, "_id": doc_id, "status": 409,
                                   "error": {"type": "version_conflict_engine_exception", "reason": doc_id}}})
                continue
            idx.docs[doc_id] = {**source, "_id": doc_id, "_source": source}
            idx._stats = None
            items.append({op: {"_index": iname, "_id": doc_id, "_version": 1, "status": 200 if existed else 201,
                               "result": "updated" if existed else "created"}})
        return {"took": 1, "errors": any("error" in next(iter(i.values())) for i in items), "items": items}

    def update_aliases(self, actions: list[dict]) -> dict:
        staged = {a: set(v) for a, v in self.aliases.items()}
        drop: list[str] = []
        for action in actions:
            (op, spec), = action.items()
            if op == "add":
                staged.setdefault(spec["alias"], set()).add(spec["index"])
            elif op == "remove":
                if spec["index"] not in staged.get(spec["alias"], set()):
                    raise ApiErr(404, "aliases_not_found_exception", spec["alias"])
                staged[spec["alias"]].discard(spec["index"])
            elif op == "remove_index":
                drop.append(spec["index"])
        self.aliases = {a: v for a, v in staged.items() if v}
        for i in drop:
            self.indices.pop(i, None)
        return {"acknowledged": True}


class EsStub:
    """`with EsStub() as es: es.url` -> http://127.0.0.1:PORT. `es.requests` lists what was asked.

    `fail_with = 503` makes every later request answer that status (an erroring cluster).
    """

    def __init__(self) -> None:
        self.engine = Engine()
        self.requests: list[Recorded] = []
        self.fail_with: int | None = None
        stub = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args: Any) -> None:
                pass

            def _handle(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                raw = self.rfile.read(length).decode() if length else ""
                url = urlsplit(self.path)
                ndjson = "ndjson" in (self.headers.get("Content-Type") or "")
                body: Any = ([ln for ln in raw.splitlines() if ln.strip()] if ndjson else
                             (json.loads(raw) if raw.strip() else None))
                stub.requests.append(Recorded(self.command, url.path, body))
                try:
                    if stub.fail_with:
                        raise ApiErr(stub.fail_with, "stub_failure", "the stub was told to fail")
                    with stub.engine.lock:
                        status, payload = stub.route(self.command, url.path, parse_qs(url.query), body)
                except ApiErr as e:
                    status, payload = e.status, {"error": {"type": e.kind, "reason": e.reason,
                                                           "root_cause": [{"type": e.kind, "reason": e.reason}]},
                                                 "status": e.status}
                data = b"" if self.command == "HEAD" else json.dumps(payload).encode()
                self.send_response(status)
                self.send_header("X-Elastic-Product", "Elasticsearch")
                self.send_header("Content-Type", "application/vnd.elasticsearch+json;compatible-with=9")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            do_GET = do_POST = do_PUT = do_DELETE = do_HEAD = _handle

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self._thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self) -> "EsStub":
        self.start()
        return self

    def __exit__(self, *exc: Any) -> None:
        self.stop()

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    def requests_to(self, method: str, suffix: str) -> list[Recorded]:
        return [r for r in self.requests if r.method == method and r.path.endswith(suffix)]

    # ------------------------------------------------------------------------- routing
    def route(self, method: str, path: str, qs: dict, body: Any) -> tuple[int, Any]:
        eng = self.engine
        parts = [unquote(p) for p in path.strip("/").split("/") if p]
        ack = {"acknowledged": True}
        if not parts:
            return 200, VERSION
        if parts == ["_bulk"] or (len(parts) == 2 and parts[1] == "_bulk"):
            return 200, eng.bulk(parts[0] if len(parts) == 2 else None, body or [])
        if parts == ["_aliases"] and method in ("POST", "PUT"):
            return 200, eng.update_aliases(body["actions"])
        if parts[0] == "_alias" or (len(parts) == 3 and parts[1] == "_alias"):
            name = parts[-1]
            found = {i: {"aliases": {name: {}}} for i in sorted(eng.aliases.get(name, set()))}
            if not found:
                raise ApiErr(404, "aliases_not_found_exception", f"alias [{name}] missing")
            return 200, found
        if parts == ["_mget"] or (len(parts) == 2 and parts[1] == "_mget"):
            docs = []
            for item in body.get("docs") or [{"_id": i} for i in body["ids"]]:
                iname = item.get("_index", parts[0])
                doc = None
                for i in eng.resolve(iname):
                    doc = eng.indices[i].docs.get(item["_id"]) or doc
                docs.append({"_index": iname, "_id": item["_id"], "found": doc is not None,
                             **({"_source": doc["_source"]} if doc else {})})
            return 200, {"docs": docs}
        name = parts[0]
        if len(parts) == 1:
            if method == "PUT":
                if name in eng.indices or name in eng.aliases:
                    raise ApiErr(400, "resource_already_exists_exception", name)
                eng.indices[name] = Index(mappings=(body or {}).get("mappings", {}),
                                          settings=(body or {}).get("settings", {}))
                return 200, {**ack, "shards_acknowledged": True, "index": name}
            if method == "HEAD":
                return (200 if name in eng.indices or name in eng.aliases else 404), {}
            if method == "DELETE":
                for i in eng.resolve(name):
                    eng.indices.pop(i)
                    for members in eng.aliases.values():
                        members.discard(i)
                eng.aliases = {a: m for a, m in eng.aliases.items() if m}
                return 200, ack
            if method == "GET":
                return 200, {i: {"mappings": eng.indices[i].mappings, "settings": eng.indices[i].settings}
                             for i in eng.resolve(name)}
        op = parts[1]
        if op == "_search":
            return 200, eng.search(name, body or {})
        if op == "_count":
            res = eng.search(name, {"query": (body or {}).get("query", {"match_all": {}}), "size": 0})
            return 200, {"count": res["hits"]["total"]["value"]}
        if op == "_refresh":
            eng.resolve(name)
            return 200, {"_shards": {"total": 1, "successful": 1, "failed": 0}}
        if op == "_settings" and method == "PUT":
            for i in eng.resolve(name):
                eng.indices[i].settings.update(body or {})
            return 200, ack
        if op == "_doc" and method == "GET":
            for i in eng.resolve(name):
                d = eng.indices[i].docs.get(parts[2])
                if d:
                    return 200, {"_index": i, "_id": parts[2], "found": True, "_source": d["_source"]}
            raise ApiErr(404, "not_found", parts[2])
        raise ApiErr(400, "stub_unsupported", f"stub does not implement {method} {path}")
