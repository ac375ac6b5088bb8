"""One reset for every module-level cache: ``toolkit.caches.clear()``.

The reader and the checks memoize pure functions of strings (block parses, inline halves,
CLDR data per locale…) at module level; the results never change, so nothing needs a reset
for correctness. Benchmarks that must start cold, and tests that must not depend on what an
earlier test filled, call :func:`clear`. A module-level cache is either a
:func:`functools.lru_cache` function or emptied by the module's ``clear_memo()``; both kinds
are found here in every loaded ``toolkit`` module, so a new cache needs no registration.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from types import ModuleType


def _toolkit_modules() -> Iterator[ModuleType]:
    for name, module in list(sys.modules.items()):
        if (name == "toolkit" or name.startswith("toolkit.")) and module is not None:
            yield module


def clearers() -> list[Callable[[], None]]:
    """The function that empties each module-level cache of the loaded toolkit modules."""
    found: dict[int, Callable[[], None]] = {}
    for module in _toolkit_modules():
        for name, value in vars(module).items():
            owner = getattr(value, "__module__", None)
            if owner != module.__name__:
                continue  # imported from elsewhere: cleared where it is defined
            clear = getattr(value, "cache_clear", None)
            if callable(clear):
                found[id(value)] = clear
            elif name == "clear_memo" and callable(value):
                found[id(value)] = value
    return list(found.values())


def clear() -> int:
    """Empty every module-level cache; returns how many there were."""
    functions = clearers()
    for function in functions:
        function()
    return len(functions)
