"""Delete audit entries older than `PORTAL_AUDIT_RETENTION_DAYS` (run daily, for example from
cron). Never deletes an entry younger than 180 days, whatever the setting says."""

from django.core.management.base import BaseCommand

from sportsportal.accounts import audit


class Command(BaseCommand):
    help = "Delete audit trail entries older than the retention period (at least 180 days)."

    def handle(self, *args, **options):
        deleted = audit.purge()
        self.stdout.write(
            f"Deleted {deleted} audit entr(y/ies) older than {audit.retention_days()} days."
        )
