"""Run one file's parse in a child process with a time limit.

A hung pure-Python parse cannot be interrupted from another thread, and a parse that crashes
the interpreter (a segfault in a C extension) would take down whatever process ran it. So each
Dask worker thread keeps one child process and sends it one file at a time over pipes: when the
child gives no answer within the limit it is killed and the file is a failure "took longer than
…"; when it dies, the file is a failure naming the signal; the next file gets a fresh child.
The child is started with subprocess, not multiprocessing, because Dask's worker processes are
daemonic and multiprocessing refuses to start children from them.

The child (python -m pipeline.sandbox MODULE:FUNCTION) reads (path, relative) requests and
writes each result, pickled and length-prefixed."""

from __future__ import annotations

import ctypes
import importlib
import os
import pickle
import select
import signal
import struct
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
_HEADER = struct.Struct("<Q")
_READY = b"ready\n"  # the child's first words, once its imports are done
_PR_SET_PDEATHSIG = 1  # prctl(2)
STARTUP_LIMIT = 300.0  # seconds for a child to start: not counted in a file's time limit


class Stopped(Exception):
    """The child did not give a result: it ran out of time or died. The message is the reason."""


class Sandbox:
    def __init__(self, target: str) -> None:
        self.target = target
        self.process: subprocess.Popen[bytes] | None = None

    def _start(self) -> subprocess.Popen[bytes]:
        """A child that has imported the parser, so that a file's time limit is its parse alone."""
        env = dict(os.environ)
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")]))
        process = subprocess.Popen(
            [sys.executable, "-m", "pipeline.sandbox", self.target, str(os.getpid())],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            cwd=ROOT,
            env=env,
        )
        assert process.stdout is not None
        try:
            ready = _read(process.stdout.fileno(), len(_READY), time.monotonic() + STARTUP_LIMIT)
        except TimeoutError:
            process.kill()
            process.wait()
            raise Stopped(f"the parser process did not start within {STARTUP_LIMIT:g} s") from None
        except (OSError, EOFError):
            ready = b""
        if ready != _READY:
            try:  # it closed its output: it is on its way out; wait to report how it ended
                code = process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                code = process.wait()
            raise Stopped(f"the parser process did not start ({_exit(code)})")
        return process

    def call(self, request: tuple[Any, ...], time_limit: float) -> bytes:
        """The target's result for request, pickled as the child wrote it (whoever needs the
        object unpickles it once); raises Stopped with the reason when there is none."""
        if self.process is None or self.process.poll() is not None:
            self.process = self._start()
        process = self.process
        assert process.stdin is not None and process.stdout is not None
        try:
            _write(process.stdin, pickle.dumps(request, protocol=pickle.HIGHEST_PROTOCOL))
            deadline = time.monotonic() + time_limit
            (size,) = _HEADER.unpack(_read(process.stdout.fileno(), _HEADER.size, deadline))
            return _read(process.stdout.fileno(), size, deadline)
        except TimeoutError:
            self.close()
            raise Stopped(
                f"no result after {time_limit:g} s (the time limit per file): the parse was stopped"
            ) from None
        except (OSError, EOFError):
            code = process.wait()
            self.process = None
            raise Stopped(
                f"the parser process died while reading this file ({_exit(code)})"
            ) from None

    def close(self) -> None:
        if self.process is not None:
            self.process.kill()
            self.process.wait()
            self.process = None


def _exit(code: int) -> str:
    if code < 0:
        try:
            return f"killed by signal {signal.Signals(-code).name}"
        except ValueError:
            return f"killed by signal {-code}"
    return f"exit status {code}"


def _write(stream: Any, data: bytes) -> None:
    stream.write(_HEADER.pack(len(data)) + data)
    stream.flush()


def _read(fd: int, size: int, deadline: float) -> bytes:
    chunks: list[bytes] = []
    while size:
        remaining = deadline - time.monotonic()
        if remaining <= 0 or not select.select([fd], [], [], remaining)[0]:
            raise TimeoutError
        chunk = os.read(fd, min(size, 1 << 20))
        if not chunk:
            raise EOFError
        chunks.append(chunk)
        size -= len(chunk)
    return b"".join(chunks)


def _resolve(target: str) -> Callable[..., Any]:
    module, _, name = target.partition(":")
    return getattr(importlib.import_module(module), name)


def _die_with(parent: int) -> None:
    """Have the kernel kill this child when the process that started it dies (Linux), so a parse
    that hangs does not outlive a killed Dask worker: between files the closed pipe ends the
    loop, but a hung parse never reads the pipe again."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
    except (OSError, AttributeError):  # not Linux: the closed pipe is all there is
        return
    if os.getppid() != parent:  # it died before the line above
        os._exit(1)


def serve(target: str, parent: int) -> None:
    """The child's loop: one request in, one result out, until the pipe closes."""
    _die_with(parent)
    requests = sys.stdin.buffer
    results = os.fdopen(os.dup(sys.stdout.fileno()), "wb")
    os.dup2(sys.stderr.fileno(), sys.stdout.fileno())  # a stray print() must not corrupt results
    function = _resolve(target)
    results.write(_READY)
    results.flush()
    while header := requests.read(_HEADER.size):
        (size,) = _HEADER.unpack(header)
        request = pickle.loads(requests.read(size))
        result = function(*request)
        _write(results, pickle.dumps(result, protocol=pickle.HIGHEST_PROTOCOL))


if __name__ == "__main__":
    serve(sys.argv[1], int(sys.argv[2]))
