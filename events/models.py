"""Event pages and the calendar come with the events issue; the app is installed already."""
