"""Walls around a query worker process: no network, bounded memory, no core dumps.

The parser guard (sparql_guard) already refuses SERVICE; the network wall makes sure that even a query the
guard misread cannot reach anything: the worker moves into a network namespace of its own, which has no
interface but a loopback that is down, so every connect() fails with "Network is unreachable". That needs
root (CLONE_NEWNET) or unprivileged user namespaces (CLONE_NEWUSER | CLONE_NEWNET, which must happen while the
process has one thread); when neither is allowed the worker runs on and says why.
"""

from __future__ import annotations

import errno
import os
import resource

CLONE_NEWNET = 0x40000000
CLONE_NEWUSER = 0x10000000


def _unshare(flags: int) -> None:
    if hasattr(os, "unshare"):  # Python 3.12+
        os.unshare(flags)
        return
    import ctypes  # only where os.unshare is missing (Python < 3.12)

    libc = ctypes.CDLL(None, use_errno=True)
    if libc.unshare(ctypes.c_int(flags)) != 0:
        code = ctypes.get_errno()
        raise OSError(code, os.strerror(code))


def cut_network() -> str | None:
    """Leave the host's network for an empty namespace. None when done, else the reason it could not be."""
    attempts = [CLONE_NEWNET] if os.geteuid() == 0 else []
    attempts.append(CLONE_NEWUSER | CLONE_NEWNET)
    reasons = []
    for flags in attempts:
        try:
            _unshare(flags)
            return None
        except OSError as exc:
            reasons.append(f"unshare({'CLONE_NEWNET' if flags == CLONE_NEWNET else 'CLONE_NEWUSER|CLONE_NEWNET'}): "
                           f"{errno.errorcode.get(exc.errno, exc.errno)} {exc.strerror}")
    return "; ".join(reasons)


def cap_memory(megabytes: int) -> None:
    """Cap this process's address space; past it allocations fail and the worker dies instead of the host."""
    limit = megabytes * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))  # a worker that dies on its cap leaves no core file
