"""Typed errors: every problem with user input becomes one readable line."""

from __future__ import annotations

import os

__all__ = ["DocumentError", "ModelError"]


class DocumentError(ValueError):
    """A file or text that cannot be read as a posting or resume.

    Carries the offending ``path`` (or a label such as ``"<text>"``) and a plain
    ``reason`` so the CLI can print ``path: reason`` on one line.
    """

    def __init__(self, path: str | os.PathLike[str] | None, reason: str) -> None:
        self.path = str(path) if path is not None else "<text>"
        self.reason = reason
        super().__init__(f"{self.path}: {reason}")


class ModelError(ValueError):
    """A model file that is missing, altered or made by an incompatible version."""

    def __init__(self, path: str | os.PathLike[str] | None, reason: str) -> None:
        self.path = str(path) if path is not None else "<model>"
        self.reason = reason
        super().__init__(f"{self.path}: {reason}")
