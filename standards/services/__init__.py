"""Writes to the standards checklists. Views and the demo call these; nothing else changes a
rating, an assessment's status, evidence or an action."""
