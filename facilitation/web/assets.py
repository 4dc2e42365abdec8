"""Small, cacheable pages for phones on poor Wi-Fi: static files under content-hashed names, cached for a year and
compressed once; HTML and JSON compressed per response (Flask-Compress). docs/performance.md has the figures.

`url_for('static', filename='css/app.css')` gives `/static/css/app.<digest>.css`, where the digest is the first 12
hex digits of the file's SHA-256, recomputed when its modification time or size changes. That address is cached as
immutable; the bare name (and an old digest) is still served, but revalidated on every use.
"""
import gzip
import hashlib
import mimetypes
import os
import re

import brotli
from flask import Response, abort, current_app, request
from flask_compress import Compress
from werkzeug.security import safe_join

from .slow import in_thread

IMMUTABLE = "public, max-age=31536000, immutable"
HASHED = re.compile(r"^(?P<stem>.+)\.(?P<digest>[0-9a-f]{12})(?P<ext>\.[A-Za-z0-9]+)?$")
ENCODINGS = ("br", "gzip")
# Text compresses to a quarter or less; images, fonts and archives are compressed already.
TEXT_TYPES = ("text/html", "text/css", "text/javascript", "application/javascript", "application/json",
              "image/svg+xml", "text/plain", "application/manifest+json")


class Asset:
    """One static file as read at one modification time: its bytes, digest, type and compressed copies."""

    def __init__(self, stamp, data):
        self.stamp = stamp
        self.data = data
        self.digest = hashlib.sha256(data).hexdigest()[:12]
        self.encoded = {}


class StaticFiles:
    """The static folder's files, each read once per change of its modification time or size."""

    def __init__(self, folder):
        self.folder = folder
        self.files = {}

    def get(self, filename):
        """The file's current Asset, or None when there is no such file."""
        path = safe_join(self.folder, filename)
        try:
            stat = os.stat(path) if path else None
        except OSError:
            return None
        if stat is None or not os.path.isfile(path):
            return None
        stamp = (stat.st_mtime_ns, stat.st_size)
        asset = self.files.get(filename)
        if asset is None or asset.stamp != stamp:
            with open(path, "rb") as f:
                asset = Asset(stamp, f.read())
            self.files[filename] = asset
        return asset

    def hashed_name(self, filename):
        """The name with the file's digest before its extension ("css/app.css" → "css/app.1a2b3c4d5e6f.css")."""
        asset = self.get(filename)
        if asset is None:
            return filename
        stem, ext = os.path.splitext(filename)
        return f"{stem}.{asset.digest}{ext}"

    def find(self, requested):
        """(filename, asset, whether the requested name carries the file's current digest) for a requested name."""
        match = HASHED.match(requested)
        if match:
            filename = match["stem"] + (match["ext"] or "")
            asset = self.get(filename)
            if asset is not None:
                return filename, asset, asset.digest == match["digest"]
        return requested, self.get(requested), False


def unhashed(filename):
    """The file a static name refers to, with any content digest taken out (for readers of static/ on disk)."""
    match = HASHED.match(filename)
    return match["stem"] + (match["ext"] or "") if match else filename


def _gzip(data):
    """gzip at its best, with no time stamp, so every process makes the same bytes."""
    return gzip.compress(data, 9, mtime=0)


def _compressed(asset, encoding):
    """The file's bytes in one encoding, made once (at the highest settings: it is sent to every phone)."""
    if encoding not in asset.encoded:
        if encoding == "br":
            asset.encoded[encoding] = in_thread(brotli.compress, asset.data, brotli.MODE_TEXT, 11)
        else:
            asset.encoded[encoding] = in_thread(_gzip, asset.data)
    return asset.encoded[encoding]


def static_file(filename):
    """A static file: immutable for a year under its current digest, else revalidated; compressed when accepted."""
    files = current_app.extensions["static_files"]
    name, asset, current = files.find(filename)
    if asset is None:
        abort(404)
    mimetype = mimetypes.guess_type(name)[0] or "application/octet-stream"
    if mimetype == "application/javascript":
        mimetype = "text/javascript"   # RFC 9239
    body, encoding = asset.data, None
    compressible = mimetype in TEXT_TYPES and current_app.config["COMPRESS_RESPONSES"]
    if compressible:
        encoding = request.accept_encodings.best_match(ENCODINGS)
        if encoding:
            body = _compressed(asset, encoding)
    response = Response(body, mimetype=mimetype)
    if encoding:
        response.headers["Content-Encoding"] = encoding
    if compressible:
        response.vary.add("Accept-Encoding")
    response.set_etag(asset.digest + (f"-{encoding}" if encoding else ""))
    response.headers["Cache-Control"] = IMMUTABLE if current else "no-cache"
    return response.make_conditional(request)


def warm(app):
    """Compress every text file in the static folder now, so the first phone to ask is not kept waiting."""
    files = app.extensions["static_files"]
    for top, _dirs, names in os.walk(app.static_folder):
        for name in names:
            filename = os.path.relpath(os.path.join(top, name), app.static_folder).replace(os.sep, "/")
            asset = files.get(filename)
            if asset is not None and (mimetypes.guess_type(name)[0] or "") in TEXT_TYPES:
                for encoding in ENCODINGS:
                    _compressed(asset, encoding)


def init_app(app):
    """Serve static files through static_file, hash their URLs, compress HTML and JSON, and keep HTML revalidated."""
    app.config.setdefault("COMPRESS_RESPONSES", True)
    app.config.setdefault("IMMUTABLE_STATIC", True)
    app.extensions["static_files"] = StaticFiles(app.static_folder)
    app.view_functions["static"] = static_file

    @app.url_defaults
    def hashed_static_urls(endpoint, values):
        """url_for('static', ...) names the file's current content, so a changed file gets a new address."""
        if endpoint == "static" and "filename" in values and app.config["IMMUTABLE_STATIC"]:
            values["filename"] = app.extensions["static_files"].hashed_name(values["filename"])

    @app.after_request
    def revalidate_pages(response):
        """Pages change with every vote: the browser asks again each time (and a shared cache never keeps them)."""
        if response.mimetype == "text/html" and "Cache-Control" not in response.headers:
            response.headers["Cache-Control"] = "no-cache, private"
        return response

    app.config["COMPRESS_REGISTER"] = app.config["COMPRESS_RESPONSES"]
    app.config.setdefault("COMPRESS_ALGORITHM", list(ENCODINGS))
    # Stylesheets and scripts are static files, compressed once above; PDFs, workbooks and zips are compressed already.
    app.config.setdefault("COMPRESS_MIMETYPES", ["text/html", "application/json", "image/svg+xml", "text/plain"])
    # Streamed responses are file downloads: sent as they are, with their length known.
    app.config.setdefault("COMPRESS_STREAMS", False)
    Compress(app)
