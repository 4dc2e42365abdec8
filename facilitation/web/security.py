"""Security headers on every response: a Content-Security-Policy with no inline script or style, no framing, no
sniffing, and no referrer carrying a join, survey or check-in token to another site (docs/decisions.md, issue 14)."""
import re

from flask import request

# A Host header is the client's own word; only a plain host[:port] goes into the policy, so a crafted one cannot add
# sources (a space or ';' would start a new directive).
PLAIN_HOST = re.compile(r"^[A-Za-z0-9.\-]+(:[0-9]{1,5})?$|^\[[0-9A-Fa-f:.]+\](:[0-9]{1,5})?$")

# 'self' for everything the pages load; img-src also allows data: for the blank favicon (base.html). Inline SVG
# (charts, QR codes) is part of the document and needs no source; its styling is by presentation attributes.
POLICY = (
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "font-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
)

HEADERS = {
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    # same-origin, not no-referrer: Flask-WTF's CSRF check needs a same-site Referer on HTTPS, and a token in the
    # address then reaches only this server, never another site's log.
    "Referrer-Policy": "same-origin",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Cross-Origin-Resource-Policy": "same-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=(), payment=(), usb=()",
}


def content_security_policy(host):
    """The policy for a response to a request made to host; Socket.IO's WebSocket is named for older browsers."""
    # CSP Level 3 lets 'self' match ws:/wss: on the same host, but Safari before 15.4 does not: name them too.
    sockets = f" ws://{host} wss://{host}" if host and PLAIN_HOST.match(host) else ""
    return "; ".join((*POLICY, f"connect-src 'self'{sockets}"))


def add_security_headers(response):
    """Set every security header on the response, keeping any a route set deliberately."""
    response.headers.setdefault("Content-Security-Policy", content_security_policy(request.host))
    for name, value in HEADERS.items():
        response.headers.setdefault(name, value)
    return response


def init_app(app):
    """Add the headers to every response the app makes: pages, API, static files and error pages."""
    app.after_request(add_security_headers)
