"""OpenAPI types for body blocks: one component per block, told apart by `type`.

These serializers only describe the shape that blog.published.body produces; generated clients get
a precise type for every block instead of an untyped list.
"""

from drf_spectacular.utils import PolymorphicProxySerializer
from rest_framework import serializers


class ImageSerializer(serializers.Serializer):
    url = serializers.URLField(help_text="Fallback rendition, 1200 pixels wide at most.")
    width = serializers.IntegerField()
    height = serializers.IntegerField()
    alt = serializers.CharField(allow_blank=True)
    srcset = serializers.CharField(help_text="Renditions at several widths, for `srcset`.")
    srcset_type = serializers.CharField(help_text="MIME type of the srcset, e.g. image/webp.")


class HeadingValue(serializers.Serializer):
    text = serializers.CharField()
    level = serializers.ChoiceField(choices=["h2", "h3"])
    anchor = serializers.CharField(help_text="Unique in the article; stable while the text is.")


class ParagraphValue(serializers.Serializer):
    html = serializers.CharField(help_text="Sanitised HTML; internal links are site paths.")


class ImageValue(serializers.Serializer):
    image = ImageSerializer(allow_null=True)
    caption = serializers.CharField(allow_blank=True)


class QuoteValue(serializers.Serializer):
    text = serializers.CharField()
    attribution = serializers.CharField(allow_blank=True)


class CalloutValue(serializers.Serializer):
    kind = serializers.ChoiceField(choices=["tip", "aftercare", "warning"])
    title = serializers.CharField(allow_blank=True)
    html = serializers.CharField()


class FAQItem(serializers.Serializer):
    question = serializers.CharField()
    answer_html = serializers.CharField()


class FAQValue(serializers.Serializer):
    title = serializers.CharField(allow_blank=True)
    items = FAQItem(many=True)


class EmbedValue(serializers.Serializer):
    provider = serializers.ChoiceField(choices=["youtube", "vimeo"], allow_null=True)
    video_id = serializers.CharField(allow_null=True)
    embed_url = serializers.URLField(allow_null=True, help_text="Tracking-free player URL.")
    url = serializers.URLField()
    title = serializers.CharField()
    caption = serializers.CharField(allow_blank=True)


class TreatmentRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    slug = serializers.SlugField()
    name = serializers.CharField()


class BeforeAfterValue(serializers.Serializer):
    before = ImageSerializer()
    after = ImageSerializer()
    treatment = TreatmentRefSerializer(allow_null=True)
    time_between = serializers.CharField(help_text="How long after `before` `after` was taken.")
    caption = serializers.CharField(allow_blank=True)
    shown_until = serializers.DateField(
        allow_null=True,
        help_text="The patient's consent ends after this day: stop showing the photos then, "
        "even offline. The block is only sent while consent covers the app; null: until "
        "withdrawn, when the article is sent again without it.",
    )


def _block(name: str, value_serializer: type[serializers.Serializer]) -> type:
    fields = {
        "type": serializers.ChoiceField(choices=[name]),
        "id": serializers.CharField(allow_null=True),
        "value": value_serializer(),
    }
    class_name = "".join(part.capitalize() for part in name.split("_")) + "Block"
    return type(class_name, (serializers.Serializer,), fields)


BLOCK_TYPES = {
    "heading": HeadingValue,
    "paragraph": ParagraphValue,
    "image": ImageValue,
    "quote": QuoteValue,
    "callout": CalloutValue,
    "faq": FAQValue,
    "embed": EmbedValue,
    "before_after": BeforeAfterValue,
}

BodyBlockSerializer = PolymorphicProxySerializer(
    component_name="BodyBlock",
    serializers={name: _block(name, value) for name, value in BLOCK_TYPES.items()},
    resource_type_field_name="type",
    many=True,
)
