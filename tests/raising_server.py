"""server.py with a page and a Socket.IO event that fail, quoting their tokens: the log must hide them all the same."""
if __name__ == "__main__":
    from gevent import monkey

    monkey.patch_all()

from flask import request  # noqa: E402

from facilitation import cli, socketio  # noqa: E402


def fail(join_token):
    """A page that raises, as a bug would, with the token in its address and its message."""
    raise RuntimeError(f"failed on {request.path} with {dict(request.view_args)!r}")


@socketio.on("fail")
def fail_event(data=None):
    """A Socket.IO event that raises with its payload (a join token) in the message."""
    raise RuntimeError(f"failed with {data!r}")


def create_app(*args, _create_app=cli.create_app, **kwargs):
    """The app server.py makes, with the failing page added."""
    app = _create_app(*args, **kwargs)
    app.add_url_rule("/t/<join_token>/fail", "fail", fail)
    return app


cli.create_app = create_app

if __name__ == "__main__":
    cli.cli()
