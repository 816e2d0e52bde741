"""Which library multiplies the model's matrices.

spaCy's models multiply with blis, which picks its kernels by recognising the CPU. On a CPU it does
not know (AMD's Zen 3 and later, today's common cloud servers, among them) it falls back to its
portable reference kernels, three to four times slower there than numpy's BLAS on the same
products, and these products are about half of spaCy's time. There, and only there, the model's
layers multiply with numpy's BLAS (OpenBLAS or MKL, as numpy's wheels bring), held to one thread: a
process analyses one batch at a time, the matrices are small (hundreds of rows), and `--workers`
runs processes side by side, so more threads would only compete. The annotations are spaCy's
either way; only the order of a sum's terms can differ.
"""
from __future__ import annotations

import contextlib
import ctypes
from collections.abc import Iterator

OPTIMISED_BLAS = ("openblas", "mkl")  # threadpoolctl's names for them


def blis_kernels() -> str | None:
    """The name of the kernels blis chose for this CPU ("haswell", "zen2", "generic", ...), or None
    where blis does not say (not installed, or built without the query)."""
    try:
        import blis.cy

        library = ctypes.CDLL(blis.cy.__file__)  # already loaded: the same handle
        library.bli_arch_string.restype = ctypes.c_char_p
        return library.bli_arch_string(library.bli_arch_query_id()).decode()
    except (ImportError, OSError, AttributeError):
        return None


def numpy_blas() -> list[str]:
    """The BLAS libraries numpy has loaded, by threadpoolctl's names ("openblas", "mkl", ...)."""
    import numpy  # noqa: F401  (its BLAS is loaded with it)
    from threadpoolctl import threadpool_info

    return [library["internal_api"] for library in threadpool_info() if library["user_api"] == "blas"]


def prefer_numpy_blas(kernels: str | None, blas: list[str]) -> bool:
    """Whether the model should multiply with numpy's BLAS: only where blis runs its reference
    kernels and numpy's BLAS is an optimised one."""
    return kernels == "generic" and any(name in OPTIMISED_BLAS for name in blas)


@contextlib.contextmanager
def matrix_products() -> Iterator[None]:
    """Around loading a model: the layers it builds multiply with numpy's BLAS, on one thread, where
    `prefer_numpy_blas` says so (thinc's ops are fixed as each layer is made); otherwise nothing
    changes."""
    if not prefer_numpy_blas(blis_kernels(), numpy_blas()):
        yield
        return
    from thinc.api import use_ops
    from threadpoolctl import threadpool_limits

    threadpool_limits(limits=1, user_api="blas")
    with use_ops("numpy", use_blis=False):
        yield
