"""The advertising-compliance check: the rules (the default set is installed by migration
0017), their time limits, and every field they cover. The admin is tested in
tests/admin/test_compliance.py."""

import pytest

from blog.governance.compliance import Text, check_page, check_texts
from blog.models import ComplianceRule
from tests.factories import ArticlePageFactory, ImageFactory, body, paragraph

BOTOX = "Prescription-only medicine named (botulinum toxin)"


def rule(**fields) -> ComplianceRule:
    defaults = {"name": "Test rule", "severity": "warn", "explanation": "Because."}
    return ComplianceRule.objects.create(**{**defaults, **fields})


def only(*rules: ComplianceRule) -> list[ComplianceRule]:
    return list(rules)


# Rules --------------------------------------------------------------------------------------


def test_the_default_rules_are_labelled_starting_points(db):
    defaults = ComplianceRule.objects.filter(active=True)
    assert defaults.filter(language="en").count() >= 5
    # The French set comes with French configured (the default: en-gb and fr).
    assert defaults.filter(language="fr").count() >= 5
    disclaimers = {"en": "not legal advice", "fr": "pas un avis juridique"}
    for default in defaults:
        assert disclaimers[default.language] in default.explanation
        assert default.reference
    assert ComplianceRule.objects.get(name=BOTOX).severity == "block"
    assert ComplianceRule.objects.get(name="Painless").severity == "warn"


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("Our Botox clinic", ["Botox"]),
        ("botulinum toxin type A", ["botulinum toxin"]),
        ("Results are GUARANTEED.", ["GUARANTEED"]),
        ("A risk-free, pain-free session", ["risk-free", "pain-free"]),
        ("It has no side effects", ["no side effects"]),
        ("permanently smooth", ["permanently"]),
        ("A consultation for lines and wrinkles", []),
        ("Botoxic is not a word; unguaranteed neither", []),
    ],
)
def test_the_default_rules_find_risky_claims(db, text, found):
    findings = check_texts([Text("Intro", text)])
    assert [finding.match for finding in findings] == found


def test_a_phrase_matches_whole_words_whatever_the_case_and_spacing(db):
    phrase = rule(pattern="miracle cure")
    texts = [
        Text("Intro", "A MIRACLE\n cure for acne."),
        Text("Title", "Miracle cures"),
        Text("SEO title", "The miracle-cure myth"),
    ]
    findings = check_texts(texts, only(phrase))
    assert [(f.field, f.match) for f in findings] == [("Intro", "MIRACLE\n cure")]


def test_a_phrase_is_not_a_regular_expression(db):
    literal = rule(pattern="100% (safe)")
    findings = check_texts([Text("Intro", "It is 100% (safe) and 100% safe")], only(literal))
    assert [f.match for f in findings] == ["100% (safe)"]


def test_findings_quote_the_text_with_context_and_blocking_ones_come_first(db):
    warn = rule(name="Warn", pattern="glow")
    block = rule(name="Block", pattern="cure", severity="block")
    text = "Before the treatment. " * 5 + "Your skin will glow and we cure acne. " + "After. " * 9
    findings = check_texts([Text("Intro", text)], only(warn, block))
    assert [(f.rule, f.severity) for f in findings] == [("Block", "block"), ("Warn", "warn")]
    cure = findings[0]
    assert cure.before.startswith("…") and cure.before.endswith("glow and we ")
    assert cure.after.startswith(" acne. After.") and cure.after.endswith("…")
    assert cure.quote == f"{cure.before}cure{cure.after}"


def test_inactive_rules_are_not_run_and_a_check_is_one_query(db, django_assert_num_queries):
    ComplianceRule.objects.filter(name="Painless").update(active=False)
    rule(name="Glow", pattern="glow")
    with django_assert_num_queries(1):
        findings = check_texts([Text("Intro", "A painless glow")])
    assert [f.rule for f in findings] == ["Glow"]


