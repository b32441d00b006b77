"""Which languages kutip reads (Indonesian) and the warning for the others."""

from __future__ import annotations

import pytest

from kutip.formats.language import LANGUAGE_NOT_COVERED, read_language


@pytest.mark.parametrize("tag", ["id", "ID", "id-ID", "id_ID", "in", "ind", "id-Latn-ID"])
def test_indonesian_is_covered(tag: str) -> None:
    language = read_language(tag)
    assert language.covered and language.declared == tag and language.warning() is None


@pytest.mark.parametrize("tag", [None, "", "  "])
def test_no_language_means_indonesian(tag: str | None) -> None:
    assert read_language(tag).to_dict() == {"declared": None, "covered": True}


@pytest.mark.parametrize("tag", ["en", "en-GB", "de", "nb-NO", "ms", "zh", "idn", "English", "i d"])
def test_other_languages_and_malformed_tags_are_not_covered(tag: str) -> None:
    language = read_language(tag)
    assert language.to_dict() == {"declared": tag, "covered": False}
    warning = language.warning()
    assert warning is not None and warning.startswith(f"{LANGUAGE_NOT_COVERED}: ")
    assert repr(tag) in warning
