"""A real headless Chromium (Debian's chromium and chromium-driver), driven by selenium.

Installed by scripts/setup-test-deps.sh (.ci/install-debian-packages.sh); selenium comes with
the test extras. Missing pieces skip the test locally and fail it in CI (CI=true). Chromium is
started as the machine allows it (root, no sandbox, no network of its own: the background
networking flags stop it calling home) with a fresh profile; the driver's binary is given, so
selenium never tries to download one.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator

import pytest

CHROMIUM_FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync",
                  "--window-size=1280,1000")


def _missing(what: str) -> None:
    reason = f"{what} not found; run scripts/setup-test-deps.sh (Debian: apt-get install chromium chromium-driver)"
    if os.environ.get("CI") == "true":
        pytest.fail(reason, pytrace=False)
    pytest.skip(reason)


@pytest.fixture
def chromium() -> Iterator:
    try:
        from selenium import webdriver
        from selenium.webdriver.chrome.service import Service
    except ImportError:
        _missing("selenium (the test extras)")
    binary = shutil.which("chromium") or "/usr/bin/chromium"
    driver_bin = shutil.which("chromedriver") or "/usr/bin/chromedriver"
    for path in (binary, driver_bin):
        if not os.access(path, os.X_OK):
            _missing(path)
    profile = tempfile.mkdtemp(prefix="iacfix-chromium-")
    opts = webdriver.ChromeOptions()
    opts.binary_location = binary
    for flag in (*CHROMIUM_FLAGS, f"--user-data-dir={profile}"):
        opts.add_argument(flag)
    opts.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=Service(driver_bin), options=opts)
    try:
        yield driver
    finally:
        driver.quit()
        shutil.rmtree(profile, ignore_errors=True)
