"""The export the import benchmark reads (benchmarks/import.py): BENCH_POSTS posts, Gutenberg
and classic, with BENCH_COMMENTS threaded comments of mixed statuses and BENCH_IMAGES image
attachments, and a `wp-content/uploads` copy of the images. Written with the import tests'
writer (tests/importing/builder.py), in words of our own combined at random."""

from __future__ import annotations

import datetime
import os
import random
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from tests.importing.builder import AUTHORS, SITE, Comment, Post, attachment, write_export

POSTS = int(os.environ.get("BENCH_POSTS", "5000"))
COMMENTS = int(os.environ.get("BENCH_COMMENTS", "100000"))
IMAGES = int(os.environ.get("BENCH_IMAGES", "2000"))
SEED = int(os.environ.get("BENCH_SEED", "24"))


def pool(text: str) -> list[str]:
    """Phrases parted by "|", or single words parted by spaces."""
    return text.split("|") if "|" in text else text.split()


# Words of our own for bodies and comments, combined at random so no two posts read alike.
TOPICS = pool(
    "a stiff shoulder|lower back pain|tennis elbow|a sprained ankle|heel pain|neck tension|"
    "runner's knee|hip bursitis|wrist strain|sciatica|jaw clicking|a pulled hamstring|"
    "desk posture|balance after a fall|pelvic floor recovery|shin splints|a frozen shoulder|"
    "knee replacement rehab|golfer's elbow|headaches from the neck|rotator cuff strain|"
    "Achilles pain|a whiplash injury"
)
TITLE_FORMS = pool(
    "What to expect when treating {t}|Five questions about {t}|Living with {t}|"
    "Getting moving again after {t}|How our team approaches {t}|A week-by-week plan for {t}|"
    "Myths and facts about {t}|Simple home exercises for {t}|When to see someone about {t}|"
    "Sleeping better with {t}|Returning to sport after {t}|Our notes on {t}"
)
OPENERS = pool(
    "Most patients find that|In our experience|It helps to remember that|"
    "Our physiotherapists often notice that|After the first session|For many people|"
    "During the assessment we check whether|Research over the last decade suggests that|"
    "Once the swelling settles|If you work at a desk|Older patients sometimes feel that"
)
SUBJECTS = pool(
    "the joint|a tight muscle|the tendon|gentle loading|a short daily walk|the stretching "
    "routine|a supportive pillow|regular breaks|the healing tissue|a warm compress|strength "
    "work|the first fortnight|good footwear|the brace"
)
PREDICATES = pool(
    "responds well to patience|settles within a few weeks|needs steady, gradual work|"
    "improves with small changes at home|deserves more attention than it gets|"
    "is easier to manage with a plan|benefits from a clear routine|"
    "can feel worse before it feels better|is worth discussing at your next visit|"
    "makes a noticeable difference by the third week|rarely needs anything dramatic"
)
TAILS = pool(
    "| if you keep moving| when the exercises are done daily| with a little guidance"
    "| as long as you rest when it flares| for most of our patients| in the morning"
)
ITEMS = pool(
    "Ten slow heel raises|A cold pack for ten minutes|Three rounds of chin tucks|"
    "A gentle calf stretch|Walking on level ground|Side-lying leg lifts|Wall presses|"
    "Shoulder blade squeezes|A rolled towel under the arch|Sit-to-stand practice"
)
QUOTES = pool(
    "Little and often works better than one long session.|Listen to the ache, not the clock.|"
    "Progress is rarely a straight line.|The best exercise is the one you will keep doing."
)
CATEGORIES = [
    (name.lower().replace("'", "").replace(" ", "-"), name)
    for name in pool(
        "Physiotherapy|Sports injuries|Back care|Clinic news|Exercise guides|Women's health|"
        "Older adults|Workplace health|Hand therapy|Pain science|Recovery|Uncategorized"
    )
]
TAG_WORDS = pool(
    "knee ankle stretching posture running sleep strength office walking swelling mobility "
    "gardening cycling pregnancy balance"
)
FIRST = pool(
    "Maya Tom Priya Grace Luis Hannah Kofi Elena Sam Aisha Oliver Mei Rory Zara Idris Nell "
    "Jonas Ruth Teodor Bea"
)
LAST = pool(
    "Okafor Lind Patel Moreau Byrne Nakamura Silva Hughes Novak Adeyemi Ross Fischer Quinn "
    "Haddad Walsh Kaur Berg Mensah"
)
COMMENT_LINES = pool(
    "Thank you, this explained {t} better than anything I had read.|"
    "How long should I wait before trying the exercises with {t}?|"
    "My partner had {t} last year and the walking plan helped a lot.|"
    "Is it normal for {t} to ache more at night?|I printed the list and put it on the fridge.|"
    "Could you write about {t} in children too?|Week three now and things are easing.|"
    "Does the cold pack advice still apply after surgery?|Very clear, thanks to the whole team.|"
    "I tried the stretches this morning and felt looser already."
)
ALTS = pool(
    "A physiotherapist guiding a patient through a knee bend|An exercise band on a mat|"
    "The clinic's treatment room with a couch and window|A patient stretching a calf|"
    "Foam rollers stacked in the gym|A therapist checking shoulder movement"
)


