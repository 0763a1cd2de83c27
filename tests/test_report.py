from __future__ import annotations

import base64
import datetime as dt
import json
import os
import re
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from brinkwatch.cli import main
from brinkwatch.store import open_store

from .analysis_store import build_alert_store, ev, write

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = build_alert_store(tmp_path_factory.mktemp("report") / "r.duckdb")
    with open_store(path) as store:
        day = dt.date(2024, 6, 29)
        write(store, "hostile", [ev("hostile", "RUSMIL", "UKR", "190", day,
                                    sentence="Russia attacked <script>alert(1)</script> Ukraine & \"friends\".")],
              published=day, title="<b>Bold</b> title")
    return path


def test_report_trends_table_and_plot(db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    png = tmp_path / "t.png"
    assert main(["trends", "RUS", "UKR", "--db", str(db), "--format", "table", "--plot", str(png)]) == 0
    out, err = capsys.readouterr()
    lines = out.splitlines()
    assert lines[0].startswith("PERIOD") and "GS MEAN" in lines[0]
    last = next(line for line in lines if line.startswith("2024-06-24"))
    assert last.split()[1] == "6"  # the surge; the hostile story's attack joined the surge's cluster of 06-30
    assert any(line.startswith("total") for line in lines) and "wrote the plot" in err
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_report_trends_jsonl_lists_every_period(db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["trends", "ISR", "PSE", "--db", str(db), "--directed", "--interval", "day",
                 "--since", "2024-06-01", "--until", "2024-06-30"]) == 0
    rows = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert len(rows) == 30 and sum(r["events"] for r in rows) == 17 and rows[0]["period"] == "2024-06-01"


def test_report_trends_bad_input_exits_2(db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["trends", "RUS,X", "UKR", "--db", str(db)]) == 2
    assert "not an actor code" in capsys.readouterr().err
    assert main(["trends", "RUS", "UKR", "--db", str(db.parent / "none.duckdb")]) == 2


def test_report_html_is_self_contained_and_escaped(db: Path, tmp_path: Path,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "r.html"
    assert main(["report", "RUS", "UKR", "--db", str(db), "-o", str(out)]) == 0
    page = out.read_text(encoding="utf-8")
    assert "&lt;script&gt;alert(1)&lt;/script&gt; Ukraine &amp; &quot;friends&quot;" in page
    assert "&lt;b&gt;Bold&lt;/b&gt; title" in page
    assert "<script" not in page and 'src="http' not in page and "<link" not in page
    assert "default-src 'none'" in page
    chart = re.search(r'src="data:image/png;base64,([^"]+)"', page)
    assert chart and base64.b64decode(chart[1])[:4] == b"\x89PNG"
    assert "dyad:" not in page and "RUS → UKR" in page  # the alert of the dyad, with its evidence
    assert "Russian forces escalated (190) against Ukraine" in page
    assert page.count('<div class="ev">') == 14  # 8 baseline + 6 surge clusters (the hostile story joined one)
    assert "wrote the report" in capsys.readouterr().err


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_report_serve_binds_to_loopback_prints_its_address_and_stops_on_ctrl_c(db: Path) -> None:
    port = _free_port()
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src"), "BRINKWATCH_TOKEN": ""}
    proc = subprocess.Popen([sys.executable, "-m", "brinkwatch", "serve", "--db", str(db), "--port", str(port)],
                            stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True, env=env, cwd=ROOT)
    try:
        line = proc.stderr.readline() if proc.stderr else ""
        assert f"http://127.0.0.1:{port}/" in line and "read-only" in line
        deadline = time.monotonic() + 20
        while True:
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=1):
                    break
            except OSError:
                assert time.monotonic() < deadline and proc.poll() is None, "the server did not start"
                time.sleep(0.1)
        proc.send_signal(signal.SIGINT)
        assert proc.wait(timeout=20) == 0
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()


def test_report_serve_refuses_a_busy_port_and_a_missing_store(db: Path, tmp_path: Path,
                                                              capsys: pytest.CaptureFixture[str]) -> None:
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        assert main(["serve", "--db", str(db), "--port", str(port)]) == 2
        assert "choose another --port" in capsys.readouterr().err
    assert main(["serve", "--db", str(tmp_path / "none.duckdb"), "--port", "0"]) == 2
    assert "no event store" in capsys.readouterr().err
