"""Partnerships: the record of each alliance and the commands that assess it."""
