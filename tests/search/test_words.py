"""Words are compared folded, split, joined and stemmed alike in articles and queries."""

from blog.search.words import fold, phrase_words, query_words, stem, words


def test_case_accents_and_possessives_are_folded():
    assert fold("Réthinol AT Dr Okafor\u2019s") == "rethinol at dr okafor"  # a curly apostrophe
    assert words("Dr Okafor's clinic") == ["dr", "okafor", "clinic"]


def test_a_hyphenated_word_is_its_parts_and_itself_joined():
    assert words("anti-wrinkle injections") == ["anti", "wrinkle", "antiwrinkle", "injections"]
    assert phrase_words("anti-wrinkle injections") == ["anti", "wrinkle", "injections"]


def test_a_reader_hyphenated_word_stays_one_word_and_repeats_are_dropped():
    assert query_words("Anti-wrinkle after care, after CARE") == ["antiwrinkle", "after", "care"]


def test_plural_and_singular_share_a_stem():
    assert stem("peels") == stem("peel")
    assert stem("injections") == stem("injection")
    assert stem("therapies") == stem("therapy")
    assert stem("sunscreens") == stem("sunscreen")


def test_short_words_and_numbers_are_their_own_stem():
    assert stem("as") == "as"
    assert stem("2024") == "2024"


def test_punctuation_urls_and_junk_do_not_make_words():
    assert words("!!! ??? <script>") == ["script"]
    assert words("x" * 41) == []
