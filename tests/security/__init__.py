"""The attack suite: every door as every role, junk parameters, hostile files."""
