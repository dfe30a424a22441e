"""Words the offline reasoner understands: genres, countries and languages in English and Korean."""
from __future__ import annotations

# phrase (folded) -> catalog genres. Longer phrases are matched first.
GENRE_WORDS: dict[str, list[str]] = {
    "action": ["Action"], "adventure": ["Adventure"], "animated": ["Animation"], "animation": ["Animation"],
    "anime": ["Animation"], "cartoon": ["Animation"], "biopic": ["Biography"], "biography": ["Biography"],
    "comedy": ["Comedy"], "comedies": ["Comedy"], "funny": ["Comedy"], "rom com": ["Romance", "Comedy"],
    "romcom": ["Romance", "Comedy"], "crime": ["Crime"], "gangster": ["Crime"], "heist": ["Crime"],
    "documentary": ["Documentary"], "documentaries": ["Documentary"], "drama": ["Drama"], "dramas": ["Drama"],
    "family": ["Family"], "kids": ["Family"], "fantasy": ["Fantasy"], "history": ["History"],
    "historical": ["History"], "period": ["History"], "horror": ["Horror"], "scary": ["Horror"],
    "music": ["Music"], "musical": ["Musical"], "musicals": ["Musical"], "mystery": ["Mystery"],
    "mysteries": ["Mystery"], "whodunit": ["Mystery"], "romance": ["Romance"], "romantic": ["Romance"],
    "love story": ["Romance"], "sci fi": ["Sci-Fi"], "scifi": ["Sci-Fi"], "science fiction": ["Sci-Fi"],
    "sf": ["Sci-Fi"], "sport": ["Sport"], "sports": ["Sport"], "thriller": ["Thriller"],
    "thrillers": ["Thriller"], "suspense": ["Thriller"], "war": ["War"], "western": ["Western"],
    "westerns": ["Western"],
    # Korean
    "액션": ["Action"], "모험": ["Adventure"], "어드벤처": ["Adventure"], "애니메이션": ["Animation"],
    "애니": ["Animation"], "만화": ["Animation"], "전기": ["Biography"], "코미디": ["Comedy"],
    "코메디": ["Comedy"], "웃긴": ["Comedy"], "로코": ["Romance", "Comedy"], "로맨틱 코미디": ["Romance", "Comedy"],
    "범죄": ["Crime"], "누아르": ["Crime"], "느와르": ["Crime"], "다큐멘터리": ["Documentary"],
    "다큐": ["Documentary"], "드라마": ["Drama"], "가족": ["Family"], "판타지": ["Fantasy"],
    "역사": ["History"], "사극": ["History"], "공포": ["Horror"], "호러": ["Horror"], "무서운": ["Horror"],
    "음악": ["Music"], "뮤지컬": ["Musical"], "미스터리": ["Mystery"], "미스테리": ["Mystery"],
    "추리": ["Mystery"], "로맨스": ["Romance"], "멜로": ["Romance"], "사랑": ["Romance"],
    "공상과학": ["Sci-Fi"], "과학": ["Sci-Fi"], "스포츠": ["Sport"], "스릴러": ["Thriller"],
    "서스펜스": ["Thriller"], "전쟁": ["War"], "서부": ["Western"], "서부극": ["Western"],
}

