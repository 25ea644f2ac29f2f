"""Request and response schemas, one family per resource (XIn, XPatch, XOut)."""
