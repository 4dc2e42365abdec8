"""The OpenAPI paths and schemas of decision analysis: the ranking fields in the results, the analysis, the what-if
and the weights (kept apart from openapi.py, which holds the rest of the document)."""
NUMBER = {"type": "number"}
CODES = {"type": "array", "items": {"type": "string"}}
NUMBER_BY_CODE = {"type": "object", "additionalProperties": NUMBER}


def _ref(name):
    """A reference to one of the schemas below."""
    return {"$ref": f"#/components/schemas/{name}"}


def _object(properties, required=(), description=None):
    """An object schema with these properties."""
    schema = {"type": "object", "properties": properties}
    if required:
        schema["required"] = list(required)
    if description:
        schema["description"] = description
    return schema


RULE = {"enum": ["raw", "weighted"], "description": "raw: every criterion counts the same; weighted: each by its weight."}
BASIS = _object({
    "rule": RULE, "view": {"enum": ["points", "per_table", "mean_score"], "description": (
        "per_table when criteria were scored by different numbers of tables: each criterion then counts as the "
        "mean points per table that scored it.")},
    "label": {"type": "string", "examples": ["Total points"]}, "unit": {"type": "string", "examples": ["points"]},
    "rule_text": {"type": "string"}, "view_text": {"type": "string", "description": "Which view, and why."},
}, required=("rule", "view", "label", "unit"), description="What the ranking is by.")

