"""A broken rule named by the field it is about, and the refusal that carries every one found (ballots, answers)."""
from typing import NamedTuple


class FieldProblem(NamedTuple):
    """One broken rule, named by the field it is about."""

    field: str
    message: str

    def __str__(self):
        return f"{self.field}: {self.message}" if self.field else self.message


class RuleError(ValueError):
    """Input that breaks rules; it carries every problem found, so all can be shown at once."""

    def __init__(self, problems):
        self.problems = list(problems)
        super().__init__("\n".join(str(p) for p in self.problems))
