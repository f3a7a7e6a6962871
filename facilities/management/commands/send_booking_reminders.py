"""Queue reminder messages for bookings starting soon. Run it every 15 minutes (cron/systemd)."""

from django.core.management.base import BaseCommand

from facilities.booking.reminders import queue_reminders


class Command(BaseCommand):
    help = "Queue reminders (SMS/email) for confirmed bookings that start within the next hours."

    def handle(self, *args, **options):
        count = queue_reminders()
        self.stdout.write(f"{count} reminder(s) queued.")
