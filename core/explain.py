"""Grounded reasons: every sentence is built from catalog facts and the user's own history."""
from __future__ import annotations

from core.models import Candidate, Filters, Movie, TasteProfile
from core.vocab import GENRE_KO


def _join(items: list[str], language: str) -> str:
    items = items[:2]
    return (" · " if language == "ko" else " and ").join(items)


def explain(c: Candidate, filters: Filters, profile: TasteProfile, history: dict[str, Movie],
            seeds: list[Movie], language: str = "en") -> str:
    m = c.movie
    ko = language == "ko"
    liked = [history[i] for i in profile.liked if i in history]
    seen = [history[i] for i in profile.watched if i in history]
    facts: list[str] = []
    # 1. a person shared with something the user liked or watched
    for pool, verb_en, verb_ko in ((liked, "liked", "좋아한"), (seen, "watched", "본")):
        hit = next(((d, h) for h in pool for d in m.directors if d in h.directors), None)
        if hit:
            d, h = hit
            facts.append(f"{h.title}을(를) {verb_ko} 당신에게: 같은 {d} 감독 작품" if ko else
                         f"Also directed by {d}, like {h.title}, which you {verb_en}")
            break
        hit = next(((a, h) for h in pool for a in m.cast[:8] if a in h.cast[:8]), None)
        if hit:
            a, h = hit
            facts.append(f"{h.title}에 나온 {a} 출연" if ko else f"Stars {a}, as in {h.title}, which you {verb_en}")
            break
    # 2. what the request asked for
    asked_genres = [g for g in m.genres if g in filters.genres]
    by = [d for d in m.directors if d in filters.directors]
    starring = [a for a in m.cast if a in filters.actors]
    if asked_genres or by or starring or filters.year_min or filters.year_max:
        if ko:
            genres = "·".join(GENRE_KO.get(g, g) for g in asked_genres)
            who = (f"{_join(by, language)} 감독의 " if by else "") + (f"{_join(starring, language)} 주연 " if starring else "")
            facts.append(f"요청하신 대로 {who}{m.year or ''}년 {genres or '영화'}".replace("  ", " ").strip())
        else:
            who = (f" by {_join(by, language)}" if by else "") + (f" with {_join(starring, language)}" if starring else "")
            genres = "/".join(g.lower() for g in asked_genres) or "film"
            facts.append(f"a {m.year or ''} {genres}{who}, as you asked".replace("  ", " "))
    for s in seeds:
        shared = [g for g in m.genres if g in s.genres]
        if set(m.directors) & set(s.directors):
            if s.title not in " ".join(facts):  # "directed by X, like Oldboy" already says it
                facts.append(f"{s.title}와 같은 감독의 작품" if ko else f"From the director of {s.title}")
            break
        if shared:
            facts.append(f"{s.title}처럼 {'·'.join(GENRE_KO.get(g, g) for g in shared[:2])}" if ko else
                         f"{'/'.join(shared[:2])} like {s.title}")
            break
    # 3. taste and model signals
    if not facts and profile.genres:
        favourite = [g for g in m.genres if g in list(profile.genres)[:4]]
        if favourite:
            facts.append(f"즐겨 보는 장르({'·'.join(GENRE_KO.get(g, g) for g in favourite[:2])})" if ko else
                         f"{'/'.join(favourite[:2])}, among the genres you watch most")
    if c.source == "sasrec" and len(facts) < 2:
        facts.append("당신과 시청 기록이 비슷한 사람들이 다음으로 본 영화" if ko else
                     "viewers with histories like yours watched it next")
    score = m.critic_score
    if score is not None and score >= 70 and len(facts) < 2:
        facts.append(f"평론가 점수 {score}/100" if ko else f"critics score it {score}/100")
    if not facts:
        facts.append(f"평이 좋은 인기 {'·'.join(GENRE_KO.get(g, g) for g in m.genres[:2]) or '영화'}" if ko else
                     f"A well-reviewed, popular {'/'.join(m.genres[:2]).lower() or 'film'}")
    sentence = "; ".join(facts[:2])
    return sentence[0].upper() + sentence[1:] + "."


def diverse_top(cands: list[Candidate], n: int) -> list[Candidate]:
    """Best first, but no more than two picks from one director."""
    picked: list[Candidate] = []
    per_director: dict[str, int] = {}
    for c in cands:
        key = c.movie.directors[0] if c.movie.directors else c.movie.id
        if per_director.get(key, 0) >= 2:
            continue
        picked.append(c)
        per_director[key] = per_director.get(key, 0) + 1
        if len(picked) == n:
            return picked
    rest = [c for c in cands if c not in picked]
    return picked + rest[: n - len(picked)]
