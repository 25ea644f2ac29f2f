"""The partner portal under /portal/: partner users, shared scorecards, two-sided survey rounds."""
