"""Delete records of SMS codes sent more than two days ago (run daily, for example from cron).

Sending a code purges old records too; this command keeps the promise of the privacy notice on
days when nobody asks for a code.
"""

from django.core.management.base import BaseCommand

from sportsportal.accounts.services import purge_old_verifications


class Command(BaseCommand):
    help = "Delete records of SMS verification codes older than two days."

    def handle(self, *args, **options):
        deleted = purge_old_verifications()
        self.stdout.write(f"Deleted {deleted} old SMS code record(s).")
