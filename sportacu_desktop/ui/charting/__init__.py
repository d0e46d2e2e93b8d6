"""Charting a visit: the SOAP note editor, its treatment sections, safety and signing."""