@dataclass
class Expected:
    """What the import should leave in the database, counted while writing the export."""

    articles: int = 0
    comments: int = 0
    images: int = 0
    statuses: Counter = field(default_factory=Counter)


def sentence(rng: random.Random) -> str:
    return (
        f"{rng.choice(OPENERS)} {rng.choice(SUBJECTS)} {rng.choice(PREDICATES)}{rng.choice(TAILS)}."
    )


def paragraph(rng: random.Random, link: str = "") -> str:
    text = " ".join(sentence(rng) for _ in range(rng.randint(2, 5)))
    if link:
        text += f' We wrote more about it <a href="{link}">in an earlier article</a>.'
    return text


def image_url(path: str, size: str = "") -> str:
    stem, ext = path.rsplit(".", 1)
    return f"{SITE}/wp-content/uploads/{stem}{size}.{ext}"


def gutenberg_body(rng: random.Random, topic: str, images: list[tuple[int, str]], link: str) -> str:
    def block(name: str, html: str, attrs: str = "") -> str:
        return f"<!-- wp:{name}{' ' + attrs if attrs else ''} -->\n{html}\n<!-- /wp:{name} -->\n\n"

    out = [block("paragraph", f"<p>{paragraph(rng, link)}</p>") for _ in range(rng.randint(1, 3))]
    out.append(block("heading", f'<h2 class="wp-block-heading">Understanding {topic}</h2>'))
    out.append(block("paragraph", f"<p>{paragraph(rng)}</p>"))
    items = "".join(block("list-item", f"<li>{item}</li>").strip() for item in rng.sample(ITEMS, 3))
    out.append(block("list", f'<ul class="wp-block-list">{items}</ul>'))
    for wp_id, path in images:
        alt, caption = rng.choice(ALTS), sentence(rng)
        out.append(block(
            "image",
            f'<figure class="wp-block-image size-large"><img src="{image_url(path, "-1024x768")}" '
            f'alt="{alt}" class="wp-image-{wp_id}"/><figcaption class="wp-element-caption">'
            f"{caption}</figcaption></figure>",
            f'{{"id":{wp_id},"sizeSlug":"large","linkDestination":"none"}}',
        ))  # fmt: skip
    out.append(block("heading", '<h3 class="wp-block-heading">At home</h3>', '{"level":3}'))
    out.append(block("paragraph", f"<p>{paragraph(rng)}</p>"))
    if rng.random() < 0.2:
        quote = block("paragraph", f"<p>{rng.choice(QUOTES)}</p>").strip()
        out.append(block("quote", f'<blockquote class="wp-block-quote">{quote}</blockquote>'))
    if rng.random() < 0.15:
        url = f"https://www.youtube.com/watch?v={rng.randrange(16**11):011x}"
        out.append(block(
            "embed",
            '<figure class="wp-block-embed is-type-video is-provider-youtube wp-block-embed-'
            f'youtube"><div class="wp-block-embed__wrapper">\n{url}\n</div></figure>',
            f'{{"url":"{url}","type":"video","providerNameSlug":"youtube","responsive":true}}',
        ))  # fmt: skip
    return "".join(out)


