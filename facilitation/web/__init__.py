"""Blueprints: facilitator pages, table pages, the JSON API and the health check."""


def register_blueprints(app):
    """Attach every blueprint to the app."""
    # The facilitator blueprint brings the blueprints nested in it (voting, moderation, attendance, report…).
    from . import api, auth, facilitator, survey, system, table, table_api
    from . import badge

    from ..domain.addresses import url_parts
    from ..domain.closing import closed_at_text

    for module in (system, auth, facilitator, table, survey, api, table_api, badge):
        app.register_blueprint(module.bp)
    app.add_template_filter(url_parts)
    app.add_template_filter(closed_at_text, "closed_at")
    register_error_pages(app)


# Each error's heading and what to do next, in plain words: never the bare HTTP phrase ("Not Found").
ERROR_PAGES = {
    400: ("This request was not understood", "Go back, reload the page and try again."),
    403: ("You cannot open this page", "If you are the facilitator, sign in first, then try again."),
    404: ("This link does not lead anywhere",
          "Check that the whole address was copied. At a table, scan the QR code on your table's card again, "
          "or type the code printed on it."),
    405: ("That cannot be done here", "Go back to the page you came from and use its buttons."),
    410: ("This link no longer works", "Ask the facilitator for the current link or card."),
    413: ("That is too large to accept", "Make it smaller and try again."),
    429: ("Too many tries at once", "Wait a minute, then try again."),
    500: ("Something went wrong on the server",
          "Nothing you did caused this, and nothing was lost that the page said was saved. Try again in a moment; "
          "if it keeps happening, tell the facilitator."),
}
OTHER_ERROR = ("Something went wrong", "Go back and try again; if it keeps happening, tell the facilitator.")


def error_page(code):
    """An error's heading and advice, in plain words."""
    return ERROR_PAGES.get(code, ERROR_PAGES[500] if code >= 500 else OTHER_ERROR)


def register_error_pages(app):
    """Plain-words pages for the errors people can reach, as JSON under /api/."""
    from flask import jsonify, render_template, request
    from flask_wtf.csrf import CSRFError
    from werkzeug.exceptions import HTTPException

    from ..domain.closing import EventClosed
    from ..store import DatabaseBusy

    def wants_json():
        """API callers get JSON errors; people get pages."""
        return request.path.startswith("/api/")

    def page(code, title, message, advice):
        """The error page, with a way on for a facilitator or for a phone."""
        return render_template("error.html", title=title, message=message, advice=advice,
                               facilitator=request.path.startswith("/facilitator")), code

    @app.errorhandler(CSRFError)
    def csrf_error(error):
        """A form posted without a valid CSRF token: usually a page left open too long or cookies blocked."""
        message = "This form had expired or came from another site. Go back, reload the page and try again."
        if wants_json():
            return jsonify(error=message), 400
        return page(400, "Please try again", message, "")

    @app.errorhandler(EventClosed)
    def event_closed(error):
        """A write a closed event refuses (an edit of its definition, say): the plain message, and nothing changed."""
        if wants_json() or request.accept_mimetypes.best == "application/json":
            return jsonify(error=str(error), closed=True), 409
        return page(409, "This event is closed", str(error), "Nothing was changed.")

    @app.errorhandler(DatabaseBusy)
    def database_busy(error):
        """A write that waited write_lock.WRITE_WAIT for another process's lock: the plain message, nothing saved."""
        if wants_json() or request.accept_mimetypes.best == "application/json":
            return jsonify(error=str(error), busy=True), 503
        return page(503, "The server is busy", str(error), "Nothing was changed.")

    @app.errorhandler(HTTPException)
    def http_error(error):
        """Any other HTTP error, in plain words."""
        messages = {
            404: "There is nothing at this address.",
            405: "That action is not possible here.",
            413: "That is too large to accept. Files you upload (event files, invitee lists) must be under 1 MB.",
        }
        # Our own abort() calls carry a plain message; Werkzeug's stock descriptions are replaced.
        own = error.description != type(error).description
        message = error.description if own else messages.get(error.code, "")
        if wants_json():
            return jsonify(error=message or error_page(error.code)[0] + "."), error.code
        title, advice = error_page(error.code)
        return page(error.code, title, message, advice)
