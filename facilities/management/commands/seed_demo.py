"""`python manage.py seed_demo`: a realistic demo of Huize County, every row marked as demo data.

Safe to run again: it only creates or changes what differs from the demo tables (a second run
reports nothing new). The logic lives in facilities/demo/builder.py.
"""

import time

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from facilities.demo.builder import demo_counts, real_rows, seed_demo


class _Out:
    """Lets tqdm redraw its bar on the command's stdout (OutputWrapper would add newlines)."""

    def __init__(self, stream):
        self.stream = stream

    def write(self, text):
        self.stream.write(text, ending="")

    def flush(self):
        self.stream.flush()


class Command(BaseCommand):
    help = (
        "Build, or bring up to date, the demo county (townships, communities, schools, sports, "
        "published venues with photos, bookable units, demo users and groups, exercise survey "
        "and physique test results). Idempotent."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--force",
            action="store_true",
            help="Seed even though the database already holds real (non-demo) registry rows.",
        )

    def handle(self, *args, **options):
        started = time.monotonic()
        real = {label: n for label, n in real_rows().items() if n}
        if real and not options["force"]:
            found = ", ".join(f"{n} {label}" for label, n in real.items())
            raise CommandError(
                f"This database holds real registry data ({found}); seed_demo is meant for demo "
                "databases. Run with --force to add the demo county anyway."
            )
        show = options["verbosity"] > 0

        def progress(iterable, total):
            return tqdm(
                iterable,
                total=total,
                desc="Venues",
                unit="venue",
                file=_Out(self.stdout),
                disable=not show,
                mininterval=0.5,
            )

        stats = seed_demo(progress=progress)
        counts = demo_counts()
        if show and stats.changes:
            for label in sorted(set(stats.created) | set(stats.updated) | set(stats.deleted)):
                line = f"  {label}: {stats.created[label]} created, {stats.updated[label]} updated"
                if stats.deleted[label]:
                    line += f", {stats.deleted[label]} deleted"
                self.stdout.write(line)
        summary = ", ".join(f"{n} {label}" for label, n in counts.items())
        if stats.changes:
            change = f"{sum(stats.created.values())} created, {sum(stats.updated.values())} updated"
            if sum(stats.deleted.values()):
                change += f", {sum(stats.deleted.values())} deleted"
        else:
            change = "nothing new (already up to date)"
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo county (演示数据): {summary}; {change}; {time.monotonic() - started:.1f} s."
            )
        )
