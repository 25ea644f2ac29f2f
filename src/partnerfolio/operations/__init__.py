"""Running an installation: health answers, request logs, backups and restores."""
