"""Blueprints: facilitator pages, table pages, the JSON API and the health check."""


def register_blueprints(app):
    """Attach every blueprint to the app."""
    # moderation and voting add their routes to the facilitator blueprint, so they are imported before it is registered.
    from . import api, attendance, auth, downloads, facilitator, moderation, report, survey, system, table, table_api  # noqa: F401
    from . import voting  # noqa: F401

    for module in (system, auth, facilitator, table, survey, api, table_api):
        app.register_blueprint(module.bp)
    register_error_pages(app)


def register_error_pages(app):
    """Plain-words pages for the errors people can reach, as JSON under /api/."""
    from flask import jsonify, render_template, request
    from flask_wtf.csrf import CSRFError
    from werkzeug.exceptions import HTTPException

    def wants_json():
        """API callers get JSON errors; people get pages."""
        return request.path.startswith("/api/")

    @app.errorhandler(CSRFError)
    def csrf_error(error):
        """A form posted without a valid CSRF token: usually a page left open too long or cookies blocked."""
        message = "This form had expired or came from another site. Go back, reload the page and try again."
        if wants_json():
            return jsonify(error=message), 400
        return render_template("error.html", title="Please try again", message=message), 400

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
        message = error.description if own else messages.get(error.code, error.description)
        if wants_json():
            return jsonify(error=message), error.code
        return render_template("error.html", title=error.name, message=message), error.code
