"""Annotate stage: the only module that loads the spaCy model.

The model is loaded once per process (``load_model`` is cached) and texts are always parsed in batches with
``nlp.pipe``. The model name is a setting (``model``; env ``BRINKWATCH_MODEL``) so a user can plug in the official
``en_core_web_sm`` or a larger English pipeline.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, TypeVar

from .errors import BrinkwatchError, ModelNotFoundError

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

T = TypeVar("T")

__all__ = ["annotate", "annotate_tuples", "load_model", "model_version"]

REQUIRED_PIPES = ("parser", "ner")


@functools.cache
def load_model(name: str) -> Language:
    """Load (once) the spaCy pipeline ``name``; it must have a dependency parser and NER."""
    import spacy

    try:
        nlp = spacy.load(name)
    except OSError as exc:
        raise ModelNotFoundError(name) from exc
    missing = [pipe for pipe in REQUIRED_PIPES if pipe not in nlp.pipe_names]
    if missing:
        raise BrinkwatchError(f"spaCy model {name!r} lacks the {', '.join(missing)} component(s) Brinkwatch needs")
    return nlp


def model_version(name: str) -> str:
    nlp = load_model(name)
    return f"{nlp.meta.get('name', name)}-{nlp.meta.get('version', '?')}"


def annotate(texts: Iterable[str], model: str, *, batch_size: int = 32, n_process: int = 1) -> Iterator[Doc]:
    """Parse ``texts`` in batches; yields one Doc per text, in order."""
    nlp = load_model(model)
    yield from nlp.pipe(texts, batch_size=batch_size, n_process=n_process)


def annotate_tuples(items: Iterable[tuple[str, T]], model: str, *, batch_size: int = 32,
                    n_process: int = 1) -> Iterator[tuple[Doc, T]]:
    """Parse ``(text, context)`` pairs in batches, keeping each context with its Doc, in order."""
    nlp = load_model(model)
    yield from nlp.pipe(items, as_tuples=True, batch_size=batch_size, n_process=n_process)
