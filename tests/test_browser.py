"""A real browser: headless Chromium (Debian's package, installed by `make test` through
scripts/install-chromium.sh) driven by Playwright against `jjkg serve`. It opens 安海镇, follows a project
link, searches `zimaoshan`, compares three provinces on /compare (a graph of many places), draws a ladder of
targets (/ladder and an indicator page, with tests/fixtures/ladder/), and saves screenshots
under test-artifacts/."""

import os
import subprocess
import sys
import urllib.request
from pathlib import Path

import pytest
import tools
from conftest import folder_of_reports, ingested
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
    yield from serving({"JJKG_VAR_DIR": str(published.var_dir)})


@pytest.fixture(scope="module")
def provinces_server(tmp_path_factory):
    """`jjkg serve` over a private data copy with three provinces' 2026 reports added by `jjkg ingest FOLDER`."""
    corpus = PROJECT_ROOT.parent / "shared" / "corpus" / "provinces-2026"
    if not corpus.is_dir():
        pytest.skip(f"the shared corpus is not at {corpus}")
    root = tmp_path_factory.mktemp("provinces")
    folder, env = folder_of_reports(root, [corpus / f"{p}-2026.txt" for p in ("fujian", "guangdong", "zhejiang")])
    ingested(folder, env)
    yield from serving(env)


def serving(settings: dict[str, str]):
    port = free_port()
    env = {**os.environ, **settings}
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


def cjk_fonts(folder: Path) -> dict[str, str]:
    """The environment that lets the launched Chromium draw Chinese: a fontconfig file adding the Noto Sans CJK
    collection of the pinned test package noto-cjk-sans-otc (SIL OFL 1.1; it covers simplified and traditional) to
    the system's fonts, which here have no CJK font, so screenshots showed boxes. Nothing on the system changes;
    {} where the package is not installed (the assertions do not depend on the glyphs)."""
    try:
        import noto_cjk_sans_otc
    except ImportError:
        return {}
    conf = folder / "fonts.conf"
    conf.write_text(f"""<?xml version="1.0"?>
<!DOCTYPE fontconfig SYSTEM "urn:fontconfig:fonts.dtd">
<fontconfig>
  <include ignore_missing="yes">/etc/fonts/fonts.conf</include>
  <dir>{Path(str(noto_cjk_sans_otc.FONT_PATH)).parent}</dir>
  <cachedir>{folder / "cache"}</cachedir>
</fontconfig>
""", encoding="utf-8")
    return {"FONTCONFIG_FILE": str(conf)}


def test_the_browser_is_given_a_cjk_font(tmp_path):
    env = cjk_fonts(tmp_path)
    if not env:
        pytest.skip("noto-cjk-sans-otc is not installed (pip install -e '.[test]')")
    if not Path("/usr/bin/fc-match").exists():
        pytest.skip("fc-match (fontconfig) is not installed")
    matched = subprocess.run(["fc-match", ":lang=zh-cn", "family"], env={**os.environ, **env},
                             capture_output=True, text=True, timeout=60).stdout
    assert "Noto Sans CJK" in matched, matched


@pytest.fixture(scope="module")
def browser(chromium, tmp_path_factory):
    fonts = cjk_fonts(tmp_path_factory.mktemp("fonts"))
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=chromium, args=ARGS, env={**os.environ, **fonts})
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


COMPARE_PLACES = "/compare?indicator=diqushengchanzongzhi&year=2025&within=zhongguo"  # three provinces' results
BAR_BLUE = (0x1a, 0x56, 0xa8)  # the bars' colour (api/charts.py STYLE)


@pytest.mark.parametrize("width", [1280, 390])
def test_compare_across_places_draws_its_charts(provinces_server, browser, width):
    """/compare of every province's 2025 GDP figures, on a desktop and a phone: each chart is drawn (an image of its
    full size with blue bars in it), its caption above it, and the page itself no wider than the screen."""
    page = browser.new_page(viewport={"width": width, "height": 900}, locale="zh-CN")
    answer = page.goto(provinces_server + COMPARE_PLACES)
    assert answer.status == 200
    assert page.locator("table.places-compared tbody tr").count() >= 3
    charts = page.locator("figure.chart")
    assert charts.count() >= 1
    for i in range(charts.count()):
        figure = charts.nth(i)
        figure.scroll_into_view_if_needed()
        img = figure.locator("img")
        drawn = bars_drawn(img)
        assert drawn["w"] >= min(560, width - 40) and drawn["h"] >= 100, drawn
        assert drawn["bar"] > 500, f"chart {i}: no bars drawn ({drawn})"
        box, caption = img.bounding_box(), figure.locator("figcaption").bounding_box()
        assert box["width"] >= min(560, width - 40) and box["height"] > 100, box  # readable at a phone's width too
        assert caption["y"] + caption["height"] <= box["y"] + 1, "the caption is above its chart"
    # The page does not scroll sideways; a chart wider than a phone scrolls inside its own figure.
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    shot(page, f"compare-places-{width}.png")
    page.close()


