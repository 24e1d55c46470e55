"""The advertising-compliance check: runs the active rules (Clinic > Compliance rules) over
what a reader or a search engine sees of an article, and quotes each match.

Each text is checked by the rules of its own language and the rules for every language: a
French rule never flags English text, and a translation is checked by its language's rules.

Covered: title, intro, every text in the body (paragraphs, headings, quotes, callouts, FAQs,
video titles, image alt texts and captions), the hero image's alt text (its description), and
the SEO title and search description. Rules come from one query per check; patterns are
compiled once per process (compile_pattern is cached) and run under a timeout, so a rule
that somehow got slow is reported as a finding instead of hanging a save.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import asdict, dataclass
from functools import lru_cache

import regex
from django.conf import settings
from django.utils.html import strip_tags

from blog.models import ArticlePage, ComplianceRule
from blog.models.compliance import CHECK_TIMEOUT, compile_pattern, rule_language

CONTEXT_CHARS = 40
# Raw body keys that hold settings or references, not words (alt_text is checked: it is read
# aloud by screen readers and shown when an image fails to load).
SKIPPED_KEYS = {"type", "id", "level", "kind", "url", "image"}
# Block-level tags become line breaks, so words in adjacent paragraphs never run together
# into a match ("pain</p><p>less").
_BLOCK_TAG = re.compile(r"</?(?:p|li|ul|ol|h[1-6]|br|div|blockquote)\b[^>]*>", re.IGNORECASE)

Severity = ComplianceRule.Severity


@dataclass(frozen=True)
class Finding:
    rule_id: int | None
    rule: str
    severity: str
    explanation: str
    reference: str
    field: str
    match: str
    before: str = ""
    after: str = ""
    place: str = ""

    @property
    def blocks(self) -> bool:
        return self.severity == Severity.BLOCK

    @property
    def quote(self) -> str:
        return f"{self.before}{self.match}{self.after}"

    def as_json(self) -> dict:
        return asdict(self)


@dataclass(frozen=True)
class Text:
    field: str
    text: str
    # Where the text shows on the page (blog.admin.compliance_checks marks it there
    # in previews): "title", "intro", "hero", "seo", or "body-<block index>".
    place: str = ""


def plain_text(value: str) -> str:
    """Rich text (or plain text) as a reader sees it: no tags, entities decoded."""
    return html.unescape(strip_tags(_BLOCK_TAG.sub("\n", value))).strip()


def _labelled(value: object, label: str, place: str = "") -> Iterator[Text]:
    if isinstance(value, str):
        if text := plain_text(value):
            yield Text(label, text, place)
    elif isinstance(value, dict):
        if "type" in value and "value" in value:  # a list item, labelled by its parent
            yield from _labelled(value["value"], label, place)
            return
        for key, child in value.items():
            if key not in SKIPPED_KEYS:
                yield from _labelled(child, f"{label}, {key.replace('_', ' ')}", place)
    elif isinstance(value, list):
        for number, child in enumerate(value, start=1):
            numbered = f"{label} {number}" if len(value) > 1 else label
            yield from _labelled(child, numbered, place)


def body_texts(raw_body: Iterable[Mapping]) -> Iterator[Text]:
    """Every text in the body's stored JSON, labelled like "Body, block 3 (Image), alt text"."""
    child_blocks = ArticlePage._meta.get_field("body").stream_block.child_blocks
    for position, block in enumerate(raw_body, start=1):
        kind = block.get("type", "")
        name = child_blocks[kind].label if kind in child_blocks else kind
        label = f"Body, block {position} ({name})"
        yield from _labelled(block.get("value"), label, f"body-{position - 1}")


def article_texts(
    *,
    title: str = "",
    intro: str = "",
    raw_body: Iterable[Mapping] = (),
    hero_image: object = None,
    seo_title: str = "",
    search_description: str = "",
) -> list[Text]:
    texts = [Text("Title", title or "", "title"), Text("Intro", intro or "", "intro")]
    texts.extend(body_texts(raw_body))
    if hero_image is not None:
        alt = getattr(hero_image, "description", "") or ""
        texts.append(Text("Hero image, alt text", alt, "hero"))
    texts += [
        Text("SEO title", seo_title or "", "seo"),
        Text("Search description", search_description, "seo"),
    ]
    return [text for text in texts if text.text and text.text.strip()]


