"""Refresh the README gallery: small copies of the quick profile's figures in docs/gallery/.

Run after a complete quick run:  uv run python docs/make_gallery.py
"""
from pathlib import Path

from PIL import Image

WIDTH = 720
root = Path(__file__).resolve().parents[1]
out = root / "docs/gallery"
out.mkdir(exist_ok=True)
for png in sorted((root / "figures/quick").glob("*.png")):
    with Image.open(png) as im:
        small = im.convert("RGB").resize((WIDTH, round(im.height * WIDTH / im.width)), Image.LANCZOS)
        small.save(out / png.name, optimize=True)
    print(out / png.name)
