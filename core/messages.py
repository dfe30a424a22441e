"""Every sentence a user reads, keyed by message and language, in one place.

Why one module: the bot answers in the request's language, so each message needs both versions side by side,
and a translator (or a reviewer) should find them without reading the pipeline. Templates use str.format fields;
`text()` falls back to English for an unknown language and never raises for a missing field (a user sees the
sentence with the field name rather than a crash). Korean templates write a particle that depends on the word
before it as a pair ("{name}을(를)", "{what}(으)로"): `text()` resolves it after the fields are filled in
(core/korean.py), so no template needs to know which word it will get.
"""
from __future__ import annotations

import logging
import string

from core.korean import resolve

log = logging.getLogger(__name__)

MESSAGES: dict[str, dict[str, str]] = {
    # ---- help and scope
    "help": {
        "en": "I recommend movies and tell you why. Try “a 90s comedy with Tom Hanks” or “movies like Oldboy”. "
              "React 👀 (watched), ❤️ (liked) or 👎 (not interested) on a movie to teach me your taste. "
              "Reply to my answer, with the reply's @ping left on, to go on: “older”, “not horror”, “more like #2”, "
              "“why #3?”. Already on Letterboxd or IMDb? `/import` your export.",
        "ko": "영화를 추천하고 이유를 알려드려요. “봉준호 감독 범죄 스릴러 추천해줘”처럼 말해 보세요. "
              "추천된 영화에 👀(봤어요), ❤️(좋아요), 👎(관심 없음)을 누르면 취향을 배워요. "
              "답장할 때 @멘션을 켜 두면 이어서 말할 수 있어요: “다른 거”, “공포 말고”, “2번 같은 거”, “3번 왜?”. "
              "Letterboxd나 IMDb 기록은 `/import`로 가져올 수 있어요.",
    },
    # ---- the terminal (moviebot ask / chat): it cannot react or reply, so its help says what it can do
    "help_terminal": {
        "en": "I recommend movies and tell you why. Try “a 90s comedy with Tom Hanks” or “movies like Oldboy”. "
              "In `moviebot chat` each line goes on from my last answer: “older”, “not horror”, “more like #2”, "
              "“why #3?”. Teach me your taste with `moviebot liked TITLE`, `moviebot watched TITLE` or "
              "`moviebot not-interested TITLE`; `moviebot import FILE` brings in a Letterboxd or IMDb export.",
        "ko": "영화를 추천하고 이유를 알려드려요. “봉준호 감독 범죄 스릴러 추천해줘”처럼 말해 보세요. "
              "`moviebot chat`에서는 한 줄씩 이어서 말할 수 있어요: “다른 거”, “공포 말고”, “2번 같은 거”, “3번 왜?”. "
              "`moviebot liked 제목`, `moviebot watched 제목`, `moviebot not-interested 제목`으로 취향을 알려 주시고, "
              "Letterboxd나 IMDb 기록은 `moviebot import 파일`로 가져올 수 있어요.",
    },
    "profile_empty_terminal": {
        "en": "No history yet, so these lean on critics and popularity. Tell me what you've seen to teach me your "
              "taste: {how}.",
        "ko": "아직 기록이 없어 평이 좋은 인기작 위주로 골랐어요. 본 영화를 알려 주시면 취향을 배워요: {how}.",
    },
    "logged": {"en": "Logged {kind}: {title}", "ko": "기록했어요 ({kind}): {title}"},
    "vague": {
        "en": "I couldn't tell what kind of movie you're after, so here are some well-loved ones. Tell me more: a "
              "genre, a mood (“something feel-good”), a person (“with Tom Hanks”) or a film (“like Oldboy”).",
        "ko": "어떤 영화를 원하시는지 잘 모르겠어서 많은 사랑을 받은 영화로 골랐어요. 장르, 분위기(“기분 좋아지는”), "
              "사람(“송강호 나오는”), 영화(“올드보이 같은”)를 알려 주시면 더 잘 골라 드려요.",
    },
    "topic_proxy": {
        "en": "I can't search by plot in this catalog, so for “{topic}” these are {proxy}.",
        "ko": "이 카탈로그는 줄거리로 찾을 수 없어서 “{topic}” 대신 {proxy}(으)로 골랐어요.",
    },
    "topic_unsearched": {
        "en": "I can't search by plot in this catalog, so these picks follow the rest of your request, not “{topic}”.",
        "ko": "이 카탈로그는 줄거리로 찾을 수 없어서 “{topic}”은(는) 빼고 나머지 조건으로 골랐어요.",
    },
    "long_message": {
        "en": "Your message was long; I read the first {chars} characters.",
        "ko": "메시지가 길어서 앞의 {chars}자만 읽었어요.",
    },
    "fallback": {
        "en": "The language model didn't answer in time or well enough, so the offline recommender chose these.",
        "ko": "언어 모델이 제때 제대로 답하지 못해서 오프라인 추천기로 골랐어요.",
    },
    "ignored_number": {
        "en": "I ignored an impossible {what} ({value}).",
        "ko": "말이 안 되는 {what} 값({value})은 무시했어요.",
    },
    "unknown_person": {
        "en": "No {role} named “{name}” is in the catalog.",
        "ko": "“{name}”을(를) 카탈로그에서 찾지 못했어요.",
    },
    # ---- the Discord bot
    "bot_help": {
        "en": "**🎬 MovieBot** — explained movie recommendations that learn your taste.\n"
              "• Mention me with a request: `@MovieBot a 90s comedy with Tom Hanks`, `@MovieBot 봉준호 감독 스릴러` "
              "(in a DM, just write the request)\n"
              "• `/recommend request:<text> [count:1-10]` — the same as a slash command\n"
              "• Reply to my answer to go on: `older` · `not horror` · `more like #2` · `why #3?` (keep the reply's "
              "@ping on: without it I can't read the reply)\n"
              "• React to a movie (or press its buttons): 👀 watched · ❤️ liked · 👎 not interested "
              "(remove the reaction to undo)\n"
              "• `/watched <title>`, `/liked <title>` — log a movie by title\n"
              "• `/movienight @a @b [request]` (or mention me with two or more friends) — picks for the group, "
              "a 1️⃣–5️⃣ vote and the winner\n"
              "• `/import file:<Letterboxd .zip/.csv or IMDb ratings.csv>` — bring in your history from elsewhere\n"
              "• `/history` — what you logged · `/profile` — your taste profile · `/forget` — delete all your data\n"
              "• `/settings compact on|off` (Manage Server) — one message per answer, for busy servers\n"
              "-# Posters and overviews, when shown: this product uses the TMDB API but is not endorsed or certified "
              "by TMDB.\n",
        "ko": "**🎬 MovieBot** — 이유와 함께 추천하고, 취향을 배우는 영화 봇이에요.\n"
              "• 저를 멘션하고 말해 주세요: `@MovieBot 봉준호 감독 스릴러`, `@MovieBot 90년대 톰 행크스 코미디` "
              "(DM에서는 그냥 쓰시면 돼요)\n"
              "• `/recommend request:<요청> [count:1-10]` — 슬래시 명령으로도 돼요\n"
              "• 제 답장에 이어서 말해 보세요: `다른 거` · `공포 말고` · `2번 같은 거` · `3번 왜?` (답장의 @멘션을 켜 두세요. "
              "꺼 두면 답장 내용을 읽을 수 없어요)\n"
              "• 영화에 반응(또는 버튼): 👀 봤어요 · ❤️ 좋아요 · 👎 관심 없음 (반응을 지우면 취소)\n"
              "• `/watched <제목>`, `/liked <제목>` — 제목으로 기록\n"
              "• `/movienight @a @b [요청]` (또는 친구 두 명 이상과 함께 저를 멘션) — 그룹을 위한 추천, "
              "1️⃣–5️⃣ 투표와 우승작\n"
              "• `/import file:<Letterboxd .zip/.csv 또는 IMDb ratings.csv>` — 다른 곳의 기록 가져오기\n"
              "• `/history` — 기록 · `/profile` — 취향 프로필 · `/forget` — 내 데이터 모두 삭제\n"
              "• `/settings compact on|off` (서버 관리 권한) — 바쁜 서버를 위해 답 하나에 메시지 하나\n"
              "-# 포스터와 줄거리(표시될 때): This product uses the TMDB API but is not endorsed or certified by TMDB.\n",
    },
    "compact_legend": {"en": "React {first}–{last} to mark a movie as liked · /watched and /liked for more",
                       "ko": "{first}–{last} 반응으로 좋아요 표시 · /watched, /liked 로도 기록할 수 있어요"},
    "compact_set": {"en": "Compact mode is now **{state}** in this server: {what}",
                    "ko": "이 서버의 간결 모드가 **{state}** 상태예요: {what}"},
    "compact_on": {"en": "one message per answer, one embed per movie, 1️⃣–5️⃣ reactions to like one.",
                   "ko": "답 하나에 메시지 하나, 영화마다 임베드 하나, 1️⃣–5️⃣ 반응으로 좋아요."},
    "compact_off": {"en": "a header plus one message per movie, with 👀 ❤️ 👎 reactions and buttons.",
                    "ko": "머리말과 영화마다 메시지 하나, 👀 ❤️ 👎 반응과 버튼."},
    "guild_only": {"en": "This setting belongs to a server: run it there.", "ko": "서버에서 쓰는 설정이에요."},
    "stage_understand": {"en": "🔎 understanding…", "ko": "🔎 요청을 이해하는 중…"},
    "stage_retrieve": {"en": "🎞️ finding candidates…", "ko": "🎞️ 후보를 찾는 중…"},
    "stage_rank": {"en": "✍️ ranking…", "ko": "✍️ 고르는 중…"},
    "stage_offline": {"en": "🛟 the language model is slow or down: answering with the offline reasoner…",
                      "ko": "🛟 언어 모델이 느리거나 멈춰서 오프라인 추천기로 답하는 중…"},
    "queued": {"en": "⏳ busy right now: your request is queued…", "ko": "⏳ 지금 바빠요: 요청이 대기 중이에요…"},
    "cooldown": {"en": "⏳ One request at a time — you can ask me again in {seconds} s.",
                 "ko": "⏳ 한 번에 하나씩 — {seconds}초 뒤에 다시 물어봐 주세요."},
    # ---- the header of a reply
    "header": {"en": "{n} {picks}{what}.", "ko": "{what}{n}편을 골랐어요."},
    "no_picks": {"en": "I couldn't find any movie for that in the catalog.",
                 "ko": "조건에 맞는 영화를 카탈로그에서 찾지 못했어요."},
    "still": {"en": "still: {what}", "ko": "여전히: {what}"},
    "now": {"en": "now: {what}", "ko": "이번엔: {what}"},
    # ---- follow-ups
    "no_context": {
        "en": "I have no recent picks for you here to go on from: ask me for movies first, then reply to my answer "
              "(“more”, “older”, “not horror”, “more like #2”, “why #3?”).",
        "ko": "이어서 말씀하실 최근 추천이 없어요. 먼저 영화를 추천받은 뒤 그 답장에 이어서 말씀해 주세요 "
              "(“다른 거”, “더 최근 거”, “공포 말고”, “2번 같은 거”, “3번 왜?”).",
    },
    "no_context_terminal": {
        "en": "I have no recent picks here to go on from: ask me for movies first, then follow up on the next line "
              "of `moviebot chat` (“more”, “older”, “not horror”, “more like #2”, “why #3?”).",
        "ko": "이어서 말씀하실 최근 추천이 없어요. 먼저 영화를 추천받은 뒤 `moviebot chat`의 다음 줄에 이어서 "
              "말씀해 주세요 (“다른 거”, “더 최근 거”, “공포 말고”, “2번 같은 거”, “3번 왜?”).",
    },
    "no_pick": {"en": "There is no #{n} among the picks I showed you.", "ko": "보여드린 추천에 {n}번은 없어요."},
    "why_directed": {"en": "Directed by {names}", "ko": "감독: {names}"},
    "why_starring": {"en": "Starring {names}", "ko": "출연: {names}"},
    "why_genres": {"en": "Genres: {names}", "ko": "장르: {names}"},
    "why_runtime": {"en": "{minutes} min", "ko": "{minutes}분"},
    "why_shared": {"en": "Shares {who} with {title}, which you liked", "ko": "좋아하신 {title}와(과) 같은 {who}"},
    # ---- filter descriptions (the header's "what")
    "f_directors": {"en": "directed by {names}", "ko": "{names} 감독"},
    "f_actors": {"en": "with {names}", "ko": "{names} 출연"},
    "f_exclude": {"en": "not {names}", "ko": "제외: {names}"},
    "f_exclude_people": {"en": "without {names}", "ko": "{names} 제외"},
    "f_year_from": {"en": "{year} or later", "ko": "{year}년 이후"},
    "f_year_to": {"en": "up to {year}", "ko": "{year}년까지"},
    "f_languages": {"en": "in {names}", "ko": "언어: {names}"},
    "f_minutes": {"en": " min", "ko": "분"},
    "f_oscar_won": {"en": "Oscar winners", "ko": "오스카 수상작"},
    "f_oscar_nominated": {"en": "Oscar-nominated", "ko": "오스카 후보작"},
    "f_acclaimed": {"en": "acclaimed first", "ko": "명작 위주"},
    "f_critics": {"en": "critics ≥ {score}", "ko": "평점 ≥ {score}"},
    "f_like": {"en": "like {titles}", "ko": "{titles} 같은 영화"},
    "shown_again": {"en": "Everything in the catalog that fits was already shown above, so here it is again.",
                    "ko": "조건에 맞는 영화는 위에서 이미 보여드린 것뿐이라 다시 보여드려요."},
    "all_shown": {"en": "That's every film in the catalog that fits, apart from those I already showed you.",
                  "ko": "이미 보여드린 영화 말고는 조건에 맞는 영화가 이게 전부예요."},
    # ---- retrieval notes
    "relaxed": {"en": "Nothing matched every constraint, so I dropped {what}.",
                "ko": "조건에 맞는 영화가 없어 {what}을(를) 풀었어요."},
    # ---- the taste profile line
    "profile_empty": {
        "en": "No history yet, so these lean on critics and popularity. React 👀/❤️ to teach me your taste.",
        "ko": "아직 기록이 없어 평이 좋은 인기작 위주로 골랐어요. 영화에 👀/❤️를 눌러 취향을 알려주세요.",
    },
    # ---- history import (core/importer.py; the bot's /import and `moviebot import`)
    # `en_one` is the English sentence for n == 1 (text() picks it); Korean nouns take no plural ending
    "import_done": {"en": "Imported {imported} of {n} films{kinds}.",
                    "en_one": "Imported {imported} of {n} film{kinds}.",
                    "ko": "{n}편 중 {imported}편을 기록에 가져왔어요{kinds}."},
    "import_already": {"en": "{n} were already in your history.", "en_one": "1 was already in your history.",
                       "ko": "{n}편은 이미 기록에 있었어요."},
    "import_unmatched": {"en": "{n} not matched.", "ko": "{n}편은 카탈로그에서 찾지 못했어요."},
    "import_malformed": {"en": "{n} malformed rows skipped.", "en_one": "1 malformed row skipped.",
                         "ko": "읽을 수 없는 행 {n}개는 건너뛰었어요."},
    "import_assumed_watched": {
        "en": "{name} has no rating column, so its films were imported as watched (a Letterboxd likes list has the "
              "same columns: import the whole export zip to keep your likes as liked).",
        "ko": "{name}에는 평점 열이 없어서 모두 ‘봤어요’로 가져왔어요 (Letterboxd 좋아요 목록도 열이 같아요. "
              "좋아요로 가져오려면 내보낸 zip 파일 전체를 올려 주세요)."},
    "import_attached": {"en": "The unmatched films are attached.", "ko": "찾지 못한 영화 목록을 첨부했어요."},
    "import_too_large": {"en": "The file is {size} MB; the limit is {limit} MB.",
                         "ko": "파일이 {size}MB예요. {limit}MB까지만 받을 수 있어요."},
    "import_empty": {"en": "The file is empty.", "ko": "파일이 비어 있어요."},
    "import_not_text": {"en": "{name} is not a text file: upload a CSV or a zip export.",
                        "ko": "{name}은(는) 텍스트 파일이 아니에요. CSV나 zip 파일을 올려 주세요."},
    "import_bad_zip": {"en": "The file looks like a zip but cannot be read ({detail}).",
                       "ko": "zip 파일처럼 보이지만 읽을 수 없어요 ({detail})."},
    "import_no_members": {"en": "The zip holds no watched.csv, ratings.csv or likes/films.csv: is it a Letterboxd "
                                "export?",
                          "ko": "zip 안에 watched.csv, ratings.csv, likes/films.csv가 없어요. Letterboxd에서 내보낸 "
                                "파일인가요?"},
    "import_bad_member": {"en": "{name} in the zip cannot be read ({detail}).",
                          "ko": "zip 안의 {name} 파일을 읽을 수 없어요 ({detail})."},
    "import_unsafe_zip": {"en": "The zip was refused: {what}. Upload the export exactly as Letterboxd made it, or "
                                "its watched.csv / ratings.csv alone.",
                          "ko": "zip 파일을 거부했어요: {what}. Letterboxd가 만든 그대로의 파일이나 watched.csv / "
                                "ratings.csv만 올려 주세요."},
    "import_not_export": {"en": "{name} is not a Letterboxd or IMDb export (its columns: {columns}). Expected "
                                "Letterboxd's “Date, Name, Year, Letterboxd URI[, Rating]” or IMDb's “Const, Your "
                                "Rating, Date Rated, ...”.",
                          "ko": "{name}은(는) Letterboxd나 IMDb에서 내보낸 파일이 아니에요 (열: {columns}). "
                                "Letterboxd의 “Date, Name, Year, Letterboxd URI[, Rating]” 또는 IMDb의 “Const, Your "
                                "Rating, Date Rated, ...” 열이 있어야 해요."},
    "import_watchlist": {"en": "{name} looks like a watchlist: films you want to see are not your history. Upload "
                               "watched.csv, ratings.csv, likes/films.csv or the whole export zip.",
                         "ko": "{name}은(는) 보고 싶은 영화 목록(watchlist)이라 기록으로 가져올 수 없어요. "
                               "watched.csv, ratings.csv, likes/films.csv나 전체 zip을 올려 주세요."},
    "import_too_many_rows": {"en": "The export has more than {limit} rows; split it into smaller files.",
                             "ko": "행이 {limit}개를 넘어요. 파일을 나눠서 올려 주세요."},
    # ---- the "for you" shelf, "more like this" and the digest (core/shelf.py, core/digest.py, bot/cogs/digest.py)
    "shelf_header": {"en": "🎬 {n} picks for you, from your history — no request needed.",
                     "ko": "🎬 기록을 보고 고른 {n}편이에요. 따로 말씀하지 않으셔도 돼요."},
    "shelf_empty": {"en": "I have nothing new for you right now: everything that fits was shown recently.",
                    "ko": "지금은 새로 보여드릴 영화가 없어요. 맞는 영화는 최근에 다 보여드렸어요."},
    "shelf_teach": {"en": "I don't know your taste yet, so these are well-loved films. Teach me: press ❤️ Liked or "
                          "👀 Watched on a movie, `/liked <title>`, or `/import` your Letterboxd or IMDb export.",
                    "ko": "아직 취향을 몰라서 많은 사랑을 받은 영화로 골랐어요. 영화의 ❤️ 좋아요, 👀 봤어요 버튼이나 "
                          "`/liked <제목>`, `/import`(Letterboxd·IMDb 기록)로 알려 주세요."},
    "shelf_cowatch": {"en": "People who watched {title} also watched this.",
                      "ko": "{title}을(를) 본 사람들이 함께 본 영화예요."},
    "shelf_because": {"en": "Because you liked {title}.", "ko": "{title}을(를) 좋아하셔서 골랐어요."},
    "like_this_header": {"en": "Three films like {title}:", "ko": "{title}과(와) 비슷한 영화 세 편이에요:"},
    "like_this_liked": {"en": "❤️ **{title}** added to your likes.", "ko": "❤️ **{title}**을(를) 좋아요에 담았어요."},
    "like_this_show": {"en": "Show them to the channel", "ko": "채널에 보여주기"},
    "like_this_shown": {"en": "Shown to the channel.", "ko": "채널에 보여드렸어요."},
    "digest_header": {"en": "📬 Your digest: {n} fresh picks for you.", "ko": "📬 오늘의 추천: 새로 고른 {n}편이에요."},
    "digest_on": {"en": "📬 Digest on: {n} fresh picks {cadence}, {where}. `/digest off` stops it at once.",
                  "ko": "📬 추천 알림을 켰어요: {cadence} {where} 새 영화 {n}편. `/digest off`로 바로 끌 수 있어요."},
    "digest_daily": {"en": "every day", "ko": "매일"},
    "digest_weekly": {"en": "every week", "ko": "매주"},
    "digest_here": {"en": "in this channel", "ko": "이 채널에"},
    "digest_dm": {"en": "in your DMs", "ko": "DM으로"},
    "digest_off": {"en": "📭 Digest off: I won't post picks for you unasked.",
                   "ko": "📭 추천 알림을 껐어요. 묻지 않으시면 추천을 보내지 않아요."},
    "digest_was_off": {"en": "You had no digest on.", "ko": "켜진 추천 알림이 없었어요."},
    "digest_server_off": {"en": "This server's admins turned digests off here. `/digest on daily dm` still works.",
                          "ko": "이 서버 관리자가 추천 알림을 꺼 두었어요. `/digest on daily dm`은 쓸 수 있어요."},
    "digest_note_dm_closed": {"en": "📭 I turned your digest off: your DMs were closed to me. "
                                    "`/digest on` to start it again.",
                              "ko": "📭 DM을 받을 수 없어서 추천 알림을 껐어요. 다시 받으시려면 `/digest on`."},
    "digest_note_channel_lost": {"en": "📭 I turned your digest off: I can no longer post in its channel. "
                                       "`/digest on` to start it again.",
                                 "ko": "📭 그 채널에 더는 글을 올릴 수 없어서 추천 알림을 껐어요. "
                                       "다시 받으시려면 `/digest on`."},
    # ---- movie questions (core/answer.py), greetings and thanks, notes on what the catalog cannot have
    "q_director": {"en": "{title} was directed by {names}.", "ko": "{title}의 감독은 {names}(이)에요."},
    "q_cast": {"en": "{title}: the cast includes {names}.", "ko": "{title}에는 {names} 등이 출연해요."},
    "q_year": {"en": "{title} came out in {year}.", "ko": "{title}은(는) {year}년에 나왔어요."},
    "q_runtime": {"en": "{title} runs {minutes} minutes ({hours}).", "ko": "{title}의 상영 시간은 {minutes}분({hours})(이)에요."},
    "q_other": {"en": "{title}: {facts}.", "ko": "{title}: {facts}."},
    "q_unknown_field": {"en": "The catalog has no {what} for {title}.",
                        "ko": "카탈로그에 {title}의 {what} 정보가 없어요."},
    "q_also": {"en": "(Other films with that title: {others}.)", "ko": "(같은 제목의 다른 영화: {others})"},
    "q_not_found": {"en": "I couldn't find “{title}” in the catalog (it ends in {end}), so I can't answer that.",
                    "ko": "“{title}”을(를) 카탈로그에서 찾지 못했어요(카탈로그는 {end}년까지예요)."},
    "q_newer": {"en": "{title} isn't in this catalog, which ends in {end}, so I can't answer from it.",
                "ko": "{title}은(는) {end}년까지인 이 카탈로그에 없어서 답할 수 없어요."},
    "q_older_here": {"en": "The only film of that title here is {title}.",
                     "ko": "여기 있는 같은 제목의 영화는 {title}뿐이에요."},
    "q_directed_by": {"en": "directed by {names}", "ko": "감독 {names}"},
    "q_with": {"en": "with {names}", "ko": "출연 {names}"},
    "greeting": {"en": "Hi! 👋 Tell me what you feel like watching: a genre, a mood, a person or a film you loved.",
                 "ko": "안녕하세요! 👋 보고 싶은 장르, 분위기, 배우나 좋아했던 영화를 말해 주세요."},
    "thanks": {"en": "You're welcome! 🍿 Enjoy the movie, and ask again any time.",
               "ko": "천만에요! 🍿 즐겁게 보시고, 언제든 또 물어봐 주세요."},
    "how_are_you": {"en": "Doing great, thanks for asking! 🎬 Want something to watch? Tell me a genre, a mood, a "
                           "person or a film you loved.",
                     "ko": "잘 지내요, 물어봐 줘서 고마워요! 🎬 볼 영화가 필요하면 장르, 분위기, 배우나 좋아했던 영화를 "
                           "말해 주세요."},
    "goodbye": {"en": "Bye! 👋 Come back when you want something to watch.",
                "ko": "안녕히 가세요! 👋 볼 영화가 필요하면 또 불러 주세요."},
    "goodnight": {"en": "Good night! 🌙 Come back when you want something to watch.",
                  "ko": "잘 자요! 🌙 볼 영화가 필요하면 또 불러 주세요."},
    "other_media": {"en": "I only know movies 🎬 — no books, series, podcasts or games. Ask me for a film instead, "
                          "like “movies like Dune” or “a feel-good comedy”.",
                    "ko": "저는 영화만 알아요 🎬 책, 드라마 시리즈, 팟캐스트, 게임은 추천하지 못해요. "
                          "“듄 같은 영화”, “기분 좋아지는 코미디”처럼 영화로 물어봐 주세요."},
    "after_catalog": {"en": "The catalog ends in {end}, so it has no films from {years}; "
                            "`moviebot catalog build --source imdb` brings it up to date.",
                      "ko": "카탈로그는 {end}년까지라 {years} 영화는 없어요. "
                            "`moviebot catalog build --source imdb`로 최신 카탈로그를 만들 수 있어요."},
    "before_catalog": {"en": "The catalog's films start in {start}, so it has none from {years}; these are its "
                             "earliest.",
                       "ko": "카탈로그는 {start}년 영화부터라 {years}년 영화는 없어요. 가장 오래된 영화로 골랐어요."},
    "newest_in_catalog": {"en": "The catalog ends in {end}, so “newest” means the latest films it has; "
                                "`moviebot catalog build --source imdb` brings it up to date.",
                          "ko": "카탈로그는 {end}년까지라 그중 가장 최근 영화로 골랐어요. "
                                "`moviebot catalog build --source imdb`로 최신 카탈로그를 만들 수 있어요."},
    "title_newer": {"en": "{typed} isn't in this catalog, which ends in {end}; the only “{title}” here is the "
                          "{year} film, so I'm not recommending from it.",
                    "ko": "{typed}은(는) {end}년까지인 이 카탈로그에 없어요. 여기 있는 《{title}》은(는) {year}년 "
                          "영화라서 그 영화로 추천하지 않았어요."},
    "title_missing": {"en": "I couldn't find “{typed}” in the catalog (it ends in {end}), so I can't use it as a "
                            "like-this seed.",
                      "ko": "“{typed}”을(를) 카탈로그에서 찾지 못했어요(카탈로그는 {end}년까지예요)."},
    "plot_search": {"en": "I can't search by plot, so I can't find a film from what happens in it; a title word, an "
                          "actor or roughly when it came out would let me look it up. Meanwhile, some picks:",
                    "ko": "줄거리로는 영화를 찾을 수 없어요. 제목의 한 단어, 배우, 대략의 개봉 시기를 알려 주시면 "
                          "찾아볼게요. 대신 몇 편 골라 봤어요."},
    "title_absent": {"en": "I couldn't find “{typed}” in the catalog, so I can't use it as a like-this seed; tell me "
                           "what you liked about it (a genre, a mood) and I'll pick from that.",
                     "ko": "{typed}을(를) 카탈로그에서 찾지 못했어요. 어떤 점이 좋았는지(장르, 분위기) 알려 주시면 "
                           "그걸로 골라 볼게요."},
    "title_absent_other": {"en": "I couldn't find “{typed}” in the catalog; the only “{title}” here is the {year} "
                                 "film, so I'm not recommending from it.",
                           "ko": "{typed}을(를) 카탈로그에서 찾지 못했어요. 여기 있는 《{title}》은(는) {year}년 "
                                 "영화라서 그 영화로 추천하지 않았어요."},
    "person_no_genre": {"en": "{name} has no {genre} film in the catalog; here are {name}'s films instead.",
                        "ko": "카탈로그에 {name}의 {genre} 영화는 없어요. 대신 {name}의 다른 영화를 골랐어요."},
    "person_few": {"en": "The catalog has only {n} films with {names} (it ends in {end}, so newer ones are missing; "
                         "`moviebot catalog build --source imdb` brings it up to date).",
                   "en_one": "The catalog has only 1 film with {names} (it ends in {end}, so newer ones are missing; "
                             "`moviebot catalog build --source imdb` brings it up to date).",
                   "ko": "카탈로그에 {names}의 영화는 {n}편뿐이에요({end}년까지라 이후 영화는 없어요. "
                         "`moviebot catalog build --source imdb`로 최신 카탈로그를 만들 수 있어요)."},
    "person_few_match": {"en": "Only {n} of the {total} films with {names} in the catalog match everything you asked.",
                         "en_one": "Only 1 of the {total} films with {names} in the catalog matches everything you "
                                   "asked.",
                         "ko": "카탈로그에 있는 {names}의 영화 {total}편 중 조건에 모두 맞는 건 {n}편뿐이에요."},
    "genre_either": {"en": "Only {n} of {name}'s films here are {both}; the others are {either}.",
                     "en_one": "Only 1 of {name}'s films here is {both}; the others are {either}.",
                     "ko": "{name}의 영화 중 {both} 영화는 {n}편뿐이라, 나머지는 {either} 영화로 골랐어요."},
    "no_streaming": {"en": "I can't see what is on {service} right now; these are picks from the catalog for the rest "
                           "of your request.",
                     "ko": "{service}에 지금 뭐가 있는지는 알 수 없어요. 카탈로그에서 나머지 조건으로 골랐어요."},
    "streaming_question": {"en": "I can't see what is on {service} right now, so I can't tell. Ask me for films like it "
                                 "instead.",
                           "ko": "{service}에 지금 뭐가 있는지는 알 수 없어요. 비슷한 영화를 추천받아 보세요."},
    "studio_proxy": {"en": "The catalog has no studio information, so for {studio} these are {proxy}.",
                     "ko": "카탈로그에 제작사 정보가 없어서 {studio} 대신 {proxy}(으)로 골랐어요."},
    "no_studio": {"en": "The catalog has no studio information, so I can't pick films by {studio}; these follow the "
                        "rest of your request.",
                  "ko": "카탈로그에 제작사 정보가 없어서 {studio} 영화만 고를 수는 없어요. 나머지 조건으로 골랐어요."},
    "person_missing": {"en": "I couldn't find anyone named “{name}” in the catalog (it ends in {end}).",
                       "ko": "“{name}”을(를) 카탈로그에서 찾지 못했어요(카탈로그는 {end}년까지예요)."},
    "digests_set": {"en": "Digests are now **{state}** in this server.",
                    "ko": "이 서버의 추천 알림이 **{state}** 상태예요."},
}

