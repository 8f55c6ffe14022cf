"""Stopping a server a test started: politely first, then for good."""

from __future__ import annotations

import subprocess


def stop(process: subprocess.Popen) -> None:
    """Terminate `process`; kill it if it has not ended within ten seconds."""
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
