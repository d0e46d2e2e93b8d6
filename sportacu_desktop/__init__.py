"""SportAcu Desktop: charting, billing and care coordination for sports-acupuncture clinics."""

__version__ = "0.1.0"
APP_NAME = "SportAcu Desktop"
