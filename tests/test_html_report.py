"""`tradecheck report`: the HTML page, parsed strictly, escaped, written atomically, rendered in
a real headless Chromium (Debian's, driven by playwright) that must make no request; and the
committed example `docs/report-korus.html`, which must be what the documented command writes.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import html5lib
import pytest
from typer.testing import CliRunner

from cells import ROOT
from tradecheck.cli import app
from tradecheck.engine import prepare

RUNNER = CliRunner(env={"COLUMNS": "100", "NO_COLOR": "1", "TERM": "dumb"})
KORUS = ROOT / "claims" / "korus-2018.yaml"
EXAMPLE = ROOT / "docs" / "report-korus.html"
# The command that regenerates the committed example (README, "The HTML report").
EXAMPLE_DATE = "2026-12-01"
CHROMIUM = "/usr/bin/chromium"


def claim_count(*paths: Path) -> int:
    return prepare(list(paths)).count


def write_report(tmp_path: Path, *args: str) -> tuple[Path, str]:
    out = tmp_path / "report.html"
    result = RUNNER.invoke(app, ["report", *args, "-o", str(out), "--date", EXAMPLE_DATE])
    assert result.exit_code == 0, result.stderr
    assert result.stderr == f"report written to {out}\n"
    assert result.stdout == ""
    return out, out.read_text(encoding="utf-8")


def parse(page: str) -> object:
    """The page parsed by html5lib in strict mode: any parse error raises."""
    return html5lib.HTMLParser(strict=True, namespaceHTMLElements=False).parse(page)


def test_the_page_parses_and_has_a_row_per_claim(tmp_path: Path) -> None:
    _, page = write_report(tmp_path, str(ROOT / "claims"))
    tree = parse(page)
    rows = tree.findall(".//table[@class='verdicts']/tbody/tr")  # type: ignore[attr-defined]
    assert len(rows) == claim_count(ROOT / "claims")
    articles = tree.findall(".//article[@class='claim']")  # type: ignore[attr-defined]
    assert len(articles) == claim_count(ROOT / "claims")
    assert "http://" not in page.replace('xmlns="http://www.w3.org/2000/svg"', "")
    assert "<script" not in page and "<link" not in page and "@import" not in page
    assert "src=" not in page and "url(" not in page


def test_korus_page_holds_each_part(tmp_path: Path) -> None:
    _, page = write_report(tmp_path, str(KORUS))
    tree = parse(page)
    rows = tree.findall(".//table[@class='verdicts']/tbody/tr")  # type: ignore[attr-defined]
    assert len(rows) == 10
    # One chart per claim with a series: the six checkable claims.
    assert page.count("<svg ") == 6
    assert "Checked by tradecheck" in page and "on 2026-12-01" in page
    assert (
        "<td>exports, 5800 Korea, South, all goods</td><td>2016</td>"
        '<td class="num">42,262,186,687</td><td>country vintage 2026-04: '
        "<code>country-2026-04.xlsx, column EYR</code>, row 6037</td>"
    ) in page
    assert "Other definitions (the verdict stays the one for goods, Census basis)" in page
    # The claim's periods carry their value on the bar (2011 and 2016 exports, billions).
    assert ">43.46</text>" in page and ">42.26</text>" in page
    assert "a decline of 2.7 percent" in page


HOSTILE = """\
source: {title: "<b>Title</b>", publisher: "P & Q", date: 2026-01, url: "javascript:alert(1)"}
claims:
  - id: hostile
    quote: "exports were <script>alert('x')</script> \\u001b[31m $42.3 billion"
    speaker: "<img src=x onerror=alert(1)>"
    measure: {flow: exports, partner: Korea}
    period: 2016
    operation: level
    claimed: $42.3 billion
