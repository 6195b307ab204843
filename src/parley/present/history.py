"""Back and forward, like a browser: a stack of places the user has been."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Generic, TypeVar

T = TypeVar("T")


@dataclass
class History(Generic[T]):
    """Places behind and ahead of the current one."""

    limit: int = 500

    def __post_init__(self) -> None:
        self.back_stack: list[T] = []
        self.forward_stack: list[T] = []

    def visit(self, leaving: T) -> None:
        """Remember ``leaving`` before going somewhere new; forward is forgotten."""
        self.back_stack.append(leaving)
        del self.back_stack[: -self.limit]
        self.forward_stack.clear()

    def back(self, current: T) -> T | None:
        """The place to return to, or None at the start."""
        if not self.back_stack:
            return None
        self.forward_stack.append(current)
        return self.back_stack.pop()

    def forward(self, current: T) -> T | None:
        """The place to go forward to, or None at the end."""
        if not self.forward_stack:
            return None
        self.back_stack.append(current)
        return self.forward_stack.pop()
