"""Exit codes and the exceptions that map to them."""

from __future__ import annotations

from enum import IntEnum


class ExitCode(IntEnum):
    """Every indoru command exits with one of these."""

    OK = 0
    NO_RESULT = 1  # ran fine but found nothing (like grep): empty input, no match
    USAGE = 2  # bad command line
    INPUT = 3  # an input could not be read: missing, unreadable, binary, undecodable
    INTERRUPTED = 130  # Ctrl-C
    TERMINATED = 143  # SIGTERM (128 + 15), after ending any worker processes


class IndoruError(Exception):
    """An error with a one-line message for the user and an exit code."""

    exit_code: ExitCode = ExitCode.INPUT


class InputError(IndoruError):
    """An input file or stream cannot be used; the message names it."""

    def __init__(self, name: str, problem: str) -> None:
        super().__init__(f"{name}: {problem}")
        self.name = name
        self.problem = problem
