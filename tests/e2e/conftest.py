"""Shared fixtures for the end-to-end tests: the running server (started by
scripts/test), a headless Chromium driven by Selenium, and axe-core for WCAG checks."""
import importlib.util
import os
import pathlib

import pytest
from selenium import webdriver
from selenium.webdriver.chrome.service import Service

BASE_URL = os.environ.get("STEUNPUNT_E2E_URL", "http://127.0.0.1:8089")
DEMO_PASSWORD = "Steunpunt-demo-2026"


@pytest.fixture(scope="session")
def base_url():
    return BASE_URL


@pytest.fixture
def browser():
    options = webdriver.ChromeOptions()
    options.binary_location = os.environ.get("CHROMIUM", "/usr/bin/chromium")
    for flag in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu", "--window-size=1280,1000"):
        options.add_argument(flag)
    # The pages must work without JavaScript; axe needs it, so it stays on for the check.
    driver = webdriver.Chrome(service=Service(os.environ.get("CHROMEDRIVER", "/usr/bin/chromedriver")), options=options)
    driver.set_page_load_timeout(30)
    yield driver
    driver.quit()


def _axe_source():
    """axe-core 4.x, as shipped inside the axe-playwright-python wheel (installed without its
    Playwright dependency): only the JavaScript file is used."""
    spec = importlib.util.find_spec("axe_playwright_python")
    if spec is None or spec.origin is None:
        raise RuntimeError("axe-playwright-python is not installed (pip install --no-deps axe-playwright-python)")
    return (pathlib.Path(spec.origin).parent / "axe.min.js").read_text(encoding="utf-8")


AXE = None


def axe_violations(driver):
    """Runs axe-core on the current page for WCAG 2.0/2.1 A and AA; returns the violations."""
    global AXE
    if AXE is None:
        AXE = _axe_source()
    driver.execute_script(AXE)
    result = driver.execute_async_script(
        "const done = arguments[arguments.length - 1];"
        "axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}})"
        ".then(r => done(r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,"
        " nodes: v.nodes.map(n => n.target.join(' ')).slice(0, 5)}))))"
        ".catch(e => done([{id: 'axe-error', help: String(e), nodes: []}]));"
    )
    return result
