"""The staff's synonym groups (blog.models.SynonymGroup), applied when a reader searches: no
re-index, so a group saved in the admin works at the next search.

A one-way group leads each of its words to what the clinic writes ("dermaroller, derma
roller → microneedling"); a two-way group makes its words mean the same ("aftercare, after
care, post-treatment care"). Groups are per language.

A word that a blocking compliance rule matches (a prescription-only brand name the clinic may
not print) may still be searched, and leads where its group says; but it is never shown back
to the reader: not as a suggestion, a correction or a highlight (`blocked`).
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field

import regex

from blog import generations
from blog.models import ComplianceRule, SynonymGroup
from blog.models.compliance import compile_pattern
from blog.search.words import fold, phrase_words, stem

VERSION_KEY = "search:synonyms:version"
MATCH_TIMEOUT = 0.05


@dataclass
class Synonyms:
    language: str
    # A folded phrase readers type -> the folded phrases it also finds.
    targets: dict[str, list[str]] = field(default_factory=dict)
    blocked_patterns: list = field(default_factory=list)

    def leads_from(self, phrase: str) -> bool:
        return phrase in self.targets

    def alternatives(self, phrase: str, language: str = "en") -> list[tuple[str, ...]]:
        return [
            tuple(stem(word, language) for word in phrase_words(target))
            for target in self.targets.get(phrase, ())
        ]

    def blocked(self, text: str) -> bool:
        """Whether a blocking compliance rule matches `text`: never show it to a reader."""
        for pattern in self.blocked_patterns:
            try:
                if pattern.search(text, timeout=MATCH_TIMEOUT):
                    return True
            except TimeoutError:
                return True  # a runaway rule: show nothing rather than something it blocks
        return False


def _phrase(text: str) -> str:
    return " ".join(phrase_words(fold(text)))


def build(groups: list[SynonymGroup], language: str, rules: list | None = None) -> Synonyms:
    synonyms = Synonyms(language, blocked_patterns=rules or [])
    for group in groups:
        terms = [p for p in (_phrase(t) for t in group.term_list()) if p]
        if group.leads_to.strip():
            pairs = [(term, _phrase(group.leads_to)) for term in terms]
        else:
            pairs = [(a, b) for a in terms for b in terms if a != b]
        for source, target in pairs:
            if target and target not in synonyms.targets.setdefault(source, []):
                synonyms.targets[source].append(target)
    return synonyms


_loaded: dict[str, tuple[object, Synonyms]] = {}
_lock = threading.Lock()


def version() -> str:
    """A token that changes whenever what is held here must be loaded again (a generation:
    a cache emptied by a restart starts a new one, never an old value again)."""
    return generations.current(VERSION_KEY)


def changed(*args, **kwargs) -> None:
    """A synonym group or a compliance rule changed: reload at the next search."""
    generations.renew(VERSION_KEY)


def synonyms(language: str = "en") -> Synonyms:
    version_now = version()
    held = _loaded.get(language)
    if held is not None and held[0] == version_now:
        return held[1]
    with _lock:
        groups = list(SynonymGroup.objects.filter(language=language))
        rules = ComplianceRule.objects.filter(active=True, severity=ComplianceRule.Severity.BLOCK)
        patterns = []
        for rule in rules:
            try:
                patterns.append(compile_pattern(rule.pattern, rule.is_regex))
            except regex.error:
                continue  # refused by the rule's form; an old row may still hold one
        loaded = build(groups, language, patterns)
        _loaded[language] = (version_now, loaded)
        return loaded
