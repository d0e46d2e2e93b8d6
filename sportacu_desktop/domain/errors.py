"""Errors split in two: what the user can fix, and everything else (a bug).

A ``UserError`` carries a message written for the person at the keyboard — a receptionist
must understand it — and is shown as it is, on screen or as the command line's one line.
Anything else that escapes a service is a bug: logged, and shown as "something went wrong".
"""


class UserError(Exception):
    """A problem the user can fix; ``str(error)`` is the message to show as it is."""
