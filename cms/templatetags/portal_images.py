"""Wagtail's `image`, `srcset_image` and `picture` tags, minus the server error when a
rendition cannot be written (a read-only or full media folder): the page is drawn without that
image and a warning is logged. Load this library instead of `wagtailimages_tags`."""

import logging
from contextlib import nullcontext

from django import template
from django.db import transaction
from wagtail.images.templatetags.wagtailimages_tags import SrcsetImageNode
from wagtail.images.templatetags.wagtailimages_tags import image as wagtail_image_tag

logger = logging.getLogger(__name__)
register = template.Library()


class SkipUnwritableRendition(template.Node):
    def __init__(self, node):
        self.node = node

    def render(self, context):
        # Wagtail writes several renditions (srcset, picture) in a transaction without a
        # savepoint: inside an enclosing transaction a failed write would leave that unusable for
        # the rest of the page. A single rendition has its own savepoint (get_or_create).
        nested = (
            isinstance(self.node, SrcsetImageNode) and transaction.get_connection().in_atomic_block
        )
        try:
            with transaction.atomic() if nested else nullcontext():
                return self.node.render(context)
        except OSError as error:
            logger.warning("Image left out: its rendition could not be written (%s)", error)
            if self.node.output_var_name:
                context[self.node.output_var_name] = None
            return ""


def image(parser, token):
    return SkipUnwritableRendition(wagtail_image_tag(parser, token))


for name in ("image", "srcset_image", "picture"):
    register.tag(name, image)
