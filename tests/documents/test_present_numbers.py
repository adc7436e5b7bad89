"""The one number formatter: each language's decimal mark, grouping and minus sign."""

import pytest

from skolekvalitet.documents import present


@pytest.mark.parametrize(
    ("value", "digits", "language", "shown"),
    [
        (-1.25, 1, "nb", "\u22121,3"),  # a real minus sign (U+2212), as Norwegian prints it
        (-0.04, 1, "nn", "0,0"),  # never "−0,0"
        (-12345.6, 1, "nn", "\u221212\u00a0345,6"),
        (-1.25, 1, "en", "-1.3"),
        (4.05, 1, "nb", "4,1"),  # half away from zero, as people round
    ],
)
def test_a_number_reads_as_its_language_writes_it(value, digits, language, shown):
    assert present.number(value, digits, language) == shown
