"""Administration screens: the audit trail, user accounts and records retention."""
