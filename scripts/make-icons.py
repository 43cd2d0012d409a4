"""Draw the web app's icons (home screen, splash, favicon) into the phone app's static folder.

Run once after changing the design: ``.venv/bin/python scripts/make-icons.py``. The PNGs are
committed, so that serving the app needs neither Pillow's fonts nor this script. The drawing is
the brand colour of the pages with a white lower-case "b" and a tablet, kept inside the central
80 % circle so that a "maskable" crop (Android's round and squircle masks) never cuts it.
"""

from __future__ import annotations

from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

BRAND = (31, 95, 139)
WHITE = (255, 255, 255)
FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf")
TARGET = Path(__file__).resolve().parents[1] / "src/baclo/web/phone/static/phone/icons"


def draw(size: int, *, rounded: bool) -> Image.Image:
    """The icon at ``size`` pixels: a rounded tile (``rounded``) or a full-bleed maskable one."""
    image = Image.new("RGBA", (size, size), (0, 0, 0, 0))
    pen = ImageDraw.Draw(image)
    if rounded:
        pen.rounded_rectangle((0, 0, size - 1, size - 1), radius=size // 5, fill=BRAND)
    else:
        pen.rectangle((0, 0, size, size), fill=BRAND)
    font = ImageFont.truetype(str(FONT), int(size * 0.58))
    pen.text((size * 0.44, size * 0.5), "b", font=font, fill=WHITE, anchor="mm")
    # A tablet beside the letter, scored like the marketed 10 mg tablets.
    r = size * 0.085
    cx, cy = size * 0.70, size * 0.66
    pen.ellipse((cx - r, cy - r, cx + r, cy + r), fill=WHITE)
    pen.line((cx - r * 0.7, cy, cx + r * 0.7, cy), fill=BRAND, width=max(1, size // 64))
    return image


def main() -> None:
    TARGET.mkdir(parents=True, exist_ok=True)
    for size in (192, 512):
        draw(size, rounded=True).save(TARGET / f"icon-{size}.png", optimize=True)
    draw(512, rounded=False).save(TARGET / "icon-maskable-512.png", optimize=True)
    draw(180, rounded=False).convert("RGB").save(TARGET / "apple-touch-icon.png", optimize=True)
    draw(64, rounded=True).save(TARGET / "favicon.ico", sizes=[(16, 16), (32, 32), (48, 48)])


if __name__ == "__main__":
    main()