# nationality words -> catalog country
COUNTRY_WORDS: dict[str, str] = {
    "korean": "South Korea", "south korean": "South Korea", "korea": "South Korea", "한국": "South Korea",
    "국내": "South Korea", "한국영화": "South Korea",
    "japanese": "Japan", "japan": "Japan", "일본": "Japan", "chinese": "People's Republic of China",
    "china": "People's Republic of China", "중국": "People's Republic of China", "hong kong": "Hong Kong",
    "홍콩": "Hong Kong", "taiwanese": "Taiwan", "대만": "Taiwan", "french": "France", "france": "France",
    "프랑스": "France", "italian": "Italy", "italy": "Italy", "이탈리아": "Italy", "german": "Germany",
    "germany": "Germany", "독일": "Germany", "spanish": "Spain", "spain": "Spain", "스페인": "Spain",
    "british": "United Kingdom", "uk": "United Kingdom", "english": "United Kingdom", "영국": "United Kingdom",
    "american": "United States", "hollywood": "United States", "us": "United States", "미국": "United States",
    "할리우드": "United States", "헐리우드": "United States", "indian": "India", "india": "India",
    "인도": "India", "bollywood": "India", "mexican": "Mexico", "멕시코": "Mexico", "swedish": "Sweden",
    "스웨덴": "Sweden", "danish": "Denmark", "덴마크": "Denmark", "russian": "Russia", "러시아": "Russia",
    "iranian": "Iran", "이란": "Iran", "canadian": "Canada", "캐나다": "Canada", "australian": "Australia",
    "호주": "Australia", "brazilian": "Brazil", "브라질": "Brazil",
}

# "in French", "French-language", "프랑스어" -> catalog language
LANGUAGE_WORDS: dict[str, str] = {
    "korean": "Korean", "한국어": "Korean", "japanese": "Japanese", "일본어": "Japanese",
    "french": "French", "프랑스어": "French", "english": "English", "영어": "English", "spanish": "Spanish",
    "스페인어": "Spanish", "german": "German", "독일어": "German", "italian": "Italian",
    "이탈리아어": "Italian", "mandarin": "Standard Chinese", "chinese": "Standard Chinese",
    "중국어": "Standard Chinese", "cantonese": "Cantonese", "광동어": "Cantonese", "hindi": "Hindi",
    "힌디어": "Hindi", "russian": "Russian", "러시아어": "Russian",
}

# Foreign names are written phonetically in Hangul; a handful of well-known ones can't be derived.
KOREAN_NAME_ALIASES: dict[str, str] = {
    "톰행크스": "Tom Hanks", "스티븐스필버그": "Steven Spielberg", "스필버그": "Steven Spielberg",
    "크리스토퍼놀란": "Christopher Nolan", "놀란": "Christopher Nolan", "쿠엔틴타란티노": "Quentin Tarantino",
    "타란티노": "Quentin Tarantino", "마틴스콜세지": "Martin Scorsese", "스콜세지": "Martin Scorsese",
    "제임스카메론": "James Cameron", "리들리스콧": "Ridley Scott", "데이비드핀처": "David Fincher",
    "핀처": "David Fincher", "웨스앤더슨": "Wes Anderson", "미야자키하야오": "Hayao Miyazaki",
    "미야자키": "Hayao Miyazaki", "레오나르도디카프리오": "Leonardo DiCaprio", "디카프리오": "Leonardo DiCaprio",
    "브래드피트": "Brad Pitt", "톰크루즈": "Tom Cruise", "짐캐리": "Jim Carrey", "로빈윌리엄스": "Robin Williams",
    "메릴스트립": "Meryl Streep", "모건프리먼": "Morgan Freeman", "키아누리브스": "Keanu Reeves",
    "스탠리큐브릭": "Stanley Kubrick", "큐브릭": "Stanley Kubrick", "알프레드히치콕": "Alfred Hitchcock",
    "히치콕": "Alfred Hitchcock", "드니빌뇌브": "Denis Villeneuve", "조던필": "Jordan Peele",
    "기타노다케시": "Takeshi Kitano", "왕가위": "Wong Kar-wai", "성룡": "Jackie Chan", "주성치": "Stephen Chow",
    "이안": "Ang Lee", "고레에다히로카즈": "Hirokazu Kore-eda", "샤말란": "M. Night Shyamalan",
}

# Korean particles and words that follow a name: "봉준호의", "송강호가 나오는", "봉준호 감독".
KOREAN_PARTICLES = ("이랑", "처럼", "같은", "감독님", "감독", "배우", "주연", "의", "이", "가", "은", "는",
                    "을", "를", "과", "와", "랑", "도", "님")
