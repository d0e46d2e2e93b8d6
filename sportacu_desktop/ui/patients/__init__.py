"""Patient list, search and the chart header."""
