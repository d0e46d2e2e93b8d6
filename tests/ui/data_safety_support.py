"""Shared by the data-safety UI tests."""

PASSPHRASE = "harbor tide granite"