def test_a_rule_that_takes_too_long_is_a_warning_not_a_crash(db, index):
    # Saved around the form's validation (as an old row or a direct import might be).
    slow = rule(name="Slow", pattern=r"(a+)+$", is_regex=True, severity="block")
    article = ArticlePageFactory(parent=index, body=body(paragraph(f"<p>{'a' * 5000}!</p>")))
    findings = [f for f in check_page(article) if f.rule == "Slow"]
    assert len(findings) == 1
    assert findings[0].severity == "warn" and "took too long" in findings[0].explanation
    assert slow.pk == findings[0].rule_id


def test_a_malformed_rule_saved_around_the_form_is_a_warning(db):
    broken = rule(name="Broken", pattern="(unclosed", is_regex=True, severity="block")
    findings = check_texts([Text("Intro", "anything")], only(broken))
    assert [(f.rule, f.severity) for f in findings] == [("Broken", "warn")]
    assert "not valid" in findings[0].explanation


# Where the rules look -----------------------------------------------------------------------


def image_block(alt: str, caption: str = "", image=None) -> tuple[str, dict]:
    return ("image", {"image": image.pk, "alt_text": alt, "caption": caption})


@pytest.mark.parametrize(
    ("fields", "label"),
    [
        ({"title": "Why we flag miraculous claims"}, "Title"),
        ({"intro": "A miraculous cream."}, "Intro"),
        ({"seo_title": "Miraculous peels"}, "SEO title"),
        ({"search_description": "Miraculous results"}, "Search description"),
        ({"body": body(paragraph("<p>Truly <b>miraculous</b>.</p>"))}, "Body, block 1 (Paragraph)"),
        (
            {"body": body(("heading", {"text": "Miraculous", "level": "h2"}))},
            "Body, block 1 (Heading), text",
        ),
        (
            {"body": body(("quote", {"text": "Miraculous!", "attribution": ""}))},
            "Body, block 1 (Quote), text",
        ),
        (
            {"body": body(("quote", {"text": "Fine.", "attribution": "A miraculous patient"}))},
            "Body, block 1 (Quote), attribution",
        ),
        (
            {"body": body(("callout", {"kind": "tip", "title": "", "text": "<p>Miraculous</p>"}))},
            "Body, block 1 (Callout), text",
        ),
        (
            {
                "body": body(
                    (
                        "faq",
                        {
                            "title": "Questions",
                            "items": [
                                {"question": "Does it hurt?", "answer": "<p>No.</p>"},
                                {"question": "Is it miraculous?", "answer": "<p>No.</p>"},
                            ],
                        },
                    )
                )
            },
            "Body, block 1 (FAQ), items 2, question",
        ),
        (
            {
                "body": body(
                    (
                        "embed",
                        {
                            "url": "https://www.youtube.com/watch?v=aqz-KE-bpKQ",
                            "title": "A miraculous film",
                            "caption": "",
                        },
                    )
                )
            },
            "Body, block 1 (Video), title",
        ),
    ],
)
def test_every_covered_field_is_checked(index, fields, label):
    rule(name="Miracles", pattern="miraculous")
    article = ArticlePageFactory(parent=index, **fields)
    findings = [f for f in check_page(article) if f.rule == "Miracles"]
    assert [(f.field, f.match.lower()) for f in findings] == [(label, "miraculous")]


def test_image_alt_texts_captions_and_the_hero_image_are_checked(index, image):
    rule(name="Miracles", pattern="miraculous")
    hero = ImageFactory(description="A miraculous glow")
    article = ArticlePageFactory(
        parent=index,
        hero_image=hero,
        body=body(
            image_block("Miraculous skin", image=image),
            image_block("Skin", "A miraculous caption", image=image),
        ),
    )
    found = [f.field for f in check_page(article) if f.rule == "Miracles"]
    assert found == [
        "Body, block 1 (Image), alt text",
        "Body, block 2 (Image), caption",
        "Hero image, alt text",
    ]


def test_words_in_adjacent_paragraphs_do_not_run_together(db):
    painless = ComplianceRule.objects.get(name="Painless")
    from blog.governance.compliance import plain_text

    text = plain_text("<p>No pain</p><p>less is more &amp; more</p>")
    assert text.split("\n")[0] == "No pain" and text.endswith("less is more & more")
    assert check_texts([Text("Body", text)], only(painless)) == []
