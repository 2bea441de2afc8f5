"""Resource limits for worker processes, where the platform has them.

The memory limit is an address-space limit (RLIMIT_AS) from the `resource` module, which exists on
Linux and macOS but not on Windows: there the limit is not enforced, and the command says so once.
"""

from __future__ import annotations

import sys


def memory_limit_supported() -> bool:
    """Whether this platform can limit a worker's memory."""
    try:
        import resource  # noqa: F401
    except ImportError:
        return False
    return True


def apply_memory_limit(megabytes: int) -> bool:
    """Limit this process's address space; True if the limit is now in force (False for 0: no limit)."""
    if megabytes <= 0:
        return False
    try:
        import resource
    except ImportError:
        return False
    limit = megabytes * 1024 * 1024
    try:
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    except (ValueError, OSError):  # e.g. macOS refuses some address-space limits
        return False
    return True


def rss_bytes(ru_maxrss: int) -> int:
    """A peak resident size from getrusage or wait4 in bytes: kilobytes on Linux, bytes on macOS."""
    return ru_maxrss * (1 if sys.platform == "darwin" else 1024)


def own_peak_memory() -> int:
    """This process's peak resident memory in bytes (0 where the platform does not tell)."""
    try:
        import resource
    except ImportError:
        return 0
    return rss_bytes(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
