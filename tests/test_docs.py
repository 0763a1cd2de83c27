"""Docs that cannot drift: every command and every setting is documented in the README."""

from __future__ import annotations

import argparse
import re

from brinkwatch.cli import build_parser
from brinkwatch.settings import SETTINGS_DOC, Settings

from .conftest import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")


def _commands(parser: argparse.ArgumentParser, prefix: str = "") -> list[str]:
    out = []
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                out.append(f"{prefix}{name}")
                out += _commands(sub, f"{prefix}{name} ")
    return out


def test_docs_every_command_has_a_readme_example() -> None:
    missing = [c for c in _commands(build_parser()) if not re.search(rf"brinkwatch {re.escape(c)}\b", README)]
    assert not missing, f"commands without an example in README.md: {missing}"


def test_docs_every_setting_is_in_the_readme() -> None:
    names = [f for f in Settings.__dataclass_fields__]
    assert set(names) == set(SETTINGS_DOC)
    missing = [n for n in names if f"`{n}`" not in README]
    assert not missing, f"settings not documented in README.md: {missing}"


def test_docs_readme_keeps_the_two_setup_commands() -> None:
    assert "make demo" in README and "make test" in README
