"""StreamField blocks shared by every page type."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.images.blocks import ImageBlock


class HeadingBlock(blocks.StructBlock):
    text = blocks.CharBlock(label=_("text"), max_length=80)
    level = blocks.ChoiceBlock(
        label=_("level"), choices=[("h2", _("Heading 2")), ("h3", _("Heading 3"))], default="h2"
    )

    class Meta:
        icon = "title"
        template = "cms/blocks/heading.html"


class CalloutBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("title"), max_length=80)
    text = blocks.TextBlock(label=_("text"))
    link = blocks.URLBlock(label=_("link"), required=False)
    link_text = blocks.CharBlock(label=_("link text"), required=False, max_length=40)

    class Meta:
        icon = "pick"
        template = "cms/blocks/callout.html"


class FigureBlock(blocks.StructBlock):
    """A headline number, such as the per-capita sports area, with what it means."""

    value = blocks.CharBlock(label=_("figure"), max_length=20)
    label = blocks.CharBlock(label=_("what it counts"), max_length=80)

    class Meta:
        icon = "order"
        template = "cms/blocks/figure.html"


class BodyBlock(blocks.StreamBlock):
    heading = HeadingBlock()
    paragraph = blocks.RichTextBlock(
        label=_("paragraph"), features=["bold", "italic", "link", "ol", "ul", "h3"]
    )
    image = ImageBlock(label=_("image"))
    callout = CalloutBlock(label=_("call-out"))
    figures = blocks.ListBlock(
        FigureBlock(), label=_("figures"), template="cms/blocks/figures.html"
    )
