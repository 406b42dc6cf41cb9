"""The review queue: persistence, workflow and migrations."""
