"""The disclosure log on screen: asking to whom a document goes, and each patient's log."""
