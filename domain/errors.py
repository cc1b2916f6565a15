"""Domain errors: services raise these, flows turn them into kind messages."""


class DomainError(Exception):
    """Base of every error a service raises on purpose."""


class NotAllowed(DomainError):
    """The person may not do this (wrong role, not their family, out of scope)."""


class NotFound(DomainError):
    """What the person refers to does not exist (any more)."""


class InvalidInput(DomainError):
    """The value given cannot be used; ``reason`` is a stable code for the message."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason
