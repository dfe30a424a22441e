"""The bilingual message table: every message in both languages, Korean using no field English lacks."""
import string

from core.messages import MESSAGES, WORDS, text, word


def fields(template: str) -> set[str]:
    return {f for _, f, _, _ in string.Formatter().parse(template) if f}


def test_every_message_has_english_and_korean():
    for key, entry in {**MESSAGES, **WORDS}.items():
        assert set(entry) - {"en_one"} == {"en", "ko"}, key  # en_one: the English singular (n == 1)
        assert entry["en"].strip() and entry["ko"].strip(), key
        if key in MESSAGES:  # Korean may need fewer fields (no plural, no role word), never one English lacks
            assert fields(entry["ko"]) <= fields(entry["en"]), key
            assert fields(entry.get("en_one", "")) <= fields(entry["en"]) | {"n"}, key


def test_text_fills_fields_falls_back_to_english_and_never_raises():
    assert text("no_pick", "ko", n=7) == "보여드린 추천에 7번은 없어요."
    assert text("no_pick", "fr", n=7) == "There is no #7 among the picks I showed you."
    assert text("no_pick", "en") == "There is no #{n} among the picks I showed you."
    assert word("years", "ko") == "연도 조건" and word("unknown-word", "ko") == "unknown-word"


def test_counts_agree_with_their_noun_in_both_languages():
    from core.importer import ImportReport

    one = ImportReport(source="letterboxd", films=1, imported=1, already_had=1, malformed=1)
    assert one.summary() == "Imported 1 of 1 film. 1 was already in your history. 1 malformed row skipped."
    assert one.summary("ko") == ("1편 중 1편을 기록에 가져왔어요. 1편은 이미 기록에 있었어요. "
                                 "읽을 수 없는 행 1개는 건너뛰었어요.")
    many = ImportReport(source="letterboxd", films=3, imported=2, already_had=2, malformed=2)
    assert many.summary() == "Imported 2 of 3 films. 2 were already in your history. 2 malformed rows skipped."
    assert "행 2개는" in many.summary("ko") and "3편 중 2편" in many.summary("ko")
    assert text("import_malformed", "fr", n=1) == "1 malformed row skipped."  # the English fallback agrees too
