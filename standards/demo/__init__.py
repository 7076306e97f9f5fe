"""Demo data for the standards checklists: see standards.demo.checklists."""

from standards.demo.checklists import load

__all__ = ["load"]
