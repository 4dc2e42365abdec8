"""The moderation page's list: comments filtered (search, theme, shown or hidden, room or survey, new), grouped
into rows of identical or near-identical texts, and what is new since the facilitator last looked.
"""
from .confidence import OTHER
from .grouping import group_comments, normalise

SHOWN = ("", "shown", "hidden")
SOURCES = ("", "room", "survey")
SEARCH_LIMIT = 200


def parse_filters(args):
    """The list's filters from the page's query (a GET form): anything not understood means "all", as a link may be old."""
    theme = (args.get("theme") or "").strip()
    return {
        "q": " ".join((args.get("q") or "").split())[:SEARCH_LIMIT],
        "theme": OTHER if theme == OTHER else (int(theme) if theme.isdigit() and theme.isascii() else ""),
        "shown": args.get("shown") if args.get("shown") in SHOWN else "",
        "source": args.get("source") if args.get("source") in SOURCES else "",
        "new": args.get("new") == "1",
    }


def query(filters):
    """The filters as query arguments for a link or a redirect (only those that are set)."""
    out = {key: value for key, value in filters.items() if value not in ("", False)}
    if out.get("new"):
        out["new"] = "1"
    return out


def is_new(comment, seen):
    """Whether a comment arrived after the facilitator last marked everything as seen (never marked: all are new)."""
    return seen is None or (comment["added_at"] or "") > seen


def _matches(comment, filters, seen, needle):
    """Whether a comment passes the filters other than its theme."""
    if filters["shown"] and comment["hidden"] != (filters["shown"] == "hidden"):
        return False
    if filters["source"] and comment["source"] != filters["source"]:
        return False
    if filters["new"] and not is_new(comment, seen):
        return False
    return not needle or needle in normalise(comment["text"])


def _rows(kind, comments, seen):
    """Grouped rows, each with its comments (for the expanded view) and whether any of them is new."""
    by_id = {c["id"]: c for c in comments}
    rows = []
    for group in group_comments(comments):
        items = [{**by_id[i], "new": is_new(by_id[i], seen)} for i in group["ids"]]
        rows.append({**group, "kind": kind, "key": f"{'r' if kind == 'risk' else 'h'}{group['ids'][0]}",
                     "items": items, "new": any(item["new"] for item in items),
                     "any_hidden": any(item["hidden"] for item in items)})
    return rows


def listing(comments, themes, filters, seen):
    """What the moderation page lists.

    comments: [{"kind", "id", "text", "theme" (risks: id or None), "source", "hidden", "added_at"}] in answering
    order; themes: [{"id", "name"}] in display order; seen: the facilitator's "seen up to" mark, or None.
    """
    needle = normalise(filters["q"]) if filters["q"] else ""
    known = {t["id"] for t in themes}
    risks = [c for c in comments if c["kind"] == "risk"]
    helps = [c for c in comments if c["kind"] == "would_help"]
    under = {t["id"]: [] for t in themes}
    under[OTHER] = []
    for risk in risks:
        under[risk["theme"] if risk["theme"] in known else OTHER].append(risk)
    sections = []
    for theme_id, name in [(t["id"], t["name"]) for t in themes] + [(OTHER, "Other")]:
        if theme_id == OTHER and not under[OTHER]:
            continue
        if filters["theme"] not in ("", theme_id):
            continue
        matching = [r for r in under[theme_id] if _matches(r, filters, seen, needle)]
        sections.append({"id": theme_id, "name": name, "count": len(under[theme_id]), "matching": len(matching),
                         "rows": _rows("risk", matching, seen)})
    help_rows = None
    if filters["theme"] == "":
        help_rows = _rows("would_help", [h for h in helps if _matches(h, filters, seen, needle)], seen)
    shown = [i for s in sections for row in s["rows"] for i in row["ids"]]
    shown_helps = [i for row in help_rows or () for i in row["ids"]]
    return {
        "themes": sections, "would_help": help_rows,
        "shown": {"risk": shown, "would_help": shown_helps}, "shown_count": len(shown) + len(shown_helps),
        "row_count": sum(len(s["rows"]) for s in sections) + len(help_rows or ()),
        "total": len(comments), "risk_total": len(risks), "help_total": len(helps),
        "new_count": sum(1 for c in comments if is_new(c, seen)),
        "newest": max((c["added_at"] or "" for c in comments), default=""),
        "filtered": any(value not in ("", False) for value in filters.values()),
        "theme_counts": {theme_id: len(items) for theme_id, items in under.items()},
    }