def classic_body(rng: random.Random, topic: str, images: list[tuple[int, str]], link: str) -> str:
    out = [paragraph(rng, link), f"<h2>Why {topic} happens</h2>", paragraph(rng)]
    for wp_id, path in images:
        out.append(
            f'<img class="alignnone size-medium wp-image-{wp_id}" src="'
            f'{image_url(path, "-300x225")}" alt="{rng.choice(ALTS)}" width="300" height="225" />'
        )
    out.append("<ul>\n" + "".join(f"<li>{i}</li>\n" for i in rng.sample(ITEMS, 3)) + "</ul>")
    out.append(paragraph(rng))
    if rng.random() < 0.1:
        out.append(f"https://www.youtube.com/watch?v={rng.randrange(16**11):011x}")
    return "\n\n".join(out)  # classic bodies are wpautop'ed: blank lines make paragraphs


def make_image(path: Path, rng: random.Random, n: int) -> None:
    from PIL import Image, ImageDraw

    size = (rng.randint(80, 200), rng.randint(60, 150))
    image = Image.new("RGB", size, tuple(rng.randrange(256) for _ in range(3)))
    draw = ImageDraw.Draw(image)
    for _ in range(4):
        x, y = rng.randrange(size[0]), rng.randrange(size[1])
        box = (x, y, x + rng.randint(5, 60), y + rng.randint(5, 40))
        draw.ellipse(box, fill=tuple(rng.randrange(256) for _ in range(3)))
    for bit in range(16):  # the number itself, in black and white squares: never two alike
        draw.rectangle((bit * 4, 0, bit * 4 + 3, 3), fill=(255, 255, 255) if n >> bit & 1 else 0)
    path.parent.mkdir(parents=True, exist_ok=True)
    image.save(path, "JPEG", quality=80)


