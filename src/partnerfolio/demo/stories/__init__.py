"""The demo portfolio's stories, one module per kind of partnership."""
