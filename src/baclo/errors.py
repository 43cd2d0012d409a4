"""The one exception hierarchy of baclo.

::

    BacloError                 anything baclo raises on purpose
     +-- InputError            the caller gave bad input (CLI exit 2, HTTP 422)
     |    +-- FieldError       one named field is wrong (carries ``field`` and ``code``)
     |    +-- ValidationError  several fields are wrong at once (carries ``errors``)
     +-- DataError             a shipped or stored data file is invalid (CLI exit 1)

Domain functions raise these with a message that echoes the bad value, so that a shell
(CLI, web form, API) can show it as it is, in one line.
"""

from __future__ import annotations

from collections.abc import Iterable

from baclo.text import Text

__all__ = ["BacloError", "DataError", "FieldError", "InputError", "ValidationError"]


class BacloError(Exception):
    """Base class of every error baclo raises on purpose."""


class InputError(BacloError, ValueError):
    """Bad input from a user or a program: refused with a readable message."""


class FieldError(InputError):
    """One input field is invalid.

    ``code`` is a stable machine code (e.g. ``"out_of_range"``) that a UI can translate;
    ``field`` names the field as the caller knows it (e.g. ``"craving.intensity"``).
    ``message`` is English; a refusal that can reach a person is written as a
    :class:`~baclo.text.Text` (``text``, both languages with the bad value inside), which the web
    shows in the reader's language (``baclo.web.wording.error_message``).
    """

    def __init__(self, field: str, message: str | Text, *, code: str = "invalid") -> None:
        self.text = message if isinstance(message, Text) else None
        self.message = message.en if isinstance(message, Text) else message
        super().__init__(f"{field}: {self.message}")
        self.field = field
        self.code = code

    def for_field(self, field: str) -> FieldError:
        """The same refusal reported under another name of the field (the caller's)."""
        return FieldError(field, self.text or self.message, code=self.code)


class ValidationError(InputError):
    """Several fields are invalid; all are reported at once."""

    def __init__(self, errors: Iterable[FieldError]) -> None:
        self.errors: list[FieldError] = list(errors)
        if not self.errors:
            raise ValueError("ValidationError needs at least one FieldError")
        super().__init__("; ".join(str(e) for e in self.errors))


class DataError(BacloError):
    """A data file shipped with baclo or stored by it is malformed."""
