"""The PySide6 desktop interface; it talks to services only, never to the database."""
