"""The blocks an article body is built from.

Each block carries a description and a preview value so editors see what it is for in the
block picker. Choice fields that only steer presentation are kept out of the search index and
out of the word count.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.functional import cached_property
from wagtail import blocks
from wagtail.images import get_image_model
from wagtail.images.blocks import ImageChooserBlock
from wagtail.images.widgets import AdminImageChooser
from wagtail.snippets.blocks import SnippetChooserBlock

from blog.body import heading_anchor
from blog.video import Video, parse_video_url

# Body text may link to pages and documents, but headings and layout stay with the blocks.
PARAGRAPH_FEATURES = ["bold", "italic", "link", "document-link", "ol", "ul"]
SHORT_TEXT_FEATURES = ["bold", "italic", "link", "ol", "ul"]


class HeadingValue(blocks.StructValue):
    @property
    def anchor(self) -> str:
        return heading_anchor(self.get("text", ""))


class HeadingBlock(blocks.StructBlock):
    text = blocks.CharBlock(max_length=120)
    level = blocks.ChoiceBlock(
        choices=[("h2", "Section heading (H2)"), ("h3", "Sub-heading (H3)")],
        default="h2",
        search_index=False,
        help_text="Use section headings for the main parts of the article.",
    )

    class Meta:
        icon = "title"
        template = "blog/blocks/heading.html"
        value_class = HeadingValue
        label = "Heading"
        description = "Starts a section. Section headings appear in the table of contents."
        preview_value = {"text": "What to expect in the first week", "level": "h2"}


class ParagraphBlock(blocks.RichTextBlock):
    def __init__(self, **kwargs):
        super().__init__(features=PARAGRAPH_FEATURES, **kwargs)

    class Meta:
        icon = "pilcrow"
        template = "blog/blocks/paragraph.html"
        label = "Paragraph"
        description = "Body text with bold, italic, lists and links to pages or documents."
        preview_value = (
            "<p>Most people feel a <b>warm, tight</b> sensation for a day or two. "
            "A gentle cleanser and a plain moisturiser are all the skin needs.</p>"
        )


def _first_image():
    return get_image_model().objects.order_by("pk").first()


class ImageBlock(blocks.StructBlock):
    image = ImageChooserBlock()
    alt_text = blocks.CharBlock(
        max_length=250,
        help_text="Describe the image for readers who cannot see it, e.g. 'Treated cheek "
        "two days after the session, with mild redness'.",
    )
    caption = blocks.CharBlock(required=False, max_length=250)

    class Meta:
        icon = "image"
        template = "blog/blocks/image.html"
        label = "Image"
        description = "A photo or illustration with alt text for screen readers and a caption."

    def get_preview_value(self):
        return self.normalize(
            {
                "image": _first_image(),
                "alt_text": "A calm treatment room with soft daylight",
                "caption": "Our treatment room",
            }
        )


class QuoteBlock(blocks.StructBlock):
    text = blocks.TextBlock(max_length=600)
    attribution = blocks.CharBlock(required=False, max_length=120)

    class Meta:
        icon = "openquote"
        template = "blog/blocks/quote.html"
        label = "Quote"
        description = "A pull quote, for example from a patient or a clinician."
        preview_value = {
            "text": "I was back at work the next morning with nothing more than a little pink.",
            "attribution": "A patient, after her second session",
        }


class CalloutBlock(blocks.StructBlock):
    kind = blocks.ChoiceBlock(
        choices=[("tip", "Tip"), ("aftercare", "Aftercare"), ("warning", "Warning")],
        default="tip",
        search_index=False,
    )
    title = blocks.CharBlock(required=False, max_length=120)
    text = blocks.RichTextBlock(features=SHORT_TEXT_FEATURES)

    class Meta:
        icon = "warning"
        template = "blog/blocks/callout.html"
        label = "Callout"
        description = "A highlighted box: a tip, aftercare instructions or a warning."
        preview_value = {
            "kind": "aftercare",
            "title": "For the next 48 hours",
            "text": "<ul><li>Skip make-up and active serums.</li><li>Wear sunscreen.</li></ul>",
        }


class FAQItemBlock(blocks.StructBlock):
    question = blocks.CharBlock(max_length=200)
    answer = blocks.RichTextBlock(features=SHORT_TEXT_FEATURES)

    class Meta:
        icon = "help"
        label = "Question"


class FAQBlock(blocks.StructBlock):
    title = blocks.CharBlock(required=False, max_length=120, default="Common questions")
    items = blocks.ListBlock(FAQItemBlock(), min_num=1)

    class Meta:
        icon = "help"
        template = "blog/blocks/faq.html"
        label = "FAQ"
        description = "Questions and answers that readers can open one at a time."
        preview_value = {
            "title": "Common questions",
            "items": [
                {"question": "Does it hurt?", "answer": "<p>A numbing cream keeps it mild.</p>"},
                {"question": "When can I wear make-up?", "answer": "<p>After 24 hours.</p>"},
            ],
        }


class VideoEmbedValue(blocks.StructValue):
    @cached_property
    def video(self) -> Video | None:
        return parse_video_url(self.get("url") or "")


class VideoEmbedBlock(blocks.StructBlock):
    url = blocks.URLBlock(
        search_index=False,
        help_text="A YouTube or Vimeo link, e.g. https://www.youtube.com/watch?v=…",
    )
    title = blocks.CharBlock(
        max_length=200, help_text="What the video shows; read out by screen readers."
    )
    caption = blocks.CharBlock(required=False, max_length=250)

    class Meta:
        icon = "media"
        template = "blog/blocks/video.html"
        value_class = VideoEmbedValue
        label = "Video"
        description = "A YouTube or Vimeo video, embedded without tracking cookies."
        preview_value = {
            "url": "https://www.youtube.com/watch?v=aqz-KE-bpKQ",
            "title": "A short film about our clinic",
            "caption": "",
        }

    def clean(self, value):
        value = super().clean(value)
        if parse_video_url(value.get("url") or "") is None:
            raise blocks.StructBlockValidationError(
                block_errors={"url": ValidationError("Enter a YouTube or Vimeo video link.")}
            )
        return value


class BeforeAfterValue(blocks.StructValue):
    @cached_property
    def shown_on_website(self) -> bool:
        consent = self.get("consent")
        return bool(
            consent and consent.valid_for("website") and self.get("before") and self.get("after")
        )


class PatientPhotoChooser(AdminImageChooser):
    """The image chooser of before/after pairs: the only one that offers patients' photos
    (blog.wagtail_hooks registers its views; every other image chooser leaves them out)."""

    chooser_modal_url_name = "patient_photo_chooser:choose"


class KeptFromSource:
    """A block whose value every translation keeps from its source (wagtail-localize): it
    gives no segment, so the translation editor offers nothing to override, and creating or
    syncing a translation copies the source's value. A pair's photos and the consent they
    rest on are the source's in every language: one consent covers every translation that
    shows the photos, and a translator cannot put another patient's photo in its place."""

    def get_translatable_segments(self, value) -> list:
        return []

    def restore_translated_segments(self, value, segments):
        return value


