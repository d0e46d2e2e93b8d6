"""File ▸ Export and a patient's record on request."""
