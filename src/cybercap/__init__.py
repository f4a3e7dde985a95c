"""Cybercap: national cyber security capacity building in one Django application."""

__version__ = "0.1.0"
