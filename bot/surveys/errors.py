"""Survey errors: every definition problem at once (each with its field), and refusals with their reason."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Problem:
    field: str  # a path such as `schedule.cron` or `questions[3].options`
    message: str

    def __str__(self) -> str:
        return f"{self.field}: {self.message}" if self.field else self.message


class DefinitionError(ValueError):
    """A survey definition has problems; `problems` lists each with its field."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__("; ".join(str(problem) for problem in problems))


@dataclass
class Problems:
    prefix: str = ""
    found: list[Problem] = field(default_factory=list)

    def add(self, name: str, message: str) -> None:
        path = ".".join(part for part in (self.prefix, name) if part)
        self.found.append(Problem(path, message))

    def within(self, prefix: str) -> Problems:
        """A view that files problems under `prefix` into the same list."""
        return Problems(".".join(part for part in (self.prefix, prefix) if part), self.found)

    def raise_if_any(self) -> None:
        if self.found:
            raise DefinitionError(list(self.found))


class SurveyError(ValueError):
    """A survey action cannot be done right now; the message says why, in words for the person who tried."""


class AnswerError(ValueError):
    """Submitted answers are not acceptable; `errors` maps each question key to what is wrong."""

    def __init__(self, errors: dict[str, str]) -> None:
        self.errors = errors
        super().__init__("; ".join(f"{key}: {message}" for key, message in errors.items()))
