"""The school facility manager's pages on the public site: hours against policy, the day's
bookings, check-in by code or QR scan, no-shows. Scope comes from the querysets only."""
