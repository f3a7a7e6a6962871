"""The site shell: home page, standard pages, navigation and footer settings."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index

from .blocks import BodyBlock


class HomePage(Page):
    hero_title = models.CharField(_("hero title"), max_length=80)
    hero_text = models.CharField(_("hero text"), max_length=200, blank=True)
    hero_image = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("hero image"),
    )
    body = StreamField(BodyBlock(), blank=True, verbose_name=_("body"))

    content_panels = [
        *Page.content_panels,
        MultiFieldPanel(
            [FieldPanel("hero_title"), FieldPanel("hero_text"), FieldPanel("hero_image")],
            heading=_("Hero"),
        ),
        FieldPanel("body"),
    ]
    search_fields = [*Page.search_fields, index.SearchField("hero_text"), index.SearchField("body")]
    max_count = 1
    subpage_types = ["cms.StandardPage", "events.EventCalendarPage"]

    class Meta:
        verbose_name = _("home page")

    def get_context(self, request, *args, **kwargs):
        from events.views import upcoming_events_context
        from facilities.indicators.views import headline_context
        from facilities.models import Facility, Sport, Township

        context = super().get_context(request, *args, **kwargs)
        context["townships"] = Township.objects.all()
        context["sports"] = Sport.objects.all()
        context["venue_count"] = Facility.objects.published().count()
        context["featured_venues"] = Facility.objects.published().for_listing().order_by("-pk")[:6]
        context.update(upcoming_events_context(request))
        context.update(headline_context())
        return context


class StandardPage(Page):
    introduction = models.CharField(_("introduction"), max_length=300, blank=True)
    body = StreamField(BodyBlock(), blank=True, verbose_name=_("body"))

    content_panels = [*Page.content_panels, FieldPanel("introduction"), FieldPanel("body")]
    search_fields = [
        *Page.search_fields,
        index.SearchField("introduction"),
        index.SearchField("body"),
    ]
    subpage_types = ["cms.StandardPage"]

    class Meta:
        verbose_name = _("standard page")


class LinkFields(models.Model):
    label = models.CharField(_("label"), max_length=40)
    page = models.ForeignKey(
        "wagtailcore.Page",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("page"),
    )
    url = models.CharField(
        _("web address (URL)"),
        max_length=200,
        blank=True,
        help_text=_("Used when no page is chosen."),
    )

    panels = [FieldPanel("label"), FieldPanel("page"), FieldPanel("url")]

    class Meta:
        abstract = True

    @property
    def href(self):
        return self.page.url if self.page_id else self.url


@register_setting(icon="list-ul")
class NavigationSettings(BaseSiteSetting, ClusterableModel):
    panels = [InlinePanel("links", label=_("Links"))]

    class Meta:
        verbose_name = _("navigation")


class NavigationLink(Orderable, LinkFields):
    setting = ParentalKey(NavigationSettings, on_delete=models.CASCADE, related_name="links")

    def __str__(self):
        return self.label


@register_setting(icon="doc-full")
class FooterSettings(BaseSiteSetting):
    organisation = models.CharField(_("organisation"), max_length=100, blank=True)
    address = models.CharField(_("address"), max_length=200, blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    text = RichTextField(_("text"), blank=True, features=["bold", "italic", "link"])
    icp_number = models.CharField(
        _("ICP filing number"), max_length=60, blank=True, help_text=_("Shown at the foot.")
    )

    class Meta:
        verbose_name = _("footer")
