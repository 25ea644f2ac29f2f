"""The web application: layout, sign-in, and the pages partnership managers work in."""
