"""Writes to staff recognition. Views, tasks and the demo call these; nothing else changes a
thank-you, a nomination, a score or a round's results."""