SCHEMAS = {
    "Basis": BASIS,
    "OtherRule": {"allOf": [BASIS, _object({"strongest": CODES})],
                  "description": "The rule not in use, with the strongest option it would name."},
    "Margin": {"oneOf": [{"type": "null"}, _object({
        "leaders": CODES, "runner_up": CODES, "lead": NUMBER,
        "ratio": {"type": ["number", "null"], "description": "Leader ÷ runner-up; null when the runner-up has 0."},
        "tie": {"type": "boolean"},
        "text": {"type": "string", "examples": ["133 points against 52 for 3b: 2.6 times the runner-up, a lead of 81."]},
    })], "description": "The strongest option's lead over the runner-up; null before ballots or with one option."},
    "Families": {"type": "array", "description": "Totals by option family, highest first; [] when no option has "
                                                 "a family. Options without one stand alone (kind option).",
                 "items": _object({"kind": {"enum": ["family", "option"]}, "name": {"type": "string"},
                                   "codes": CODES, "score": NUMBER, "total": NUMBER})},
    "ResultsCriterion": _object({"code": {"type": "string"}, "working_title": {"type": "string"}, "weight": NUMBER}),
    "Analysis": _object({
        "rule": RULE, "stored_rule": RULE, "weights": NUMBER_BY_CODE, "stored_weights": NUMBER_BY_CODE,
        "what_if": {"type": "boolean", "description": "The weights or rule differ from the stored ones."},
        "basis": _ref("Basis"),
        "ranking": {"type": "array", "description": "By the rule, highest first; tied options share a place.",
                    "items": _object({"code": {"type": "string"}, "title": {"type": "string"},
                                      "family": {"type": ["string", "null"]}, "place": {"type": "integer"},
                                      "score": NUMBER, "other_score": NUMBER, "total": NUMBER})},
        "strongest": CODES, "margin": _ref("Margin"), "other": _ref("OtherRule"),
        "ties": {"type": "array", "items": CODES, "description": "Groups of options sharing a place."},
        "families": _ref("Families"),
        "coverage": _object({
            "view": {"type": "string"}, "text": {"type": "string"}, "equal": {"type": "boolean"},
            "criteria": {"type": "array", "items": _object({"code": {"type": "string"},
                                                            "working_title": {"type": "string"},
                                                            "tables": {"type": "integer"},
                                                            "submitted": {"type": "integer"}})},
            "options": {"type": "array", "items": _object({"code": {"type": "string"}, "per_table": NUMBER,
                                                           "share": NUMBER})},
        }, description="How many tables scored each criterion; each option as mean points per table and share."),
        "critical": _object({
            "criteria": {"type": "array", "items": _object({
                "code": {"type": "string"}, "working_title": {"type": "string"}, "weight": NUMBER,
                "threshold": {"type": ["number", "null"], "description": "The weight at which another option "
                              "draws level with the strongest, nearest the current one, within 0–3×; null if none."},
                "change": {"type": ["number", "null"]},
                "percent": {"type": ["number", "null"], "description": "The change as a % of the current weight."},
                "new_strongest": CODES, "text": {"type": "string"}})},
            "most": {"type": ["string", "null"]},
            "equally": {**CODES, "description": "Every criterion sharing the smallest change."},
            "text": {"type": "string"},
        }, description="Most critical criterion (Triantaphyllou and Sánchez 1997)."),
        "leave_one_out": _object({
            "tables": {"type": "array", "items": _object({"table": {"type": "integer"}, "strongest": CODES,
                                                          "margin": _ref("Margin"), "same": {"type": "boolean"}})},
            "wins": {"type": "integer"}, "of": {"type": "integer"}, "strongest": CODES, "text": {"type": "string"},
        }, description="The strongest option with each table's ballots left out in turn."),
        "sensitivity": {"oneOf": [{"type": "null"}, _object({
            "criterion": {"type": "string"}, "working_title": {"type": "string"}, "weight": NUMBER, "top": NUMBER,
            "lines": {"type": "array", "items": _object({"code": {"type": "string"}, "at_zero": NUMBER,
                                                         "at_top": NUMBER, "slope": NUMBER})},
            "current": NUMBER_BY_CODE,
            "crossings": {"type": "array", "items": _object({"weight": NUMBER, "codes": CODES, "score": NUMBER,
                                                             "leads": {"type": "boolean", "description": (
                                                                 "The two are the highest there: the strongest "
                                                                 "option changes.")}})},
            "together": {"type": "array", "items": CODES, "description": "Options tied at any weight."},
            "text": {"type": "string"},
        })], "description": "Each option's score as one criterion's weight goes from 0 to top, others fixed."},
        "agreement": _object({
            "criteria": {"type": "array", "items": _object({
                "code": {"type": "string"}, "working_title": {"type": "string"}, "tables": {"type": "integer"},
                "w": {"type": ["number", "null"], "description": "Kendall's W, corrected for ties (1: full "
                                                                 "agreement; null: fewer than two tables)."},
                "words": {"type": "string"}, "flagged": {"type": "boolean"}})},
            "flagged": CODES, "text": {"type": "string"},
        }, description="How much the tables scoring each criterion agree on the order of the options."),
        "spread": _object({
            "options": {"type": "array", "items": _object({
                "code": {"type": "string"},
                "criteria": {"type": "object", "additionalProperties": _object({
                    "min": {"type": ["number", "null"]}, "max": {"type": ["number", "null"]},
                    "sd": {"type": ["number", "null"]}, "tables": {"type": "integer"}})},
                "widest": {"type": ["string", "null"]}, "mean_range": {"type": ["number", "null"]}})},
            "text": {"type": "string"},
        }, description="Per option, how far apart the tables' points were on each criterion (X counts as 0)."),
    }),
    "WeightsStored": _object({"weights": NUMBER_BY_CODE, "rule": RULE, "basis": _ref("Basis"), "strongest": CODES,
                              "margin": _ref("Margin"), "other": _ref("OtherRule")},
                             required=("weights", "rule", "strongest")),
    "AnalysisProblems": _object({"error": {"type": "string", "description": "Every problem, in plain words."},
                                 "problems": {"type": "array", "items": _object(
                                     {"field": {"type": "string", "examples": ["weights.finance"]},
                                      "message": {"type": "string"}})}}, required=("error", "problems")),
}

# The ranking fields every results snapshot carries (room and survey alike), added to the Results schema.
RESULTS_PROPERTIES = {
    "budget": {"type": ["integer", "null"], "description": "Points each table shares per criterion (allocate)."},
    "criteria": {"type": "array", "items": _ref("ResultsCriterion")},
    "basis": _ref("Basis"),
    "margin": _ref("Margin"),
    "other": _ref("OtherRule"),
    "families": _ref("Families"),
}
TOTALS_ROW = _object({
    "code": {"type": "string"}, "total": {"type": "number", "description": "Points as given."},
    "weighted": {"type": "number"},
    "score": {"type": "number", "description": "By the rule and view in use (basis): ranks the list."},
    "other_score": {"type": "number", "description": "By the other rule (other)."},
    "ruled_out": {"type": "integer"},
})
