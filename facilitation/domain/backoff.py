"""The sign-in backoff: a growing wait per device after wrong passwords, decided before (and without) any hashing.

Per source address, so someone trying passwords from one device never delays the facilitator on another: the first
FREE_TRIES wrong passwords cost nothing, then each one doubles the wait (1, 2, 4 … up to 60 s) before the next is
even checked, and a device quiet for FORGET_AFTER is forgotten. Pure: the caller passes the clock (seconds).
"""
import math
import threading
from dataclasses import dataclass

FREE_TRIES = 5
FIRST_WAIT = 1.0
LONGEST_WAIT = 60.0
FORGET_AFTER = 15 * 60.0
# Devices remembered at once: a bound on memory whatever arrives; the quiet ones go first.
MOST_DEVICES = 10_000


def wait_after(failures):
    """Seconds to wait after this many wrong passwords in a row: 0 for the first FREE_TRIES, then doubling."""
    if failures < FREE_TRIES:
        return 0.0
    return min(LONGEST_WAIT, FIRST_WAIT * 2 ** min(failures - FREE_TRIES, 16))


def wait_message(seconds):
    """The wait in plain words: 'Too many wrong passwords from this device: try again in 8 seconds.'"""
    whole = max(1, math.ceil(seconds))
    return f"Too many wrong passwords from this device: try again in {whole} second{'' if whole == 1 else 's'}."


@dataclass
class _Device:
    """One source address's wrong passwords in a row, when the last one was, and its checks under way."""

    failures: int = 0
    last: float = 0.0
    checking: int = 0


class Backoff:
    """The devices that typed wrong passwords lately; one per app (app.extensions), safe across threads."""

    def __init__(self):
        self._lock = threading.Lock()
        self._devices = {}

    def waiting(self, source, now):
        """Seconds this device must wait before its next password is checked (0: none)."""
        with self._lock:
            device = self._known(source, now)
            return 0.0 if device is None else max(0.0, device.last + wait_after(device.failures) - now)

    def admit(self, source, now):
        """0 if this device's password may be checked now (it is then counted as under way), else seconds to wait.

        Checks already under way count against the free tries, so many at once from one device are no way around it.
        """
        with self._lock:
            device = self._known(source, now) or self._new(source, now)
            wait = device.last + wait_after(device.failures) - now
            if wait > 0:
                return wait
            if device.checking and device.failures + device.checking >= FREE_TRIES:
                return FIRST_WAIT
            device.checking += 1
            return 0.0

    def settle(self, source, now, right):
        """An admitted check ended: right (the device is forgotten), wrong (one more failure) or None (not checked).
        Returns the wait now due before this device's next try."""
        with self._lock:
            device = self._devices.get(source)
            if device is None:
                return 0.0
            device.checking = max(0, device.checking - 1)
            if right:
                device.failures = 0
            elif right is not None:
                device.failures += 1
                device.last = now
            if device.failures == 0 and device.checking == 0:
                del self._devices[source]
            return wait_after(device.failures)

    def _known(self, source, now):
        """The device's record, forgetting it first if it has been quiet long enough (the caller holds the lock)."""
        device = self._devices.get(source)
        if device is not None and not device.checking and now - device.last > FORGET_AFTER:
            del self._devices[source]
            return None
        return device

    def _new(self, source, now):
        """A fresh record, making room first by forgetting the quiet devices, oldest first (the caller holds the lock)."""
        if len(self._devices) >= MOST_DEVICES:
            idle = sorted((d.last, s) for s, d in self._devices.items() if not d.checking)
            for _, old in idle[:max(1, len(idle) // 2)]:
                del self._devices[old]
        device = self._devices[source] = _Device(last=now)
        return device
