"""Partnerfolio: a partnership portfolio manager."""

__version__ = "0.1.0"
