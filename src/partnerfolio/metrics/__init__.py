"""Metrics tracked for a partnership and their dated observations."""
