"""Screenshots of every page, in every language, at desktop and phone size: `make screenshots`.

Usage: python tests/e2e/screenshots.py [FOLDER]   (default: screenshots/)

Starts the tour's server (tests/e2e/site_tour.py: four elections in different states) and
saves one full-page PNG per page, state, language and size as
``FOLDER/<page>-<language>-<size>.png``. Drives Debian's /usr/bin/chromium.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE), str(HERE.parent)]

from browser_harness import CHROMIUM, CHROMIUM_ARGS  # noqa: E402
from site_tour import DESKTOP, PHONE, Walker, running_site, views  # noqa: E402


def main(folder: Path) -> int:
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        print(f"{CHROMIUM} is not installed (make browser installs it as root)", file=sys.stderr)
        return 1
    folder.mkdir(parents=True, exist_ok=True)
    started, count = time.monotonic(), 0
    with running_site() as site, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for lang in ("en", "ru"):
            for size, viewport in (("desktop", DESKTOP), ("phone", PHONE)):
                walker = Walker(browser, site, lang, viewport)
                try:
                    for view in views(site):
                        page = walker.show(view)
                        page.screenshot(
                            path=str(folder / f"{view.name}-{lang}-{size}.png"), full_page=True
                        )
                        count += 1
                finally:
                    walker.close()
        browser.close()
    print(f"wrote {count} screenshots to {folder}/ in {time.monotonic() - started:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1] if len(sys.argv) > 1 else "screenshots")))
