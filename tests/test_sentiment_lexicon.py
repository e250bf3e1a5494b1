"""The Russian domain lexicon and the features it adds to the mention model."""

from monitor.sentiment.ru_features import _mark_negation, features
from monitor.sentiment.ru_lexicon import head_features, lexicon_features, polarity
from monitor.sentiment.text import ENT, tokenize


def test_word_beginnings_match_every_form():
    assert polarity("взяток") == polarity("взятки") == -1.0
    assert polarity("аплодируют") == polarity("поблагодарил") == 1.0
    assert polarity("совещание") == 0.0


def test_scopes_and_negation():
    tokens = _mark_negation(tokenize(f"Жители не одобрили решение {ENT} , а суд вынес приговор"))
    feats = lexicon_features(tokens, [tokens.index(ENT)])
    assert feats.keys() == {"lex:s_neg", "lex:c_neg", "lex:w_neg"}  # «не одобрили» is negative
    assert "lex:s_pos" not in feats


def test_governing_word_by_relation():
    sentence = "Президент похвалил Досаева."
    start = sentence.index("Досаева")
    assert "lex:h1_obj_pos" in head_features(sentence, start, start + 7)


def test_lexicon_features_only_toward_a_target():
    sentence = "Досаев задержан по подозрению во взятке."
    assert not any("lex:" in name for name in features(sentence, None, None))
    targeted = features(sentence, 0, 6, "PERSON")
    assert targeted["lex:s_neg"] == targeted["PERSON|lex:s_neg"] == 1.0