DIRECTOR_CUES = ("director", "directed", "감독", "연출", "filmmaker", "by")
ACTOR_CUES = ("with", "starring", "stars", "actor", "actress", "featuring", "출연", "나오는", "주연", "배우",
              "나온")
NEGATIONS = ("no", "not", "without", "except", "but not", "avoid", "nothing", "non", "minus", "skip", "빼고", "말고",
             "제외", "싫어", "없는", "아닌", "싫은")

GENRE_KO = {"Action": "액션", "Adventure": "모험", "Animation": "애니메이션", "Biography": "전기", "Comedy": "코미디",
            "Crime": "범죄", "Documentary": "다큐멘터리", "Drama": "드라마", "Family": "가족", "Fantasy": "판타지",
            "History": "역사", "Horror": "공포", "Music": "음악", "Musical": "뮤지컬", "Mystery": "미스터리",
            "Romance": "로맨스", "Sci-Fi": "SF", "Sport": "스포츠", "Thriller": "스릴러", "War": "전쟁",
            "Western": "서부극"}

# "early 2000s", "80년대 후반": offsets within the decade.
DECADE_PARTS = {"early": (0, 3), "초반": (0, 3), "초": (0, 3), "mid": (4, 6), "중반": (4, 6),
                "late": (7, 9), "후반": (7, 9), "말": (7, 9)}
DECADE_WORDS = {"twenties": 1920, "thirties": 1930, "forties": 1940, "fifties": 1950, "sixties": 1960,
                "seventies": 1970, "eighties": 1980, "nineties": 1990}
# "best", "of all time", "명작": favour acclaimed, lasting films (a soft preference, Filters.acclaimed).
ACCLAIM_PATTERN = (r"\b(best|greatest|of all time|all time|classic|classics|masterpiece|masterpieces|acclaimed|"
                   r"must see|must watch|timeless|essential)\b|명작|걸작|고전|역대|인생 영화|인생영화")
# Academy Awards, most specific first.
AWARD_PATTERNS = (
    (r"\b(oscar|academy award)s? ?(nominated|nominee|nominees|nomination|nominations)\b|\bnominated for (an |the )?"
     r"(oscar|academy award)|오스카 후보|아카데미 후보|노미네이트", "nominated"),
    (r"\b(oscar|oscars|academy award|academy awards|best picture)\b|오스카|아카데미", "won"),
)
# "movies like X", "I loved X", "more like X": the text after the cue may name a film.
LIKE_PATTERN = (r"\b(?:like|similar to|such as|in the vein of|reminds? me of|along the lines of|"
                r"(?:really )?(?:loved|liked|enjoyed|adored)|fan of)\s+([^.!?;\"“”\n]+)")
KOREAN_LIKE_CUE = r"같은|처럼|비슷한|재밌게|재미있게|좋았|좋아하|인상 깊|감명 깊|봤는데"
KOREAN_LIKE_PATTERN = r"([^,.!?\n]{1,40}?)\s*(?:" + KOREAN_LIKE_CUE + r")"
# A question with no movie words and nothing movie-specific is off-topic.
QUESTION_PATTERN = (r"^(what|who|where|when|why|how|which|is|are|can|could|do|does|did|will|tell me)\b|"
                    r"\b(capital of|weather|what time|meaning of|how many|how much)\b|뭐야|뭐예요|누구|어디|언제|왜|"
                    r"날씨|수도|몇 시")
SCOPE_ANSWER = {
    "en": "I only know movies 🎬 Ask me for recommendations, like “a 90s comedy with Tom Hanks”, "
          "“something feel-good for date night” or “movies like Oldboy”.",
    "ko": "저는 영화 추천만 할 수 있어요 🎬 “봉준호 감독 범죄 스릴러”, “비 오는 날 볼 따뜻한 영화”, "
          "“올드보이 같은 영화”처럼 물어봐 주세요.",
}
