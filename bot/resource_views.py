"""What a library resource looks like where it is shown (a match's introduction, App Home): plain data, importing
neither the notifier nor Deps."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ResourceInfo:
    id: int
    title: str
    url: str
    kinds: tuple[str, ...]
    stages: tuple[str, ...]
    program: str | None