def texts_of_page(page: ArticlePage) -> list[Text]:
    return article_texts(
        title=page.title,
        intro=page.intro,
        raw_body=list(page.body.raw_data),
        hero_image=page.hero_image,
        seo_title=page.seo_title,
        search_description=page.search_description or "",
    )


def texts_of_form(cleaned_data: Mapping, instance: ArticlePage) -> list[Text]:
    """The submitted content: fields the form did not carry (or failed to clean) keep the
    instance's values."""

    def value(name: str):
        return cleaned_data[name] if name in cleaned_data else getattr(instance, name)

    body = value("body")
    return article_texts(
        title=value("title"),
        intro=value("intro"),
        raw_body=list(body.raw_data) if body is not None else [],
        hero_image=value("hero_image"),
        seo_title=value("seo_title"),
        search_description=value("search_description") or "",
    )


@lru_cache(maxsize=512)
def _compiled(pattern: str, is_regex: bool) -> regex.Pattern | None:
    try:
        return compile_pattern(pattern, is_regex)
    except (regex.error, OverflowError, RecursionError, ValueError):
        return None


def active_rules(*, language_code: str | None = None) -> list[ComplianceRule]:
    """The active rules; with a language, those that check text in it (its own and the
    rules for every language)."""
    rules = ComplianceRule.objects.filter(active=True).order_by("name", "pk")
    if language_code is not None:
        rules = rules.filter(language__in=["", rule_language(language_code)])
    return list(rules)


def language_of(page: ArticlePage) -> str:
    """The language `page` is written in: its locale's (a new page has its parent's)."""
    if page.locale_id is None:
        return settings.LANGUAGE_CODE
    return page.locale.language_code


def _problem(rule: ComplianceRule, field: str, what: str) -> Finding:
    """A rule that cannot run is itself a warning: the editor should know the check was
    incomplete, and an administrator should fix the rule."""
    return Finding(
        rule_id=rule.pk,
        rule=rule.name,
        severity=Severity.WARN,
        explanation=f"This rule could not be checked ({what}). Ask an administrator to "
        "simplify or fix it under Clinic > Compliance rules.",
        reference=rule.reference,
        field=field,
        match="",
    )


def _context(text: str, start: int, end: int) -> tuple[str, str]:
    before = text[max(0, start - CONTEXT_CHARS) : start]
    after = text[end : end + CONTEXT_CHARS]
    before = ("…" + before.lstrip()) if start > CONTEXT_CHARS else before
    after = (after.rstrip() + "…") if end + CONTEXT_CHARS < len(text) else after
    return before.replace("\n", " "), after.replace("\n", " ")


def check_texts(
    texts: list[Text],
    rules: list[ComplianceRule] | None = None,
    *,
    language_code: str | None = None,
) -> list[Finding]:
    """Findings, blocking ones first, then in the order the texts appear. The texts are in
    `language_code` (by default the default language): only the rules of that language, and
    those for every language, run."""
    if rules is None:
        rules = active_rules(language_code=language_code or settings.LANGUAGE_CODE)
    findings: list[Finding] = []
    for rule in rules:
        compiled = _compiled(rule.pattern, rule.is_regex)
        if compiled is None:
            findings.append(_problem(rule, "All fields", "its pattern is not valid"))
            continue
        for text in texts:
            try:
                matches = list(compiled.finditer(text.text, timeout=CHECK_TIMEOUT))
            except TimeoutError:
                findings.append(_problem(rule, text.field, "it took too long on this text"))
                break  # the same pattern would time out on the remaining texts too
            for match in matches:
                if not match.group():
                    continue
                before, after = _context(text.text, match.start(), match.end())
                findings.append(
                    Finding(
                        rule_id=rule.pk,
                        rule=rule.name,
                        severity=rule.severity,
                        explanation=rule.explanation,
                        reference=rule.reference,
                        field=text.field,
                        match=match.group(),
                        before=before,
                        after=after,
                        place=text.place,
                    )
                )
    order = {text.field: position for position, text in enumerate(texts)}
    return sorted(findings, key=lambda f: (not f.blocks, order.get(f.field, -1)))


def check_page(page: ArticlePage) -> list[Finding]:
    return check_texts(texts_of_page(page), language_code=language_of(page))


def blocking(findings: Iterable[Finding]) -> list[Finding]:
    return [finding for finding in findings if finding.blocks]
