"""The live option-appraisal app: create_app() builds it, socketio serves it."""
import contextlib
import os
import secrets
import tempfile

from flask import Config, Flask
from flask_socketio import SocketIO
from flask_wtf.csrf import CSRFProtect

socketio = SocketIO()
csrf = CSRFProtect()

PROJECT_ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def instance_folder(instance_path=None):
    """The instance folder: the one asked for, else FACILITATION_INSTANCE, else instance/ beside server.py."""
    return instance_path or os.environ.get("FACILITATION_INSTANCE") or os.path.join(PROJECT_ROOT, "instance")


def configured_database(instance_path=None):
    """The database file create_app would open (instance/config.py may name another), without opening or making it."""
    folder = instance_folder(instance_path)
    config = Config(folder)
    config["DATABASE"] = os.path.join(folder, "facilitation.db")
    config.from_pyfile("config.py", silent=True)
    return config["DATABASE"]


def create_app(test_config=None, instance_path=None, async_mode=None, public_url=None):
    """Build the app: defaults, then instance/config.py (or the test's dict), database, blueprints, Socket.IO."""
    app = Flask(
        __name__,
        instance_path=instance_folder(instance_path),
        instance_relative_config=True,
        template_folder=os.path.join(PROJECT_ROOT, "templates"),
        static_folder=os.path.join(PROJECT_ROOT, "static"),
    )
    os.makedirs(app.instance_path, exist_ok=True)
    app.config.from_mapping(
        DATABASE=os.path.join(app.instance_path, "facilitation.db"),
        # None lets Flask-SocketIO pick; server.py asks for gevent deliberately (docs/deployment.md).
        SOCKETIO_ASYNC_MODE=None,
        SOCKETIO_MESSAGE_QUEUE=os.environ.get("SOCKETIO_MESSAGE_QUEUE"),
        # The base URL printed on table cards; phones must reach it, so server.py sets the LAN address.
        PUBLIC_URL=os.environ.get("PUBLIC_URL"),
        FACILITATOR_PASSWORD=os.environ.get("FACILITATOR_PASSWORD"),
        # An event file is a few kilobytes; a megabyte leaves room and refuses junk early.
        MAX_CONTENT_LENGTH=1024 * 1024,
        WTF_CSRF_TIME_LIMIT=None,
        SESSION_COOKIE_SAMESITE="Lax",
        SESSION_COOKIE_HTTPONLY=True,
    )
    if test_config is None:
        app.config.from_pyfile("config.py", silent=True)
    else:
        app.config.update(test_config)
    if async_mode:
        app.config["SOCKETIO_ASYNC_MODE"] = async_mode
    if public_url:
        app.config["PUBLIC_URL"] = public_url
    if not app.config.get("SECRET_KEY"):
        app.config["SECRET_KEY"] = _instance_secret(app.instance_path)

    from . import db, hall
    # A message queue that is set must be Redis and answer now (before the database is made), not at the first ballot.
    hall.check(app)
    db.init_app(app)
    csrf.init_app(app)

    from .web import register_blueprints
    from .web.ids import IdConverter
    # Before any rule is added: every <int:…> in a path is a database id, and one too large for it is a 404.
    app.url_map.converters["int"] = IdConverter
    register_blueprints(app)
    from .web import assets, security
    assets.init_app(app)
    security.init_app(app)

    # Imported before init_app: Flask-SocketIO keeps handlers registered while it has no server yet, and gives them
    # to the server of every app it is bound to after; handlers registered later would reach the first app only.
    from . import live, results
    socketio.init_app(
        app,
        async_mode=app.config["SOCKETIO_ASYNC_MODE"],
        message_queue=app.config["SOCKETIO_MESSAGE_QUEUE"],
        # Phones on venue Wi-Fi drop out; a generous ping timeout avoids churn on slow links.
        ping_timeout=30,
        max_http_buffer_size=64 * 1024,
    )
    results.init_app(app)
    live.init_app(app)
    return app


def _instance_secret(instance_path):
    """Read the session-signing key from the instance folder, creating it on first start."""
    path = os.path.join(instance_path, "secret_key")
    if not os.path.exists(path):
        # Written whole under another name, then linked into place: of several processes starting together on a
        # new folder, one key wins and none reads the file before its key is in it.
        fd, draft = tempfile.mkstemp(prefix=".secret_key.", dir=instance_path)   # mode 0600
        try:
            with os.fdopen(fd, "w") as f:
                f.write(secrets.token_hex(32))
                f.flush()
                os.fsync(f.fileno())
            with contextlib.suppress(FileExistsError):
                os.link(draft, path)
        finally:
            os.unlink(draft)
    with open(path) as f:
        return f.read().strip()
