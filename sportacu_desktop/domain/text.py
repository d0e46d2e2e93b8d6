"""Text normalisation shared by storage (search keys) and the UI."""

import unicodedata


def fold(text: str) -> str:
    """Lower-case ``text`` and strip accents so "Zoë" and "zoe" compare equal."""
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return stripped.casefold()


def digits_only(text: str) -> str:
    return "".join(ch for ch in text if ch.isdigit())


def sentence(text: str) -> str:
    """``text`` ending with one full stop, so "Okafor, L.Ac." never reads "L.Ac..\""""
    text = text.rstrip()
    return text if text.endswith((".", "!", "?")) else f"{text}."
