from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FacilitiesConfig(AppConfig):
    name = "facilities"
    verbose_name = _("Venue registry")

    def ready(self):
        from sportsportal.accounts.services import register_personal_data

        from .admin_exports import audit_admin_exports, defuse_admin_exports
        from .booking import personal_data

        register_personal_data(
            "bookings", export=personal_data.export_bookings, erase=personal_data.erase_bookings
        )
        register_personal_data(
            "booking_suspensions",
            export=personal_data.export_suspensions,
            erase=personal_data.erase_suspensions,
        )
        register_personal_data(
            "private_calendar_feed",
            export=personal_data.export_feed,
            erase=personal_data.erase_feed,
        )
        defuse_admin_exports()
        audit_admin_exports()
