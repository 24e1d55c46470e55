"""Hostile and broken bodies: scripts, deep nesting, malformed and unfinished HTML, a body that
is not text: each degrades to clean blocks with a note, never an exception."""

from __future__ import annotations

import sys
import time

import pytest

from blog.importing.bodies import BodyError, convert_body
from tests.importing.test_bodies import FakeLinks, assert_valid, convert


def test_scripts_styles_forms_and_plugins_are_removed_and_noted():
    converted = convert(
        "<p>Safe text<script>document.cookie</script></p><style>p{}</style>"
        "<form><input name=a><select><option>x</option></select></form>"
        '<object data="x.swf"></object><svg><text>drawn</text></svg>'
        '<p onmouseover="steal()">Also safe</p>'
    )

    assert converted.blocks == [{"type": "paragraph", "value": "<p>Safe text</p><p>Also safe</p>"}]
    assert converted.notes == [
        "Removed a script",
        "Removed styling (a <style> element)",
        "Removed a form",
        "Removed embedded content (an <object>)",
        "Removed a drawing (<svg>)",
    ]
    assert "cookie" not in converted.text


def test_deeply_nested_html_is_flattened_without_hitting_the_recursion_limit():
    depth = sys.getrecursionlimit() * 3
    for html in (
        "<div>" * depth + "Deep advice" + "</div>" * depth,
        "<p>" + "<b>" * depth + "Deep bold" + "</b>" * depth + "</p>",
        "<ul><li>" * depth + "Deep item",
        "<blockquote>" * depth + "Deep quote",
    ):
        converted = convert(html)

        assert converted.text.startswith("Deep")
        assert "Very deeply nested markup was flattened to plain text" in converted.notes
        assert_valid(converted.blocks)


@pytest.mark.parametrize(
    "html",
    [
        "<p>Unclosed <b>bold <i>and italic",
        "<p x='y>broken attribute</p>",
        "</div></p>Stray closers</li>",
        "<![if !IE]><p>Conditional</p><![endif]>",
        "<!DOCTYPE html><?php echo 1; ?><p>Doc</p>",
        "Control\x00 characters\x0b and \ud800 a lone surrogate &#0; &#xD800;",
        "<p>" + "&nbsp;" * 10 + "</p><p>\u00a0</p>",
        "[" * 5000 + "x" + "]" * 5000,
        "<table><tr><td><table><tr><td>Nested</td></tr></table></td></tr></table>",
        "<img><img src=''><a><a href>",
        "",
    ],
)
def test_malformed_html_degrades_without_raising(html):
    converted = convert(html)

    assert isinstance(converted.text, str)
    assert_valid([block for block in converted.blocks if block["type"] != "image"])


def test_thousands_of_unfinished_tags_are_read_as_text_in_linear_time():
    # html.parser alone takes over a minute on this: it rescans each unfinished tag.
    started = time.perf_counter()
    converted = convert('<a href="' * 20000 + "<p>Still read</p>")

    assert time.perf_counter() - started < 10
    assert converted.text.startswith('<a href="<a href="')
    assert converted.text.endswith("Still read")


def test_a_less_than_sign_in_text_or_in_a_quoted_value_is_not_a_tag():
    converted = convert('<p>Pain 3 < 5 after</p><img alt="Dose <2 ml" src="/any.jpg">')

    assert converted.blocks == [
        {"type": "paragraph", "value": "<p>Pain 3 &lt; 5 after</p>"},
        {"type": "image", "value": {"image": 1, "alt_text": "Dose <2 ml", "caption": ""}},
    ]


def test_a_body_that_is_not_text_is_refused_with_a_clear_error():
    with pytest.raises(BodyError, match="A post body must be text, not bytes"):
        convert_body(b"<p>bytes</p>", links=FakeLinks())
