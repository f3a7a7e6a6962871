"""Bookings of slots: the ledger that enforces capacity, the services, check-in and no-shows."""
