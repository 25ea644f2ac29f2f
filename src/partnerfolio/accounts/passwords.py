"""A password rule Django lacks: not the username repeated.

Django's UserAttributeSimilarityValidator compares the whole password with the username,
so "anaanaanaana" is far enough from "ana" to pass; a guesser tries it early. Here the
password's letters, lower-cased and without digits, spaces or punctuation, may not be the
username's letters once or more times over ("ana-ana-ana-ana", "Ana2026Ana2026",
"ana123456789012").
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError

MESSAGE = (
    "This password is the username repeated (or with only digits and separators added): "
    "choose one that is not built from it."
)


def _letters(text: str) -> str:
    return "".join(c for c in text.casefold() if c.isalpha())


class UsernameRepeatedValidator:
    def validate(self, password: str, user: Any = None) -> None:
        name = _letters(getattr(user, "username", "") or "")
        letters = _letters(password)
        repeats, rest = divmod(len(letters), len(name)) if name else (0, 1)
        if repeats and not rest and letters == name * repeats:
            raise ValidationError(MESSAGE, code="password_username_repeated")

    def get_help_text(self) -> str:
        return "Your password can’t be your username repeated."
