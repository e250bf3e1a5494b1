"""Model files read through the page cache instead of copied onto the heap.

A model file memory-mapped read-only costs resident memory only for the pages a
process touches (an embedding table's rows of the words it meets), and the pages are
the kernel's, shared by every process that maps the same file (the worker and its
crawl children). Reading the file instead puts all of it on each process's heap.

The files mapped are the ones installed wheels ship: never rewritten in place (an
upgrade writes a new file and unlinks the old, whose pages stay valid while mapped).
"""

from __future__ import annotations

import hashlib
import mmap
from pathlib import Path

import numpy as np


def mapped(path: Path) -> mmap.mmap:
    """The whole file, read-only; closed when the last array over it is freed."""
    with path.open("rb") as handle:
        return mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ)


def array(path: Path, offset: int, dtype, shape: tuple[int, ...]) -> np.ndarray:
    """A read-only array over bytes offset.. of the file."""
    return np.memmap(path, dtype=dtype, mode="r", offset=offset, shape=shape)


def sha256(path: Path) -> str:
    """The file's digest, read in chunks: hashing a mapping would make every page resident."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()
