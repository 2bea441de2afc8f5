"""Resource limits for worker processes, where the platform has them.

The memory limit is an address-space limit (RLIMIT_AS) from the `resource` module, which exists on
Linux and macOS but not on Windows: there the limit is not enforced, and the command says so once.
"""

from __future__ import annotations


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