class PatientPhotoChooserBlock(KeptFromSource, ImageChooserBlock):
    @cached_property
    def widget(self):
        return PatientPhotoChooser()


class ConsentChooserBlock(KeptFromSource, SnippetChooserBlock):
    pass


class BeforeAfterBlock(blocks.StructBlock):
    """Two photos of one patient, shown only while their consent is valid for the channel
    (blog.governance.consent): the site asks for the website, the API for the app."""

    before = PatientPhotoChooserBlock()
    before_alt = blocks.CharBlock(
        max_length=250, label="Before: alt text", help_text="e.g. 'Cheek with acne scarring'."
    )
    after = PatientPhotoChooserBlock()
    after_alt = blocks.CharBlock(
        max_length=250,
        label="After: alt text",
        help_text="e.g. 'The same cheek, scarring softened'.",
    )
    treatment = SnippetChooserBlock("blog.Treatment", required=False)
    time_between = blocks.CharBlock(
        max_length=80,
        help_text="How long after the first photo the second was taken, e.g. "
        "'Three months, after three sessions'.",
    )
    caption = blocks.CharBlock(required=False, max_length=250)
    consent = ConsentChooserBlock(
        "blog.ConsentRecord",
        help_text="The patient's recorded consent. Without consent valid for the website the "
        "article cannot be published, and the photos disappear wherever consent ends.",
    )

    class Meta:
        icon = "image"
        template = "blog/blocks/before_after.html"
        label = "Before and after"
        description = "A patient's before and after photos, with their recorded consent."
        value_class = BeforeAfterValue

    def get_searchable_content(self, value) -> list[str]:
        # Nothing of a pair is indexed: its words describe a patient's photos, and would
        # still find the article after consent ends and the photos are gone.
        return []

    def get_preview_value(self):
        # The block picker's example: an unsaved consent, valid for the website today (of
        # the model the chooser names: the models import this module, not it them).
        example = self.child_blocks["consent"].target_model(
            patient_reference="EXAMPLE-1", consented_on=timezone.localdate(), website=True
        )
        image = _first_image()
        return self.normalize(
            {
                "before": image,
                "before_alt": "Skin before the course of treatment",
                "after": image,
                "after_alt": "The same skin three months later",
                "time_between": "Three months",
                "caption": "An example pair",
                "consent": example,
            }
        )


class ArticleBodyBlock(blocks.StreamBlock):
    heading = HeadingBlock()
    paragraph = ParagraphBlock()
    image = ImageBlock()
    quote = QuoteBlock()
    callout = CalloutBlock()
    faq = FAQBlock()
    embed = VideoEmbedBlock()
    before_after = BeforeAfterBlock()

    class Meta:
        block_counts = {"heading": {"max_num": 40}}
