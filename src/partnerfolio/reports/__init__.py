"""Reports for reviews and executives, as HTML pages and PDF documents."""