@pytest.fixture(scope="module")
def ladder_server(tmp_path_factory):
    """`jjkg serve` over a private data copy with the ladder's fixtures (福建省, 泉州市: tests/fixtures/ladder/) ingested."""
    fixtures = Path(__file__).parent / "fixtures" / "ladder"
    root = tmp_path_factory.mktemp("ladder")
    folder, env = folder_of_reports(root, sorted(fixtures.glob("*.txt")))
    ingested(folder, env)
    yield from serving(env)


LADDER = "/ladder?indicator=diqushengchanzongzhi&place=jinjiangshi&year=2024"  # four levels, 晋江市 up to 中国


def bars_drawn(img) -> dict:
    """The image's size in the page and how many of its pixels are the bars' blue, once it is loaded and decoded."""
    img.evaluate("img => img.decode()")  # rejects if the SVG is broken
    return img.evaluate("""(img, blue) => {
        const canvas = document.createElement('canvas');
        canvas.width = img.width; canvas.height = img.height;  // its size in the page (the SVG has a viewBox)
        const ctx = canvas.getContext('2d');
        ctx.drawImage(img, 0, 0, canvas.width, canvas.height);
        const px = ctx.getImageData(0, 0, canvas.width, canvas.height).data;
        let bar = 0;
        for (let k = 0; k < px.length; k += 4)
            if (Math.abs(px[k] - blue[0]) < 40 && Math.abs(px[k + 1] - blue[1]) < 40 &&
                Math.abs(px[k + 2] - blue[2]) < 40 && px[k + 3] > 100) bar++;  // bars are drawn translucent
        return {w: canvas.width, h: canvas.height, bar};
    }""", list(BAR_BLUE))


@pytest.mark.parametrize("width", [1280, 390])
def test_the_ladder_draws_its_chart(ladder_server, browser, width):
    """/ladder of 晋江市's 2024 GDP growth target, and GDP's indicator page, on a desktop and a phone: the ladder's
    chart is drawn (blue bars in an image of its full size), its caption above it on /ladder, the table has the four
    levels, and neither page scrolls sideways."""
    page = browser.new_page(viewport={"width": width, "height": 900}, locale="zh-CN")
    assert page.goto(ladder_server + LADDER).status == 200
    assert page.locator("table tbody tr").count() >= 4
    figure = page.locator("figure.chart")
    assert figure.count() == 1
    figure.scroll_into_view_if_needed()
    img = figure.locator("img")
    drawn = bars_drawn(img)
    assert drawn["w"] >= min(560, width - 40) and drawn["h"] >= 100 and drawn["bar"] > 500, drawn
    box, caption = img.bounding_box(), figure.locator("figcaption").bounding_box()
    assert box["width"] >= min(560, width - 40), box
    assert caption["y"] + caption["height"] <= box["y"] + 1, "the caption is above its chart"
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    shot(page, f"ladder-{width}.png")
    # the indicator page draws the same chart in its ladder section
    assert page.goto(ladder_server + "/page/indicator/diqushengchanzongzhi").status == 200
    chart = page.locator("#ladder ~ figure.chart img[src^='/chart/ladder.svg']").first
    chart.scroll_into_view_if_needed()
    drawn = bars_drawn(chart)
    assert drawn["bar"] > 500, drawn
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    page.close()


AXE_PAGES = ["/", "/places", "/projects", "/indicators", "/reports", "/page/place/anhaizhen",
             "/page/place/jinjiangshi", "/page/project/anhaibeihuan-longshansipianqu",
             "/page/indicator/diqushengchanzongzhi", "/page/report/jinjiangshi-2025", "/read/jinjiangshi-2025",
             "/search?q=anhai", "/dumps", "/sparql", "/page/ontology", "/compare",
             "/compare?indicator=diqushengchanzongzhi&year=2024&places=jinjiangshi,quanzhoushi"]


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
