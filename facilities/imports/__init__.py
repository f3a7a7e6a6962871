"""Spreadsheet imports of the bureau's data: all or nothing, every bad row reported."""
