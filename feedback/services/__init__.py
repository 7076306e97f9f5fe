"""Writes to the feedback register. Every change to an item goes through a service here: each is
atomic, validates, bumps the item's version, and writes a timeline event and the audit history."""
