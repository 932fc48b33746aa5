"""A value computed at most once per process, started in the background at startup.

Pages whose content is expensive but fixed for the store being served (dumps, the ontology page)
build it in a thread when the app starts; a request arriving first simply waits for that build.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import Generic, TypeVar

T = TypeVar("T")
log = logging.getLogger(__name__)


class Once(Generic[T]):
    def __init__(self, name: str, build: Callable[[], T]):
        self.name = name
        self._build = build
        self._lock = threading.Lock()
        self._done = False
        self._value: T | None = None
        self.error: str | None = None

    def start(self) -> None:
        threading.Thread(target=self.get, name=self.name, daemon=True).start()

    def get(self) -> T | None:
        """The value, or None when building it failed (`error` says why); never builds twice."""
        with self._lock:
            if not self._done:
                try:
                    self._value = self._build()
                except Exception as error:  # logged and shown; the rest of the app still serves
                    log.exception("building %s failed", self.name)
                    self.error = f"{type(error).__name__}: {error}"
                self._done = True
            return self._value
