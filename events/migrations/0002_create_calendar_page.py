from django.db import migrations
from django.utils import timezone

ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
STEPLEN = 4


def _step(number):
    text = ""
    while number:
        number, digit = divmod(number, len(ALPHABET))
        text = ALPHABET[digit] + text
    return text.rjust(STEPLEN, "0")


def create_calendar_page(apps, schema_editor):
    """The event calendar at /events/, under the home page, unless it exists already."""
    ContentType = apps.get_model("contenttypes.ContentType")
    Page = apps.get_model("wagtailcore.Page")
    HomePage = apps.get_model("cms.HomePage")
    EventCalendarPage = apps.get_model("events.EventCalendarPage")

    if EventCalendarPage.objects.exists():
        return
    home = HomePage.objects.order_by("path").first()
    if home is None:
        return
    children = Page.objects.filter(path__startswith=home.path, depth=home.depth + 1)
    if children.filter(slug="events").exists():
        return  # someone filed another page at /events/; the editors decide
    last = children.order_by("-path").values_list("path", flat=True).first()
    number = int(last[-STEPLEN:], len(ALPHABET)) + 1 if last else 1
    content_type, _ = ContentType.objects.get_or_create(app_label="events", model="eventcalendarpage")
    now = timezone.now()
    EventCalendarPage.objects.create(
        title="赛事活动",
        draft_title="赛事活动",
        slug="events",
        content_type=content_type,
        path=home.path + _step(number),
        depth=home.depth + 1,
        numchild=0,
        url_path=f"{home.url_path}events/",
        locale_id=home.locale_id,
        live=True,
        has_unpublished_changes=False,
        first_published_at=now,
        last_published_at=now,
        introduction="会泽县各级体育赛事和全民健身活动，可按级别、项目、乡镇和日期查找，并可订阅到手机日历。",
    )
    Page.objects.filter(pk=home.pk).update(numchild=children.count())


def remove_calendar_page(apps, schema_editor):
    EventCalendarPage = apps.get_model("events.EventCalendarPage")
    Page = apps.get_model("wagtailcore.Page")
    for calendar in EventCalendarPage.objects.filter(slug="events", numchild=0):
        parent_path = calendar.path[:-STEPLEN]
        calendar.delete()
        parent = Page.objects.filter(path=parent_path).first()
        if parent is not None:
            Page.objects.filter(pk=parent.pk).update(
                numchild=Page.objects.filter(path__startswith=parent_path, depth=parent.depth + 1).count()
            )


class Migration(migrations.Migration):
    dependencies = [
        ("cms", "0002_create_homepage"),
        ("events", "0001_initial"),
    ]

    operations = [migrations.RunPython(create_calendar_page, remove_calendar_page)]
