"""Demo data for staff recognition: see recognition.demo.recognition."""

from recognition.demo.recognition import load

__all__ = ["load"]
