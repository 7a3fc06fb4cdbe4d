"""Errors that reach the user name the file and the reason, in one line."""

from __future__ import annotations


class IacfixError(Exception):
    pass


class InputError(IacfixError):
    """The input cannot be processed: missing, binary, not UTF-8, unparsable..."""

    def __init__(self, path: str, reason: str):
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = reason


class ConfigError(IacfixError):
    def __init__(self, source: str, reason: str):
        super().__init__(f"{source}: {reason}")
        self.source = source
        self.reason = reason
