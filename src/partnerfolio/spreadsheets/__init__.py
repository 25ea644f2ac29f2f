"""Spreadsheets in and out: CSV and XLSX import with mappings, and exports."""
