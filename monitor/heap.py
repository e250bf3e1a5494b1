"""Giving freed heap memory back to the system after loading models.

Loading the accurate model makes and drops a few hundred MB of temporaries (float32
weights merged, smoothed and quantised into the int8 graph). glibc's malloc raises its
mmap threshold as big blocks are freed, so later temporaries land in the heap, and the
heap keeps the pages after they are freed: the analyze process held ~170 MB of free
memory as its own for the rest of its life. malloc_trim returns it.
"""

from __future__ import annotations

import ctypes
import ctypes.util
from functools import lru_cache


@lru_cache(maxsize=1)
def _libc():
    name = ctypes.util.find_library("c")
    try:
        libc = ctypes.CDLL(name) if name else None
    except OSError:
        return None
    return libc if libc is not None and hasattr(libc, "malloc_trim") else None  # glibc only


def release() -> bool:
    """Free heap pages back to the system; False where the C library cannot (musl, macOS)."""
    libc = _libc()
    if libc is None:
        return False
    libc.malloc_trim(0)
    return True
