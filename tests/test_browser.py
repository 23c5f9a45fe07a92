"""A real browser: headless Chromium (Debian's package, installed by `make test` through
scripts/install-chromium.sh) driven by Playwright against `jjkg serve`. It opens 安海镇, follows a project
link, searches `zimaoshan`, and saves screenshots under test-artifacts/."""

import os
import subprocess
import sys
import urllib.request
from pathlib import Path

import pytest
import tools
from deadlines import wait_until
from playwright import sync_api

from kg.settings import PROJECT_ROOT
from kg.store.ports import free_port

ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]
ARTIFACTS = PROJECT_ROOT / "test-artifacts"

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module", autouse=True)
def chromium():
    """Skips where Chromium cannot be installed; fails with CI=true (tests/tools.py)."""
    tools.require(tools.CHROMIUM, "the browser tests")
    return tools.CHROMIUM.paths[0]


@pytest.fixture(scope="module")
def server(published):
    port = free_port()
    env = {**os.environ, "JJKG_VAR_DIR": str(published.var_dir)}
    proc = subprocess.Popen([sys.executable, "-m", "kg.cli", "serve", "--port", str(port)], cwd=PROJECT_ROOT,
                            env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"

    def answers() -> bool:
        if proc.poll() is not None:
            raise AssertionError(proc.stdout.read().decode())
        return bool(urllib.request.urlopen(base + "/reports.json", timeout=5).read())

    try:
        wait_until(answers, 60, "the server did not answer within 60 s")
    except AssertionError:
        proc.kill()
        raise
    yield base
    proc.terminate()
    proc.wait(timeout=10)


@pytest.fixture(scope="module")
def browser(chromium):
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=chromium, args=ARGS)
        yield b
        b.close()


def shot(page, name: str) -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / name
    page.screenshot(path=str(path), full_page=True)
    assert path.stat().st_size > 1000
    return path


def test_browse_anhai_follow_a_project_and_search(server, browser):
    page = browser.new_page(viewport={"width": 390, "height": 844}, locale="zh-CN")  # a phone
    page.goto(server + "/id/place/anhaizhen")  # the IRI: 303 to the page
    assert page.url == server + "/page/place/anhaizhen"
    assert page.locator("h1").inner_text() == "安海镇"
    # Mobile layout: nothing wider than the screen.
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    shot(page, "anhaizhen.png")

    page.locator("section.place-profile a[href='/page/project/anhaibeihuan-longshansipianqu']").first.click()
    page.wait_for_url("**/page/project/anhaibeihuan-longshansipianqu")
    assert page.locator("h1").inner_text() == "安海北环-龙山寺片区"
    # Its provenance quote leads into the reader, at the statement.
    page.locator("figure.quote a[href^='/read/jinjiangshi-2025#']").first.click()
    page.wait_for_url("**/read/jinjiangshi-2025#goal-*")
    target = page.locator(".stmt:target")
    assert "安海北环" in target.inner_text()
    shot(page, "reader.png")

    page.goto(server + "/")
    page.locator("main form.search input[name=q]").fill("zimaoshan")
    page.locator("main form.search button").click()
    page.wait_for_url("**/search?q=zimaoshan")
    first = page.locator("ol.hits li a").first
    assert first.inner_text() == "紫帽山"
    shot(page, "search-zimaoshan.png")
    first.click()
    page.wait_for_url("**/page/place/zimaoshan")
    page.close()


AXE_PAGES = ["/", "/places", "/projects", "/indicators", "/reports", "/page/place/anhaizhen",
             "/page/place/jinjiangshi", "/page/project/anhaibeihuan-longshansipianqu",
             "/page/indicator/diqushengchanzongzhi", "/page/report/jinjiangshi-2025", "/read/jinjiangshi-2025",
             "/search?q=anhai", "/dumps", "/sparql", "/page/ontology", "/compare"]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_axe_finds_no_serious_violation(server, browser, lang):
    """axe-core (the engine browsers' accessibility audits use) on every kind of page, in both languages: no
    violation of impact "serious" or "critical"."""
    from axe_playwright_python.sync_playwright import Axe

    axe = Axe()
    page = browser.new_page(locale="zh-CN")
    found = []
    for path in AXE_PAGES:
        page.goto(server + path + ("&" if "?" in path else "?") + f"lang={lang}")
        for v in axe.run(page).response["violations"]:
            if v["impact"] in ("serious", "critical"):
                found.append(f"{path}: {v['id']} ({v['impact']}) {[n['target'] for n in v['nodes']][:3]}")
    page.close()
    assert not found, "\n".join(found)
