"""Renderers: pure functions from a report to text. Only `human` imports rich."""
