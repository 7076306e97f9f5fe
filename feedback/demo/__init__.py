"""Demo data for feedback: see feedback.demo.register."""

from feedback.demo.register import load

__all__ = ["load"]
