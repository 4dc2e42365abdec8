"""What an event edit may not change once ballots or risks refer to it: nothing acknowledged is ever lost."""
from .event import Problem, share_out


def edit_problems(old, new, in_use):
    """Problems with replacing definition old by new, given what stored ballots use; empty when the edit is safe.

    in_use: {"criteria": {codes}, "options": {codes}, "shares": {(table number, criterion code)}, "themes": {names}};
    survey respondents' scores add criteria and options but no shares.
    """
    kept_themes = set(new["risk_themes"])
    problems = [Problem("risk_themes", f'theme "{name}" has risks under it, so it cannot be removed or renamed here; '
                                       "rename or merge it in the control room")
                for name in sorted(in_use.get("themes", set()) - kept_themes)]
    if not in_use["shares"] and not in_use["criteria"]:
        return problems
    if old["scoring"] != new["scoring"]:
        problems.append(Problem("scoring", "tables have already submitted ballots under these scoring settings, "
                                           "so they cannot change"))
    criteria = {c["code"] for c in new["criteria"]}
    for code in sorted(in_use["criteria"] - criteria):
        problems.append(Problem("criteria", f'criterion "{code}" has ballots, so it cannot be removed'))
    shortlist = {o["code"] for o in new["options"] if o["status"] == "shortlisted"}
    for code in sorted(in_use["options"] - shortlist):
        problems.append(Problem("options", f'option "{code}" is in tables\' ballots, so it must stay on the short list'))
    shares = share_out([c["code"] for c in new["criteria"]], [t["number"] for t in new["tables"]], new["assignment"])
    for number, code in sorted(in_use["shares"]):
        if code in criteria and code not in shares.get(number, []):
            problems.append(Problem("assignment", f'table {number} has a ballot for "{code}", '
                                                  "so it must keep scoring that criterion"))
    return problems
