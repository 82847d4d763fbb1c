"""Progress drawn on stderr during long work; the caller has checked that stderr is a
terminal."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Protocol

from rich.console import Console


@contextmanager
def spinner(message: str) -> Iterator[None]:
    """A spinner with `message` while the block runs; gone after."""
    with Console(stderr=True, force_terminal=True).status(message):
        yield


class Show(Protocol):
    def __call__(self, done: int, description: str | None = None) -> None: ...


@contextmanager
def progress_bar(description: str, total: int) -> Iterator[Show]:
    """A bar while the block runs, gone after; yields `show(done, new description)`."""
    from rich.progress import Progress

    console = Console(stderr=True, force_terminal=True)
    # redirect_stdout off: a report goes to stdout untouched, never through the bar's console.
    with Progress(console=console, transient=True, redirect_stdout=False) as bar:
        task = bar.add_task(description, total=total)

        def show(done: int, description: str | None = None) -> None:
            bar.update(task, completed=done, description=description)

        yield show
