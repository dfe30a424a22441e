"""How long each LLM stage's prompt is, per prompt variant (LLM_PROMPT=full | compact): characters and tokens.

Small local models pay for every prompt token before the first answer token (a 1.5B model on 2 CPU cores reads
about 30 tokens a second), so this is the number that decides whether a stage fits a deadline.

    python3 benchmarks/prompt_size.py      # writes benchmarks/results/prompt_size.json

No LLM is called: the prompts are rendered exactly as the pipeline renders them, with the candidates the offline
retrieval finds for a few requests (the rank prompt's size depends on them), and the JSON schema each stage offers.
"""
from __future__ import annotations

import asyncio
import json
import math
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT)]

from core.config import Settings  # noqa: E402
from core.models import TasteProfile  # noqa: E402
from core.pipeline import Recommender  # noqa: E402
from core.prompts import understand_prompt  # noqa: E402
from core.rank import rank_messages  # noqa: E402
from core.schemas import rank_schema, understand_schema  # noqa: E402
from core.services import build_services  # noqa: E402

OUT = ROOT / "benchmarks" / "results" / "prompt_size.json"
REQUESTS = ["a 90s comedy with Tom Hanks", "Tom Cruise action movies", "80s action movies", "봉준호 감독 스릴러 추천해줘"]
PICKS = 5
HANGUL = re.compile(r"[\u3130-\u318f\uac00-\ud7a3]")
METHOD = ("approx_tokens = ceil(other characters / 4) + Hangul syllables (one token each): the usual 4 characters "
          "per token of English BPE text (Qwen2.5, GPT-4o), and Korean syllables, which these tokenizers mostly "
          "split one or more per syllable. An estimate: the server's usage.prompt_tokens is the measure; the "
          "full rank prompt of #20's run was reported as 1,809 tokens.")


def tokens(text: str) -> int:
    hangul = len(HANGUL.findall(text))
    return math.ceil((len(text) - hangul) / 4) + hangul


def size(*texts: str) -> dict:
    joined = "\n".join(texts)
    return {"chars": len(joined), "approx_tokens": tokens(joined)}


async def main() -> None:
    settings = Settings(_env_file=None, llm_base_url=None, llm_api_key=None, sasrec_checkpoint=None)
    services = await build_services(settings)
    try:
        rec: Recommender = services.recommender
        genres = list((await services.catalog.vocabulary()).genres)
        ranked = []
        for text in REQUESTS:
            u, _, _ = await rec.understand(text)
            r = await rec.retriever.retrieve(u.filters, TasteProfile(user_id="bench"), u.language, variety=text)
            ranked.append((text, u, r.candidates[: settings.rank_candidates]))
        out: dict = {"method": METHOD, "picks": PICKS, "rank_candidates": settings.rank_candidates,
                     "requests": REQUESTS, "variants": {}}
        for variant in ("full", "compact"):
            compact = variant == "compact"
            message = "message: " + REQUESTS[0]
            follow_ctx = ('previous request filters: {"genres":["Comedy"]}\nshown: #1 Big (1988); '
                          '#2 Splash (1984)\nmessage: nothing romantic')
            v: dict = {
                "understand": {
                    "system": size(understand_prompt(compact, False, genres)),
                    "system_follow_up": size(understand_prompt(compact, True, genres)),
                    "user": size(message),
                    "user_follow_up": size(follow_ctx),
                    "schema": size(json.dumps(understand_schema(False, compact), separators=(",", ":"))),
                },
                "rank": {},
            }
            for text, u, cands in ranked:
                system, user = rank_messages(text, cands, PICKS, u.filters, TasteProfile(user_id="bench"), {},
                                             u.language, compact)
                v["rank"][text] = {
                    "candidates": len(cands), "system": size(system), "user": size(user),
                    "total": size(system, user),
                    "schema": size(json.dumps(rank_schema([c.movie.id for c in cands], PICKS),
                                              separators=(",", ":"))),
                }
            v["understand"]["total"] = size(understand_prompt(compact, False, genres), message)
            out["variants"][variant] = v
        full, compact_v = out["variants"]["full"], out["variants"]["compact"]
        out["compact_vs_full"] = {
            "understand_tokens": round(compact_v["understand"]["total"]["approx_tokens"]
                                       / full["understand"]["total"]["approx_tokens"], 3),
            "rank_tokens": {t: round(compact_v["rank"][t]["total"]["approx_tokens"]
                                     / full["rank"][t]["total"]["approx_tokens"], 3) for t in REQUESTS},
        }
        OUT.write_text(json.dumps(out, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    finally:
        await services.close()


if __name__ == "__main__":
    asyncio.run(main())
