#!/usr/bin/env python3
"""Entry point: start the server, or import, export, load the demo and make API tokens from the command line."""
if __name__ == "__main__":
    # gevent must patch the standard library before anything else imports it (docs/deployment.md).
    from gevent import monkey

    monkey.patch_all()

from facilitation.cli import cli  # noqa: E402

if __name__ == "__main__":
    cli()
