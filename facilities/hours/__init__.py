"""Opening hours: weekly rules, dated exceptions, the county calendar, and the slot planner."""
