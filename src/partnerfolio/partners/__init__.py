"""Partner organizations: who we partner with, what they bring, where they compete."""