"""


def test_a_hostile_quote_stays_text(tmp_path: Path) -> None:
    claims = tmp_path / "hostile.yaml"
    claims.write_text(HOSTILE)
    _, page = write_report(tmp_path, str(claims))
    parse(page)
    assert "<script" not in page and "<img" not in page and "<b>" not in page
    assert "javascript:" not in page  # a link that is not http(s) is not linked
    assert "exports were &lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt; \\x1b[31m" in page
    assert "Said by &lt;img src=x onerror=alert(1)&gt;." in page
    assert "<h2>&lt;b&gt;Title&lt;/b&gt;</h2>" in page


def test_an_unwritable_output_exits_2_and_leaves_nothing(tmp_path: Path) -> None:
    missing = tmp_path / "no-such-dir" / "report.html"
    result = RUNNER.invoke(app, ["report", str(KORUS), "-o", str(missing)])
    assert result.exit_code == 2
    assert (
        result.stderr == f"tradecheck: error: cannot write {missing} (No such file or directory)\n"
    )
    folder = tmp_path / "a-folder"
    folder.mkdir()
    result = RUNNER.invoke(app, ["report", str(KORUS), "-o", str(folder)])
    assert result.exit_code == 2
    assert result.stderr == f"tradecheck: error: cannot write {folder} (Is a directory)\n"
    assert list(folder.iterdir()) == []
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")] == []


def test_a_bad_date_or_claims_file_exits_2(tmp_path: Path) -> None:
    out = tmp_path / "r.html"
    result = RUNNER.invoke(app, ["report", str(KORUS), "-o", str(out), "--date", "2026-13-01"])
    assert result.exit_code == 2
    assert result.stderr == "tradecheck: error: --date '2026-13-01': give a date as YYYY-MM-DD\n"
    bad = ROOT / "tests" / "bad_claims" / "three_stages.yaml"
    result = RUNNER.invoke(app, ["report", str(bad), "-o", str(out)])
    assert result.exit_code == 2
    assert result.stderr.startswith(f"tradecheck: error: {bad}:8:21: claims[0].measure.flow: ")
    assert not out.exists()


def test_the_committed_example_is_current(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Regenerate: tradecheck report claims/korus-2018.yaml -o docs/report-korus.html --date 2026-12-01
    monkeypatch.chdir(ROOT)  # the page names the claims file as given
    _, page = write_report(tmp_path, "claims/korus-2018.yaml")
    assert EXAMPLE.read_text(encoding="utf-8") == page, (
        "docs/report-korus.html is stale: run `tradecheck report claims/korus-2018.yaml "
        f"-o docs/report-korus.html --date {EXAMPLE_DATE}`"
    )


# The browser: Debian's chromium (`.ci/run` installs it with apt when missing), driven by
# playwright's client only (never `playwright install`, which downloads a browser).


def _chromium_problem() -> str | None:
    if shutil.which(CHROMIUM) is None:
        return f"{CHROMIUM} is not installed (apt-get install chromium; .ci/run tries)"
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "playwright is not installed (pip install -e '.[dev]')"
    try:
        subprocess.run([CHROMIUM, "--version"], check=True, capture_output=True, timeout=60)
    except (OSError, subprocess.SubprocessError) as exc:
        return f"{CHROMIUM} does not start ({exc})"
    return None


CHROMIUM_PROBLEM = _chromium_problem()
needs_chromium = pytest.mark.skipif(CHROMIUM_PROBLEM is not None, reason=str(CHROMIUM_PROBLEM))

# No sandbox as root; no background networking (updates, safe browsing, metrics...), so that
# the requests counted are the page's own.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-default-apps",
    "--disable-sync",
    "--no-first-run",
    "--metrics-recording-only",
    "--disable-domain-reliability",
    "--disable-client-side-phishing-detection",
]


def render(page_file: Path, screenshot: Path | None = None) -> dict[str, object]:
    """Open the file in headless Chromium: every request it made beyond the file itself, the
    verdict table rows, and each chart's rendered size."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        try:
            context = browser.new_context(viewport={"width": 1000, "height": 800})
            tab = context.new_page()
            requests: list[str] = []
            tab.on("request", lambda r: requests.append(r.url))
            url = page_file.resolve().as_uri()
            tab.goto(url, wait_until="networkidle")
            rows = tab.locator("table.verdicts > tbody > tr").count()
            sizes = tab.eval_on_selector_all(
                "figure.chart svg",
                "els => els.map(e => { const r = e.getBoundingClientRect();"
                " return [r.width, r.height]; })",
            )
            if screenshot is not None:
                tab.screenshot(path=str(screenshot))  # the first screen: a full page is 120,000 px
        finally:
            browser.close()
    return {"requests": [r for r in requests if r != url], "rows": rows, "sizes": sizes}


@needs_chromium
def test_the_page_renders_in_chromium_without_a_request(tmp_path: Path) -> None:
    out, page = write_report(tmp_path, str(ROOT / "claims"))
    screenshot = tmp_path / "report.png"
    seen = render(out, screenshot)
    assert seen["rows"] == claim_count(ROOT / "claims")
    sizes = seen["sizes"]
    assert isinstance(sizes, list)
    assert len(sizes) == page.count("<svg ") > 0
    assert all(w > 0 and h > 0 for w, h in sizes), sizes
    assert seen["requests"] == []
    assert screenshot.stat().st_size > 10_000
    # The negative control: the same check sees one external image.
    control = tmp_path / "control.html"
    control.write_text(page.replace("</body>", '<img src="http://127.0.0.1:9/x.png"></body>'))
    assert render(control)["requests"] == ["http://127.0.0.1:9/x.png"]


def test_every_verdict_has_a_colour() -> None:
    from tradecheck.domain import Verdict
    from tradecheck.outputs.html import colour

    assert {v: colour(v) for v in Verdict} == {
        Verdict.ACCURATE: "#1a7f37",
        Verdict.ACCURATE_WITHIN_ROUNDING: "#1a7f37",
        Verdict.INACCURATE: "#9a6700",
        Verdict.FALSE: "#cf222e",
        Verdict.UNVERIFIABLE: "#8250df",
        Verdict.NOT_CHECKABLE: "#57606a",
    }


def test_then_now_and_the_window_grid_are_on_the_page(tmp_path: Path) -> None:
    """The KORUS decline: its then-and-now sentence and its window grid, 5 starts by 5 ends,
    with the claimed window marked; the page's text is the report's, escaped."""
    from tradecheck.engine import verify_files

    claim = next(c for c in verify_files([KORUS]).files[0].claims if c.id == "exports-decline")
    assert claim.then is not None and claim.windows is not None
    _, page = write_report(tmp_path, str(KORUS))
    tree = parse(page)
    sections = tree.findall(".//section[@class='then_now']")  # type: ignore[attr-defined]
    assert any(
        "".join(s.itertext()).endswith(claim.then.summary + "The same verdict on both.")
        or claim.then.summary in "".join(s.itertext())
        for s in sections
    )
    grids = tree.findall(".//table[@class='windows']")  # type: ignore[attr-defined]
    decline = next(g for g in grids if g.find(".//td[@class='claimed']") is not None)
    assert len(decline.findall("./tbody/tr")) == len(claim.windows.starts) == 5
    claimed = decline.find(".//td[@class='claimed']")
    assert claimed is not None and claimed.text is not None and claimed.text.endswith("+")
