"""The check-in QR code, drawn as inline SVG (no image files, nothing fetched)."""

import qrcode
import qrcode.image.svg


def qr_svg(text):
    image = qrcode.make(text, image_factory=qrcode.image.svg.SvgPathImage, box_size=10, border=2)
    return image.to_string(encoding="unicode")
