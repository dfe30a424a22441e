"""Folding and Korean romanization: the forgiveness behind name matching."""
from core.text import fold, loose_key, romanize_name, squash, title_key


def test_folding_and_romanization():
    assert fold("Bong Joon-ho") == "bong joon ho" == fold("BONG  JOON HO")
    assert squash("Joon-ho") == squash("joonho") == squash("Joon ho")
    assert fold("Amélie") == "amelie"
    assert title_key("Host, The") == "the host"
    assert romanize_name("봉준호") == "bong junho"
    assert loose_key(romanize_name("봉준호")) == loose_key("Bong Joon-ho")
    assert loose_key(romanize_name("박찬욱")) == loose_key("Park Chan-wook")
    assert loose_key(romanize_name("이창동")) == loose_key("Lee Chang-dong")
