from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

from brinkwatch.cli import main

pytestmark = pytest.mark.slow

STORY = ("Kazakhstan and Kyrgyzstan\n\nKazakh President Kassym-Jomart Tokayev telephoned Kyrgyz President "
         "Sadyr Japarov on Monday to discuss the border.\n")


@pytest.fixture()
def story(tmp_path: Path) -> Path:
    path = tmp_path / "2024-05-06-call.txt"
    path.write_text(STORY, encoding="utf-8")
    return path


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_cli_code_jsonl_when_piped(capsys: pytest.CaptureFixture[str], story: Path) -> None:
    code, out, err = _run(capsys, "code", str(story))
    assert code == 0
    events = [json.loads(line) for line in out.splitlines()]
    call = [e for e in events if e["cameo_root"] == "04"]
    assert call and call[0]["source"]["code"] == "KAZGOV" and call[0]["target"]["code"] == "KGZGOV"
    assert call[0]["date"] == "2024-05-06" and call[0]["doc_id"] == story.name
    assert "Coded 1 of 1 article(s)" in err


def test_cli_code_csv_to_file(capsys: pytest.CaptureFixture[str], story: Path, tmp_path: Path) -> None:
    out_path = tmp_path / "events.csv"
    code, out, _ = _run(capsys, "code", str(story), "-o", str(out_path))
    assert code == 0 and out == ""
    rows = list(csv.DictReader(io.StringIO(out_path.read_text(encoding="utf-8"))))
    assert rows and rows[0]["source_code"] == "KAZGOV" and rows[0]["cameo"].startswith("04")


def test_cli_code_table_format(capsys: pytest.CaptureFixture[str], story: Path) -> None:
    code, out, _ = _run(capsys, "code", str(story), "--format", "table")
    assert code == 0
    header, first = out.splitlines()[:2]
    assert header.split()[:5] == ["DATE", "SOURCE", "CAMEO", "TARGET", "PLOVER"]
    assert "KAZGOV" in first and "KGZGOV" in first and "CONSULT" in first


def test_cli_code_bad_inputs_exit_1_and_good_ones_still_coded(
    capsys: pytest.CaptureFixture[str], story: Path, tmp_path: Path
) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_text("", encoding="utf-8")
    binary = tmp_path / "blob.txt"
    binary.write_bytes(b"\x00\x01\x02\x00")
    code, out, err = _run(capsys, "code", str(tmp_path / "missing.txt"), str(empty), str(binary), str(story))
    assert code == 1
    assert out.strip(), "the good input must still be coded"
    lines = [line for line in err.splitlines() if line.startswith("brinkwatch: ") and "skipped" not in line]
    assert any("missing.txt: no such file" in line for line in lines)
    assert any("empty.txt: empty input" in line for line in lines)
    assert any("blob.txt: binary file" in line for line in lines)
    assert "Traceback" not in err


def test_cli_code_non_english_is_skipped_not_failed(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    german = tmp_path / "de.txt"
    german.write_text("Der Bundespräsident hat am Montag mit seinem kasachischen Amtskollegen telefoniert. "
                      "Die beiden Politiker sprachen über die Lage in der Region.", encoding="utf-8")
    code, out, err = _run(capsys, "code", str(german), "--date", "2024-01-01")
    assert code == 0 and out == ""
    assert "not English" in err and "skipped 1" in err


def test_cli_bad_date_is_a_usage_error(capsys: pytest.CaptureFixture[str], story: Path) -> None:
    with pytest.raises(SystemExit) as info:
        main(["code", str(story), "--date", "28/03/2022"])
    assert info.value.code == 2
    assert "is not a date" in capsys.readouterr().err


def test_cli_unknown_model_is_one_line_error(capsys: pytest.CaptureFixture[str], story: Path) -> None:
    code, _, err = _run(capsys, "--model", "no_such_model_xyz", "code", str(story))
    assert code == 2
    assert "no_such_model_xyz" in err and "Traceback" not in err and len(err.strip().splitlines()) == 1


def test_cli_actors_resolve_garbled_name(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _run(capsys, "actors", "resolve", "Qasim-Skomart Tokaye", "--date", "2022-03-28")
    row = json.loads(out)
    assert code == 0 and row["code"] == "KAZGOV" and row["name"] == "Kassym-Jomart Tokayev"
    assert row["layer"] == "fuzzy"


def test_cli_actors_resolve_input_file(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = tmp_path / "m.jsonl"
    path.write_text("\n".join(json.dumps(x) for x in [
        {"id": "a", "mention": "Nursultan Nazarbayev", "date": "2015-01-01"},
        {"id": "b", "mention": "Nursultan Nazarbayev", "date": "2023-01-01"},
        {"id": "c", "mention": "Beate Eschment", "date": "2022-03-28", "context": "said Beate Eschment, an expert"},
    ]), encoding="utf-8")
    code, out, _ = _run(capsys, "actors", "resolve", "--input", str(path))
    rows = {r["id"]: r for r in map(json.loads, out.splitlines())}
    assert code == 0
    assert rows["a"]["code"] == "KAZGOV" and rows["b"]["code"] == "KAZELI"
    assert rows["c"]["code"] is None and rows["c"]["layer"] == "unresolved"
    assert set(rows["a"]) == {"id", "code", "country", "sector", "org", "name", "kb_id", "confidence", "layer"}


def test_cli_actors_show(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _run(capsys, "actors", "show", "Noor-Sultan")
    assert code == 0 and json.loads(out.splitlines()[0])["id"] == "country:KAZ"


def test_cli_kb_validate(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _run(capsys, "kb", "validate")
    assert code == 0 and out.startswith("ok:")


def test_cli_python_dash_m_and_stdin(story: Path) -> None:
    proc = subprocess.run([sys.executable, "-m", "brinkwatch", "code", "-", "--date", "2024-05-06", "--quiet"],
                          input=STORY, capture_output=True, text=True, timeout=300, check=False)
    assert proc.returncode == 0, proc.stderr
    assert any(json.loads(line)["cameo_root"] == "04" for line in proc.stdout.splitlines())
