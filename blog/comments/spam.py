"""Cheap anti-spam layers after the form token and throttles: words, links, duplicates."""

from __future__ import annotations

from dataclasses import dataclass, field

from blog.comments.rendering import count_links
from blog.models.comment_policy import CommentPolicy, word_list


@dataclass
class Verdict:
    spam: bool = False
    hold: bool = False
    reasons: list[str] = field(default_factory=list)


def assess(*, body: str, name: str, website: str, policy: CommentPolicy) -> Verdict:
    verdict = Verdict()
    text = f"{name}\n{website}\n{body}".lower()
    if any(word in text for word in word_list(policy.block_words)):
        verdict.spam = True
        verdict.reasons.append("contains a blocked word")
    if count_links(body) + (1 if website else 0) > policy.link_threshold:
        verdict.hold = True
        verdict.reasons.append("too many links")
    if any(word in text for word in word_list(policy.hold_words)):
        verdict.hold = True
        verdict.reasons.append("contains a word held for moderation")
    return verdict


def is_urgent(body: str, policy: CommentPolicy) -> bool:
    lowered = body.lower()
    return any(word in lowered for word in word_list(policy.urgent_words))


def is_question(body: str) -> bool:
    return "?" in body
