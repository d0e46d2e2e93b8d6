"""Keeping the clinic's data safe from the GUI: unlock, start check, backups, encryption."""