# words inside other messages (relax notes, the ignored-number note)
WORDS: dict[str, dict[str, str]] = {
    "min_critic_score": {"en": "the critic-score minimum", "ko": "평점 조건"},
    "oscar": {"en": "the Oscar condition", "ko": "오스카 조건"},
    "max_runtime": {"en": "the runtime limit", "ko": "상영 시간 조건"},
    "min_runtime": {"en": "the minimum runtime", "ko": "최소 상영 시간 조건"},
    "languages": {"en": "the language", "ko": "언어 조건"},
    "genre_mode": {"en": "requiring every genre at once", "ko": "모든 장르 동시 충족 조건"},
    "years": {"en": "the years", "ko": "연도 조건"},
    "countries": {"en": "the country", "ko": "국가 조건"},
    "exclude_genres": {"en": "the excluded genres", "ko": "제외 장르 조건"},
    "genres": {"en": "the genre", "ko": "장르 조건"},
    "actors": {"en": "the actor", "ko": "배우 조건"},
    "directors": {"en": "the director", "ko": "감독 조건"},
    "year": {"en": "year", "ko": "연도"},
    "runtime": {"en": "runtime", "ko": "상영시간"},
    "critic score": {"en": "critic score", "ko": "평점"},
    "liked": {"en": "liked", "ko": "좋아요"},
    "watched": {"en": "watched", "ko": "봤어요"},
    "not_interested": {"en": "not interested", "ko": "관심 없음"},
    "not in catalog": {"en": "not in catalog", "ko": "카탈로그에 없음"},
    "no match found": {"en": "no match found", "ko": "일치하는 영화를 찾지 못함"},
    "ambiguous": {"en": "ambiguous: several films fit equally", "ko": "같은 정도로 맞는 영화가 여럿"},
    "not a film": {"en": "not a film", "ko": "영화가 아님"},
}


class _Keep(dict):
    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def text(key: str, language: str = "en", **fields: object) -> str:
    """The message `key` in `language` (English if that language has none), with `fields` filled in."""
    entry = MESSAGES[key]
    template = entry.get(language) or entry["en"]
    if fields.get("n") == 1 and template is entry.get("en") and "en_one" in entry:  # "1 row", not "1 rows"
        template = entry["en_one"]
    return resolve(string.Formatter().vformat(template, (), _Keep(fields)))


def word(key: str, language: str = "en") -> str:
    entry = WORDS.get(key)
    return (entry.get(language) or entry["en"]) if entry else key
