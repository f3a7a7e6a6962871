"""Spreadsheet imports of the bureau's data: all or nothing, every bad row reported.

reading.py reads a CSV/XLSX upload into numbered rows (the holiday calendar import uses it too);
cells.py turns cells into values; base.py is the Importer with its plan and apply steps; one
module per kind declares its columns (population, facilities, communities, exercise, physique;
listed in kinds.py); sheet_templates.py writes the sheets to fill in; views.py, viewsets.py and
pending.py are the Wagtail admin side, management/commands/import_data.py the command line.
"""
