"""Screenshots of every page, in every language, at desktop and phone size: `make screenshots`.

Usage: python tests/e2e/screenshots.py [FOLDER]   (default: screenshots/)

Starts the tour's server (tests/e2e/site_tour.py: five elections in different states) and
saves one full-page PNG per page, state, language and size as
``FOLDER/<page>-<language>-<size>.png``, every page once more in the dark scheme
(``-dark``) and the results and the receipt as printed (``-print``). Drives Debian's
/usr/bin/chromium.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE), str(HERE.parent)]

from browser_harness import CHROMIUM, CHROMIUM_ARGS  # noqa: E402
from site_tour import DESKTOP, PHONE, Site, Walker, running_site, views  # noqa: E402

PRINTED = {"results", "booth-receipt"}  # also shown as printed


def _run(browser: Any, site: Site, folder: Path, lang: str, size: str, scheme: str) -> int:
    """Every view in one language, size and colour scheme; the number of files written."""
    viewport = DESKTOP if size == "desktop" else PHONE
    walker = Walker(browser, site, lang, viewport, scheme)
    suffix = f"{lang}-{size}" + ("-dark" if scheme == "dark" else "")
    count = 0
    try:
        for view in views(site):
            page = walker.show(view)
            page.screenshot(path=str(folder / f"{view.name}-{suffix}.png"), full_page=True)
            count += 1
            if view.name in PRINTED and scheme == "light" and size == "desktop":
                page.emulate_media(media="print")
                page.screenshot(path=str(folder / f"{view.name}-{lang}-print.png"), full_page=True)
                page.emulate_media(media="screen")
                count += 1
    finally:
        walker.close()
    return count


def main(folder: Path) -> int:
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        print(f"{CHROMIUM} is not installed (make browser installs it as root)", file=sys.stderr)
        return 1
    folder.mkdir(parents=True, exist_ok=True)
    started, count = time.monotonic(), 0
    with running_site() as site, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        runs = [
            (lang, size, scheme)
            for scheme in ("light", "dark")
            for lang in ("en", "ru")
            for size in ("desktop", "phone")
        ]
        for lang, size, scheme in runs:
            count += _run(browser, site, folder, lang, size, scheme)
        browser.close()
    print(f"wrote {count} screenshots to {folder}/ in {time.monotonic() - started:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1] if len(sys.argv) > 1 else "screenshots")))
