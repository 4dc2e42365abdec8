"""The rules for changing criterion weights and the rule that names the strongest option (after the day, or what-if)."""
import math

from .problems import FieldProblem, RuleError
from .scoring import RULES

MAX_WEIGHT = 1000


class WeightsError(RuleError):
    """A weights change that breaks rules; it carries every problem found."""


def _number(value):
    """A weight as a number: JSON numbers, or the text a form sends; None if it is neither."""
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        return value
    if isinstance(value, str):
        try:
            return float(value.strip())
        except ValueError:
            return None
    return None


def check_weights(body, criterion_codes, extra=()):
    """({criterion code: weight}, rule or None) from {"weights": {...}, "rule": ...}; raise WeightsError otherwise.

    Criteria not named keep their weight. extra: other keys the caller reads (a what-if's "criterion").
    """
    if not isinstance(body, dict):
        raise WeightsError([FieldProblem("", 'send an object such as {"weights": {"finance": 2}, "rule": "weighted"}')])
    problems = []
    unknown = sorted(str(key) for key in body if key not in ("weights", "rule", *extra))
    if unknown:
        problems.append(FieldProblem("", f"unknown field{'s' if len(unknown) > 1 else ''}: {', '.join(unknown)} "
                                         f"(expected weights, rule{''.join(', ' + e for e in extra)})"))
    raw = body.get("weights", {})
    weights = {}
    if not isinstance(raw, dict):
        problems.append(FieldProblem("weights", "must be an object from criterion code to weight"))
        raw = {}
    for code, value in raw.items():
        if code not in criterion_codes:
            problems.append(FieldProblem(f"weights.{code}", f'"{code}" is not a criterion in this event'))
            continue
        number = _number(value)
        if number is None or not math.isfinite(number):
            problems.append(FieldProblem(f"weights.{code}", "must be a number, such as 1 or 1.5"))
        elif not 0 <= number <= MAX_WEIGHT:
            problems.append(FieldProblem(f"weights.{code}", f"must be between 0 and {MAX_WEIGHT}"))
        else:
            weights[code] = int(number) if float(number).is_integer() else number
    rule = body.get("rule")
    if rule is not None and rule not in RULES:
        problems.append(FieldProblem("rule", 'must be "raw" (every criterion counts the same) or "weighted"'))
    if problems:
        raise WeightsError(problems)
    return weights, rule
