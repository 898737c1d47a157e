"""Run a function in a forked process of its own and take back its result.

What the function allocates goes with the process when it ends: a stage that holds the whole
collection (the parse, the package) leaves nothing behind in the build's process."""

from __future__ import annotations

import multiprocessing
import pickle
import traceback
from collections.abc import Callable
from typing import Any

_CALL: tuple[Callable[..., Any], tuple[Any, ...]] | None = None  # set before forking


class ChildFailed(RuntimeError):
    """An error the child could not send back as itself: its traceback, as text."""


def _run(sender: Any) -> None:
    assert _CALL is not None
    function, args = _CALL
    try:
        outcome: tuple[str, Any] = ("result", function(*args))
    except BaseException as error:  # every failure goes back to the parent
        outcome = ("error", error)
        told = traceback.format_exc()
        try:
            pickle.loads(pickle.dumps(error))  # some exceptions pickle but do not unpickle
        except Exception:  # one that does not survive pickling goes back as its traceback
            outcome = ("error", ChildFailed(told))
    sender.send(outcome)
    sender.close()


def in_child(function: Callable[..., Any], *args: Any) -> Any:
    """function(*args) in a forked process (it inherits the arguments, nothing is pickled on
    the way in); its result, or its exception raised here."""
    global _CALL
    if "fork" not in multiprocessing.get_all_start_methods():
        return function(*args)
    context = multiprocessing.get_context("fork")
    receiver, sender = context.Pipe(duplex=False)
    _CALL = (function, args)
    try:
        child = context.Process(target=_run, args=(sender,))
        child.start()
        sender.close()
        try:
            kind, value = receiver.recv()
        except EOFError:
            child.join()
            name = getattr(function, "__name__", "a stage")
            raise ChildFailed(
                f"the process running {name} ended without a result (exit code {child.exitcode})"
            ) from None
        child.join()
    finally:
        _CALL = None
        receiver.close()
    if kind == "error":
        raise value
    return value
