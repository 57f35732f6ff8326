"""A picture of the notebook display, taken in headless Chromium (Debian's ``chromium``).

``python -m tests.screenshot docs/images/notebook-display.png`` (``make screenshot``) writes
the README's picture: seed 000's LintResult as Jupyter shows it. tests/test_screenshot.py
takes the same picture and checks what Chromium drew.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import attrs
from PIL import Image, ImageChops

import govlint

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "examples" / "reports" / "000_18b1a800694c3a55.txt"
WIDTH = 1040
# Flags for a closed network and a root user: no sandbox, no background connections.
FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--hide-scrollbars",
    "--force-device-scale-factor=1",
)


def chromium() -> str | None:
    """The Chromium executable, or None when it is not installed."""
    for name in ("chromium", "chromium-browser", "google-chrome"):
        found = shutil.which(name)
        if found:
            return found
    return None


def display_page(lang: str = "en") -> str:
    """Seed 000's result as a standalone page, relative path in the title as a reader sees it."""
    result = attrs.evolve(govlint.lint(SEED), path=str(SEED.relative_to(ROOT)))
    return result.to_html(lang, standalone=True)


def take(html: str, out: Path, width: int = WIDTH, height: int = 4000) -> Path:
    """Render ``html`` in headless Chromium and save the picture, cropped to the content."""
    browser = chromium()
    if browser is None:
        raise FileNotFoundError("chromium is not installed (Debian: apt-get install chromium)")
    with tempfile.TemporaryDirectory(prefix="govlint-shot-") as work:
        page = Path(work) / "display.html"
        page.write_text(html, encoding="utf-8")
        raw = Path(work) / "shot.png"
        command = [
            browser,
            *FLAGS,
            f"--user-data-dir={Path(work) / 'profile'}",
            f"--window-size={width},{height}",
            f"--screenshot={raw}",
            page.as_uri(),
        ]
        done = subprocess.run(command, capture_output=True, text=True, timeout=120, check=False)
        if not raw.exists():
            raise RuntimeError(f"chromium wrote no screenshot (exit {done.returncode}): {done.stderr[-2000:]}")
        image = Image.open(raw).convert("RGB")
        out.parent.mkdir(parents=True, exist_ok=True)
        _crop(image).save(out, optimize=True)
    return out


def _crop(image: Image.Image, margin: int = 12) -> Image.Image:
    """The picture without the empty page below and right of the content."""
    background = Image.new("RGB", image.size, (255, 255, 255))
    box = ImageChops.difference(image, background).getbbox()
    if box is None:
        return image
    return image.crop((0, 0, min(image.width, box[2] + margin), min(image.height, box[3] + margin)))


def main(argv: list[str]) -> int:
    out = Path(argv[0]) if argv else ROOT / "docs" / "images" / "notebook-display.png"
    take(display_page(), out)
    print(f"wrote {out} ({os.path.getsize(out)} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
