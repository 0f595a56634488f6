"""The enterprise's registration codes: the 统一社会信用代码 (GB 32100-2015, 18 characters ending in
a check character) and the 9-digit enterprise code of the 危化品登记 system (the national
interface's ``companyCode``, national-interface.md §2.0)."""

from __future__ import annotations

import re

from dualprev.hazards.errors import InvalidInput

# GB 32100-2015 §4: the code's alphabet is the digits and the capitals without I, O, Z, S, V;
# character i (0-based) of the first 17 weighs 3**i mod 31; the 18th makes the sum 0 mod 31.
CREDIT_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
CREDIT_WEIGHTS = tuple(pow(3, i, 31) for i in range(17))
COMPANY_CODE = re.compile(r"[0-9]{9}")  # ASCII digits: \d would take any script's


def credit_check_char(first17: str) -> str:
    """The check character that completes the first 17 characters of a credit code."""
    total = sum(CREDIT_ALPHABET.index(c) * w for c, w in zip(first17, CREDIT_WEIGHTS, strict=True))
    return CREDIT_ALPHABET[-total % 31]


def credit_code(value: str) -> str:
    """A 统一社会信用代码, upper-cased, or InvalidInput saying which character is wrong."""
    code = value.strip().upper()
    if len(code) != 18:
        raise InvalidInput(f"--credit-code {value!r} has {len(code)} characters: a 统一社会信用代码 has 18")
    for i, c in enumerate(code):
        if c not in CREDIT_ALPHABET:
            raise InvalidInput(f"--credit-code {value!r}: character {i + 1} ({c!r}) is not used in a "
                               "统一社会信用代码 (digits and capitals except I O Z S V)")
    expected = credit_check_char(code[:17])
    if code[17] != expected:
        raise InvalidInput(f"--credit-code {value!r}: the check character is {code[17]!r} but the "
                           "first 17 characters give a different one (GB 32100-2015): check the code "
                           "for a mistyped character")
    return code


def company_code(value: str) -> str:
    """The 9-digit enterprise code of the 危化品登记 system."""
    code = value.strip()
    if not COMPANY_CODE.fullmatch(code):
        raise InvalidInput(f"--company-code {value!r} is not 9 digits: give the enterprise code of the "
                           "危化品登记 system")
    return code
