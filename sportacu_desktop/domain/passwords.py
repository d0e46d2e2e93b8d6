"""What makes a password acceptable for an account of the clinic."""

from functools import cache

from sportacu_desktop.domain.resources import RESOURCES

MIN_PASSWORD_LENGTH = 12
# Long enough for any passphrase; short enough that hashing one costs no more than usual.
MAX_PASSWORD_LENGTH = 256
# Published in the README for the demo clinic: whoever reads it knows it.
DEMO_PASSWORD = "sportacu-demo"


def _letters(text: str) -> str:
    """The password as compared with the list: case, spaces and punctuation ignored."""
    return "".join(ch for ch in text.casefold() if ch.isalnum())


@cache
def common_passwords() -> frozenset[str]:
    lines = (RESOURCES / "common_passwords.txt").read_text(encoding="utf-8").splitlines()
    return frozenset(_letters(line) for line in lines if line.strip() and not line.startswith("#"))


def password_problem(password: str, username: str = "") -> str | None:
    """Why ``password`` cannot be used, in plain words; None when it can."""
    if len(password) < MIN_PASSWORD_LENGTH:
        return f"Use a password of at least {MIN_PASSWORD_LENGTH} characters."
    if len(password) > MAX_PASSWORD_LENGTH:
        return f"Use a password of at most {MAX_PASSWORD_LENGTH} characters."
    letters = _letters(password)
    if letters == _letters(DEMO_PASSWORD):
        return "That is the demo clinic's password, which anyone can read. Choose another one."
    if letters in common_passwords() or len(set(letters)) <= 2:
        return "That password is one of the most used ones and easy to guess. Choose another one."
    name = _letters(username)
    if name and (letters == name or (letters.startswith(name) and letters[len(name) :].isdigit())):
        return "The password must not be the user name. Choose another one."
    # Imported here: the sign-in window needs this module, and validation brings the
    # identifier checks with it, which the first window should not wait for.
    from sportacu_desktop.domain.validation import storable_problem

    return storable_problem(password, "password")
