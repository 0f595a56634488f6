"""The enterprise's codes: real 统一社会信用代码 pass their GB 32100-2015 check, any one wrong
character is caught, and the 危化品登记 code is 9 ASCII digits."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dualprev.hazards import registration
from dualprev.hazards.errors import InvalidInput

# published on the enterprises' business licences (and the standard's own example, the first)
REAL = ["91350100M000100Y43", "914403001922038216", "9144030071526726XG", "91110000802100433B",
        "91330100716105852F"]


@pytest.mark.parametrize("code", REAL)
def test_real_codes_pass(code):
    assert registration.credit_code(code) == code
    assert registration.credit_code(f" {code.lower()} ") == code


@pytest.mark.parametrize(("code", "why"), [
    ("91350100M000100Y44", "check character"),  # the last character wrong
    ("91350100M000101Y43", "check character"),  # one in the middle
    ("91350100M000100Y4", "17 characters"),
    ("91350100M0001O0Y43", "character 14"),  # the letter O is not in the alphabet
    ("91350100M000100Ｙ43", "character 16"),  # a full-width Y
])
def test_a_wrong_code_is_refused(code, why):
    with pytest.raises(InvalidInput, match=why):
        registration.credit_code(code)


@given(st.sampled_from(REAL), st.integers(0, 17), st.sampled_from(registration.CREDIT_ALPHABET))
def test_every_single_wrong_character_is_caught(code, at, char):
    typo = code[:at] + char + code[at + 1:]
    if typo == code:
        return
    with pytest.raises(InvalidInput):
        registration.credit_code(typo)


@pytest.mark.parametrize("code", ["12345678", "1234567890", "12345678a", "١٢٣٤٥٦٧٨٩", ""])
def test_company_code_is_nine_ascii_digits(code):
    with pytest.raises(InvalidInput, match="9 digits"):
        registration.company_code(code)
    assert registration.company_code(" 330100123 ") == "330100123"
