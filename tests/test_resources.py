from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from brinkwatch.errors import DataValidationError
from brinkwatch.resources import DATA_DIR, Resources, load_resources


def test_resources_shipped_data_validates(resources: Resources) -> None:
    assert len(resources.countries) >= 249
    assert len(resources.people) >= 500
    assert len(resources.organizations) >= 100
    assert len(resources.agents) >= 50
    assert {row.quad_class for row in resources.cameo.values()} == {1, 2, 3, 4}
    assert {code[:2] for code in resources.cameo} == {f"{i:02d}" for i in range(1, 21)}


def test_resources_every_cameo_root_has_patterns(resources: Resources) -> None:
    roots = {p["cameo"][:2] for p in resources.patterns}
    assert roots == {f"{i:02d}" for i in range(1, 21)}


def test_resources_versions_fingerprint_the_data(resources: Resources) -> None:
    assert set(resources.versions) == {"kb", "lexicon"}
    for version in resources.versions.values():
        label, digest = version.split("+")
        assert label and len(digest) == 12
    assert all(len(d) == 64 for d in resources.checksums.values())


def test_resources_crosswalk_follows_official_mapping(resources: Resources) -> None:
    assert resources.plover_info("041").plover == "CONSULT"
    assert resources.plover_info("041").mode == "phone"
    assert resources.plover_info("0874").plover == "RETREAT"
    assert resources.plover_info("163").plover == "COERCE"
    assert resources.plover_info("190").plover == "ASSAULT"
    assert resources.plover_info("0101") is None or resources.plover_info("0101").plover is None


@pytest.mark.parametrize(("code", "goldstein", "quad"), [("190", -10.0, 4), ("040", 1.0, 1), ("010", 0.0, 1)])
def test_resources_goldstein_table(resources: Resources, code: str, goldstein: float, quad: int) -> None:
    row = resources.cameo_info(code)
    assert (row.goldstein, row.quad_class) == (goldstein, quad)


def _append(path: Path, record: dict) -> None:
    with path.open("a", encoding="utf-8") as fh:
        fh.write(json.dumps(record) + "\n")


def test_resources_validation_lists_every_problem_at_once(tmp_path: Path) -> None:
    data = tmp_path / "data"
    shutil.copytree(DATA_DIR, data)
    actors = data / "actors"
    _append(actors / "agents.jsonl", {"id": "agent:dup", "type": "agent", "name": "duplicate",
                                       "sector": "GOV", "aliases": ["Kazakhstan"]})
    _append(actors / "agents.jsonl", {"id": "agent:bad-sector", "type": "agent", "name": "zzz",
                                       "sector": "XXX", "aliases": ["zzz"]})
    _append(actors / "people_europe.jsonl", {
        "id": "person:test-person", "type": "person", "name": "Test Person", "country": "KAZ",
        "aliases": ["Test Person"], "short_names": [], "sector": "ELI",
        "roles": [{"role": "head_of_state", "country": "KAZ", "sector": "GOV", "from": "2020-13-01",
                   "until": "2019-01-01"}, {"role": "emperor", "country": "QQQ", "sector": "GOV"}],
    })
    (data / "lexicon" / "patterns_cooperation.jsonl").open("a").write("{not json\n")
    _append(data / "lexicon" / "patterns_cooperation.jsonl", {
        "id": "999-bad", "pos": "verb", "lemma": "zap", "particle": None, "prep": None, "object": ["@nosuch"],
        "cameo": "999", "negated": None, "example": "Russia zapped Kazakhstan.", "expect": {}})
    with pytest.raises(DataValidationError) as info:
        load_resources(data)
    problems = info.value.problems
    text = "\n".join(problems)
    assert "alias 'Kazakhstan' of agent:dup is already used by country:KAZ" in text
    assert "unknown sector 'XXX'" in text
    assert "'2020-13-01' is not a date" in text
    assert "unknown role 'emperor'" in text
    assert "unknown country code 'QQQ'" in text
    assert "not valid JSON" in text
    assert "'999' is not a CAMEO code" in text
    assert "unknown class '@nosuch'" in text
    assert all(p.split(" ", 1)[0].count(":") >= 1 for p in problems)  # file:line first
    assert len(problems) >= 8


def test_resources_place_names_shared_only_when_declared(tmp_path: Path) -> None:
    data = tmp_path / "data"
    shutil.copytree(DATA_DIR, data)
    # Tripoli is declared shared by Libya and Lebanon; a third claim must declare it too
    _append(data / "actors" / "countries.jsonl", {
        "id": "country:ZZZ", "type": "country", "name": "Zedland", "iso3": "ZZZ", "aliases": ["Zedland"],
        "cities": [{"name": "Tripoli", "aliases": ["Tripoli"]}, {"name": "Zed", "from": "2001-01-01",
                                                                  "until": "2000-01-01"}],
        "formerly": [{"country": "QQQ", "until": "2001-01-01"}, {"country": "SDN"}],
        "dated_names": [{"name": "Zedistan", "from": "1990-01-01", "until": "1980-01-01"}, {"name": "Kazakhstan",
                                                                                           "from": "1990-01-01"},
                        {"name": "Zeddy"}],
        "regions": [{"name": "Zed Valley", "aliases": ["Zed Valley"], "lat": 95.0, "lon": 10.0},
                    {"name": "Darfur", "aliases": ["Darfur"]}]})
    with pytest.raises(DataValidationError) as info:
        load_resources(data)
    text = "\n".join(info.value.problems)
    assert "Zed Valley: lat 95.0 is not a number in [-90, 90]" in text
    assert "alias 'Darfur' of country:ZZZ/regions/Darfur is already used by country:SDN" in text
    assert "alias 'Tripoli' of country:ZZZ/cities/Tripoli is already used by country:LB" in text
    assert "Zed: from 2001-01-01 is after until 2000-01-01" in text
    assert "'QQQ' is not a country in countries.jsonl" in text
    assert "each entry needs a country and an until date" in text
    assert "Zedistan: from 1990-01-01 is after until 1980-01-01" in text
    assert "alias 'Kazakhstan' of country:ZZZ is already used by country:KAZ" in text  # not dated there
    assert "each entry needs a name and a from or until date" in text


def test_resources_shipped_shared_places_have_a_country_each(resources: Resources) -> None:
    shared = {}
    for rec in resources.countries:
        for place in [*(rec.get("capitals") or []), *(rec.get("cities") or []), *(rec.get("regions") or [])]:
            if place.get("shared"):
                shared.setdefault(place["name"], set()).add(rec["iso3"])
    assert shared["Tripoli"] == {"LBY", "LBN"}
    assert shared["Punjab"] == {"IND", "PAK"}


def test_resources_modality_codes_are_cameo_codes(tmp_path: Path) -> None:
    data = tmp_path / "data"
    shutil.copytree(DATA_DIR, data)
    path = data / "lexicon" / "modality.json"
    modality = json.loads(path.read_text(encoding="utf-8"))
    modality["posture_code"] = "999"
    path.write_text(json.dumps(modality), encoding="utf-8")
    with pytest.raises(DataValidationError) as info:
        load_resources(data)
    assert "posture_code: '999' is not a CAMEO code" in "\n".join(info.value.problems)
