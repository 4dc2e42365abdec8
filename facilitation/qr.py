"""QR codes as SVG, drawn by the qrcode package."""
import re

import qrcode
import qrcode.image.svg
from markupsafe import Markup, escape


def qr_svg(data, label):
    """An inline SVG QR code for data, sized by CSS, with a text alternative for screen readers."""
    qr = qrcode.QRCode(
        # M (15% recovery) survives a crease or a coffee ring on a printed card and keeps the code small.
        error_correction=qrcode.constants.ERROR_CORRECT_M,
        border=4,
        image_factory=qrcode.image.svg.SvgPathImage,
    )
    qr.add_data(data)
    qr.make(fit=True)
    svg = qr.make_image().to_string(encoding="unicode")
    # Drop the fixed millimetre size so the page's CSS decides how big the code prints.
    svg = re.sub(r'^<svg width="[^"]*" height="[^"]*"', "<svg", svg, count=1)
    svg = svg.replace("<svg ", f'<svg class="qr" role="img" aria-label="{escape(label)}" ', 1)
    return Markup(svg)
