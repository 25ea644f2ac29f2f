"""Alerts that reach people: digests, in-app notifications, webhooks; the task queue's jobs."""
