"""Professional identifiers a prescriber enters, checked before anyone verifies them by hand.

France: the RPPS number (Répertoire partagé des professionnels intervenant dans le système de
santé), given for life to every doctor when they register with their Order. It is 11 digits,
not meaningful, the last of which is a Luhn check digit (Agence du numérique en santé, table
comparing the RPPS, health-insurance and FINESS numbers in the FAQ of the Ségur numérique
programme, consulted 2026: "11 caractères numériques (le dernier étant la clé de Luhn) non
significatifs").
The check digit is Luhn's mod-10 scheme (Luhn H.P., 1960, "Computer for verifying numbers",
US patent 2,950,048): it catches every single mistyped digit and most swaps of two neighbours,
so a typo is refused at once, before association staff look the number up in the public
directory (annuaire.sante.fr) and verify the account.

>>> parse_rpps("rpps", "1000 5173 140")
'10005173140'
"""

from __future__ import annotations

from baclo.errors import FieldError

__all__ = ["RPPS_DIGITS", "luhn_valid", "parse_rpps"]

RPPS_DIGITS = 11


def luhn_valid(digits: str) -> bool:
    """Whether the last digit of ``digits`` is the Luhn check digit of the others: every
    second digit from the right is doubled (9 taken off above 9) and the sum ends in 0."""
    total = 0
    for position, char in enumerate(reversed(digits)):
        value = int(char)
        if position % 2:
            value = value * 2 - 9 if value > 4 else value * 2
        total += value
    return total % 10 == 0


def parse_rpps(field: str, text: str) -> str:
    """An RPPS number as 11 digits (spaces and dots allowed between them, as printed on a
    prescription), else a ``FieldError`` with code ``format`` or ``check_digit``."""
    digits = "".join(text.split()).replace(".", "")
    if len(digits) != RPPS_DIGITS or not digits.isascii() or not digits.isdigit():
        raise FieldError(
            field, f"an RPPS number is {RPPS_DIGITS} digits, got {text!r:.40}", code="format"
        )
    if not luhn_valid(digits):
        raise FieldError(
            field, f"{digits} is not an RPPS number (its check digit is wrong)", code="check_digit"
        )
    return digits
