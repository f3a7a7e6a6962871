"""The one locking helper of bookings: taken once, late, in a fixed order.

Order: the resident's user row (so one person's parallel requests cannot slip past the per-user
caps), then the slot's ledger row (so parallel requests for one slot queue up). PostgreSQL takes
real row locks; SQLite runs every transaction as BEGIN IMMEDIATE (see settings), which serialises
writers. The ledger's CHECK constraint is the last line: even a bug here cannot overbook.
"""

from django.contrib.auth import get_user_model

from .models import SlotLedger


def lock_ledger(unit, starts_at):
    """Lock (creating if needed) the ledger row of one slot and return it, capacity refreshed."""
    SlotLedger.objects.bulk_create(
        [SlotLedger(unit=unit, starts_at=starts_at, capacity=unit.capacity)],
        ignore_conflicts=True,
    )
    ledger = SlotLedger.objects.select_for_update().get(unit=unit, starts_at=starts_at)
    capacity = max(unit.capacity, ledger.booked)
    if ledger.capacity != capacity:
        ledger.capacity = capacity
        ledger.save(update_fields=["capacity"])
    return ledger


def lock_for_booking(user, unit, starts_at):
    """Lock the resident, then the slot. Call inside transaction.atomic()."""
    list(get_user_model().objects.select_for_update().filter(pk=user.pk).values_list("pk"))
    return lock_ledger(unit, starts_at)
