"""The bilingual message table: every message in both languages, Korean using no field English lacks."""
import string

from core.messages import MESSAGES, WORDS, text, word


def fields(template: str) -> set[str]:
    return {f for _, f, _, _ in string.Formatter().parse(template) if f}


def test_every_message_has_english_and_korean():
    for key, entry in {**MESSAGES, **WORDS}.items():
        assert set(entry) == {"en", "ko"}, key
        assert entry["en"].strip() and entry["ko"].strip(), key
        if key in MESSAGES:  # Korean may need fewer fields (no plural, no role word), never one English lacks
            assert fields(entry["ko"]) <= fields(entry["en"]), key


def test_text_fills_fields_falls_back_to_english_and_never_raises():
    assert text("no_pick", "ko", n=7) == "보여드린 추천에 7번은 없어요."
    assert text("no_pick", "fr", n=7) == "There is no #7 among the picks I showed you."
    assert text("no_pick", "en") == "There is no #{n} among the picks I showed you."
    assert word("years", "ko") == "연도 조건" and word("unknown-word", "ko") == "unknown-word"
