"""Text a spreadsheet would run as a formula, defused as OWASP's CSV-injection advice says.

Venue, village and unit names are typed in by editors and school managers; a cell starting with
`=`, `+`, `-`, `@`, a tab or a carriage return is a formula to Excel and WPS (for example
`-2+3+cmd|' /C calc'!A0`). A leading apostrophe makes it text.
"""

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def defused(text: str) -> str:
    return f"'{text}" if text.startswith(FORMULA_START) else text