def comments_for(rng: random.Random, post: Post, count: int, next_id, expected: Expected):
    made: list[Comment] = []
    replyable: list[Comment] = []
    when = post.date or datetime.datetime(2020, 1, 1)
    gap = max(10, 400_000 // max(count, 1))  # a thread spans months, not years
    topic = post.title.rsplit(" ", 2)[-1]
    for _ in range(count):
        when += datetime.timedelta(minutes=rng.randint(5, gap))
        first, last = rng.choice(FIRST), rng.choice(LAST)
        email = f"{first.lower()}.{last.lower()}{rng.randrange(999)}@mail.example"
        roll = rng.random()
        approved, kind, parent, user = "1", "comment", 0, 0
        if roll < 0.015:
            kind = "pingback"
        elif roll < 0.075:
            approved = "spam"
        elif roll < 0.095:
            approved = "trash"
        elif roll < 0.145:
            approved = "0"
        if kind == "comment" and approved in {"1", "0"} and replyable and rng.random() < 0.36:
            parent = rng.choice(replyable[-8:]).wp_id  # a reply to a reply now and then
            if rng.random() < 0.12:
                user, login, name = rng.choice(AUTHORS)  # the clinic answers
                first, last, email = name, "", f"{login}@clinic.example"
        text = " ".join(rng.choice(COMMENT_LINES).format(t=topic) for _ in range(rng.randint(1, 3)))
        comment = Comment(
            wp_id=next_id(),
            content=text if kind == "comment" else f"[…] {sentence(rng)} […]",
            author=f"{first} {last}".strip(),
            email=email,
            ip=f"203.0.113.{rng.randrange(1, 255)}",
            approved=approved,
            type=kind,
            parent=parent,
            user_id=user,
            date=when,
        )
        made.append(comment)
        if kind == "comment" and approved in {"1", "0"}:
            replyable.append(comment)
            if post.status != "trash":
                expected.comments += 1
        expected.statuses[kind if kind != "comment" else approved] += 1
    return made


def build_export(path: Path, uploads: Path) -> Expected:
    """Write the export and the uploads copy; return what the import should produce."""
    rng = random.Random(SEED)  # noqa: S311 (made-up content, not a secret)
    expected = Expected()
    ids = iter(range(100, 10**9))
    comment_ids = iter(range(1, 10**9))
    start = datetime.datetime(2016, 1, 4, 9, 0)
    step = datetime.timedelta(days=3300) / max(POSTS, 1)
    # Plan every post first (title, date, slug) so bodies can link to later posts too.
    slugs: Counter = Counter()
    plans = []
    for n in range(POSTS):
        topic = rng.choice(TOPICS)
        title = rng.choice(TITLE_FORMS).format(t=topic)
        base = title.lower().replace("'", "").replace(" ", "-")
        slugs[base] += 1
        slug = base if slugs[base] == 1 else f"{base}-{slugs[base]}"
        date = start + step * n + datetime.timedelta(minutes=rng.randrange(600))
        plans.append((topic, title, slug, date))
    images: list[list[int]] = [[] for _ in range(POSTS)]
    order = rng.sample(range(POSTS), POSTS)
    left = IMAGES
    while left and POSTS:
        for n in order:
            if not left:
                break
            take = min(left, rng.choice((1, 1, 2)) if not images[n] else 1)
            images[n] += [IMAGES - left + k for k in range(take)]
            left -= take
    weights = [0.0 if rng.random() < 0.2 else rng.paretovariate(1.6) for _ in range(POSTS)]
    total = sum(weights) or 1.0
    counts = [int(w / total * COMMENTS) for w in weights]
    for n in rng.sample(range(POSTS), POSTS)[: COMMENTS - sum(counts)]:
        counts[n] += 1
    uploaded: list[tuple[int, str]] = []  # every attachment so far: (wp id, path)

    def items():
        for n, (topic, title, slug, date) in enumerate(plans):
            status = rng.choices(("publish", "draft", "private", "pending", "trash"),
                                 (950, 30, 10, 5, 5))[0]  # fmt: skip
            post_id = next(ids)
            own = []
            for number in images[n]:
                stem = rng.choice(("exercise", "clinic", "stretch", "treatment", "gym", "band"))
                rel = f"{date:%Y/%m}/{stem}-{number + 1}.jpg"
                make_image(uploads / rel, rng, number)
                wp_id = next(ids)
                own.append((wp_id, rel))
                yield attachment(wp_id, rel, parent=post_id, alt=rng.choice(ALTS))
            meta, inline = {}, list(own)
            if own and rng.random() < 0.7:
                meta["_thumbnail_id"] = str(own[0][0])
                if len(own) == 1 and rng.random() < 0.6:
                    inline = []  # only the featured image, as on many posts
                elif len(own) == 2:
                    inline = own[1:]
            if uploaded and rng.random() < 0.03:
                inline.append(rng.choice(uploaded))  # an older image used again
            if status != "trash":  # a trashed post's images are never asked for
                uploaded.extend(own)
                expected.images += len(own)
            target = rng.choice(plans)
            link = f"{SITE}/{target[3]:%Y/%m}/{target[2]}/" if rng.random() < 0.1 else ""
            body = (classic_body if rng.random() < 0.3 else gutenberg_body)(
                rng, topic, inline, link
            )
            if rng.random() < 0.01:
                body += "\n\n<p>Recovery is painless for most people.</p>"  # held back as draft
            post = Post(
                wp_id=post_id,
                title=title,
                content=body,
                slug=slug,
                status=status,
                date=date,
                modified=date + datetime.timedelta(days=rng.randint(0, 400)),
                author=rng.choice(AUTHORS)[1],
                excerpt=sentence(rng) if rng.random() < 0.4 else "",
                categories=rng.sample(CATEGORIES, rng.randint(1, 2)),
                tags=[(f"{w}", w) for w in rng.sample(TAG_WORDS, rng.randint(0, 4))],
                meta=meta,
                comment_status="closed" if rng.random() < 0.05 else "open",
            )
            post.comments = comments_for(rng, post, counts[n], lambda: next(comment_ids), expected)
            expected.articles += status != "trash"
            yield post

    with path.open("w", encoding="utf-8") as out:
        write_export(out, items())
    return expected
