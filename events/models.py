"""Event pages and the calendar arrive with the events issue; the app is installed from the start."""
