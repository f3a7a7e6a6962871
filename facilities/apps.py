from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FacilitiesConfig(AppConfig):
    name = "facilities"
    verbose_name = _("Venue registry")

    def ready(self):
        from sportsportal.accounts.services import register_personal_data

        from .admin_exports import defuse_admin_exports
        from .booking.personal_data import erase_bookings, export_bookings

        register_personal_data("bookings", export=export_bookings, erase=erase_bookings)
        defuse_admin_exports()
