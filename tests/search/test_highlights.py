"""Results mark the words they matched: clean HTML with <mark> only, never a blocked word."""

from blog.search.highlights import excerpt, highlight, mark
from blog.search.words import stem

STEMS = {stem("sunscreen"), stem("peel")}


def test_matched_words_are_marked_whatever_their_form():
    assert mark("Peels and SUNSCREENS", STEMS) == "<mark>Peels</mark> and <mark>SUNSCREENS</mark>"


def test_everything_else_is_escaped():
    html = mark('<script>alert("x")</script> peel & more', STEMS)
    assert html == (
        "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; <mark>peel</mark> &amp; more"
    )


def test_the_excerpt_is_the_window_with_the_most_matched_words():
    filler = " ".join(f"word{n}" for n in range(60))
    text = f"{filler}. After a peel, wear sunscreen daily. {filler}."
    quoted = excerpt(text, STEMS, size=12)
    assert quoted.startswith("… ") and quoted.endswith(" …")
    assert "<mark>peel</mark>" in quoted and "<mark>sunscreen</mark>" in quoted
    assert len(quoted.split()) <= 12 + 4


def test_a_text_without_a_match_quotes_its_beginning():
    assert excerpt("Rest for a day. Then walk.", STEMS, size=4) == "Rest for a day …"


def test_a_blocked_word_is_never_marked():
    def blocked(word: str) -> bool:
        return word.casefold() == "sunscreen"

    result = highlight("Sunscreen after a peel", "Sunscreen.", STEMS, blocked=blocked)
    assert result.title == "Sunscreen after a <mark>peel</mark>"
    assert "<mark>" not in result.excerpt
