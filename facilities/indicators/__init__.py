"""The plan's indicators: plain functions that aggregate in the database and return `Indicator`."""
