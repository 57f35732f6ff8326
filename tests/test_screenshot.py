"""The notebook display opened in headless Chromium (Debian's ``chromium`` package).

.ci/run installs Chromium and sets GOVLINT_REQUIRE_CHROMIUM=1, so there a missing browser
fails the test; elsewhere it is skipped with the reason.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from PIL import Image

from . import screenshot
from .conftest import ROOT

PICTURE = ROOT / "docs" / "images" / "notebook-display.png"

needs_chromium = pytest.mark.skipif(
    screenshot.chromium() is None and not os.environ.get("GOVLINT_REQUIRE_CHROMIUM"),
    reason="headless Chromium is not installed (Debian: apt-get install chromium fonts-wqy-microhei); "
    ".ci/run installs it",
)

# The highlight fills of the display's CSS: error and warning cells.
ERROR_FILL = (0xFF, 0xCE, 0xCB)
WARNING_FILL = (0xFF, 0xF1, 0xA8)


def _count(image: Image.Image, colour: tuple[int, int, int]) -> int:
    return sum(n for n, c in image.getcolors(maxcolors=1 << 24) or [] if c == colour)


@needs_chromium
def test_chromium_draws_the_highlighted_cells(tmp_path: Path) -> None:
    out = screenshot.take(screenshot.display_page(), tmp_path / "display.png")
    image = Image.open(out).convert("RGB")
    assert image.width > 600 and image.height > 1000, image.size
    # Seed 000: one error cell (表二 行政事业性收费) and six warning cells (表四 blanks) are filled.
    assert _count(image, ERROR_FILL) > 2000
    assert _count(image, WARNING_FILL) > 6 * 700


def test_the_committed_picture_is_shown_in_the_readme() -> None:
    image = Image.open(PICTURE)
    assert image.format == "PNG" and image.width > 600
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert f"]({PICTURE.relative_to(ROOT).as_posix()})" in readme
