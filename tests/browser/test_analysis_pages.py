"""The owner's overview at 1366 px and on a 390 px phone: column heads wrap between words, never
inside one, and the phone says the table scrolls sideways (only where it does). The explorer's
funnel plot cuts no label. axe runs on every page visited (pages.goto)."""

from skolekvalitet.demo import build_demo
from tests.browser.test_journey_school_people import _log_in

DESKTOP = {"width": 1366, "height": 900}
PHONE = {"width": 390, "height": 844}

# The words of each column head that the browser split over two lines.
SPLIT_WORDS = """
() => [...document.querySelectorAll('.overview-table th[scope=col]')].flatMap(th => {
  const text = th.firstChild;
  const out = [];
  for (const m of text.textContent.matchAll(/\\S+/g)) {
    const range = document.createRange();
    range.setStart(text, m.index);
    range.setEnd(text, m.index + m[0].length);
    const tops = new Set([...range.getClientRects()].map(r => Math.round(r.top)));
    if (tops.size > 1) out.push(m[0]);
  }
  return out;
})
"""


def test_the_overview_keeps_words_whole_and_says_it_scrolls_on_a_phone(pages, transactional_db):
    build_demo()
    page = pages.page
    _log_in(pages, "admin@demo.example", "demo", "nn")
    hint = page.locator(".scroll-hint")
    page.set_viewport_size(DESKTOP)
    pages.goto("/o/demo/overview/")
    assert page.evaluate(SPLIT_WORDS) == []
    fits = page.evaluate(
        "(b => b.scrollWidth <= b.clientWidth)(document.getElementById('key-table-wrap'))"
    )
    assert hint.is_visible() != fits
    page.set_viewport_size(PHONE)
    pages.goto("/o/demo/overview/")
    assert page.evaluate(SPLIT_WORDS) == []
    assert hint.is_visible()
    assert hint.inner_text().endswith("Sveip eller rull sidelengs for å sjå alle kolonnane.")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"]


def test_the_funnel_plot_cuts_no_label(pages, transactional_db):
    build_demo()
    page = pages.page
    _log_in(pages, "admin@demo.example", "demo")
    for viewport in (DESKTOP, PHONE):
        page.set_viewport_size(viewport)
        pages.goto("/o/demo/explore/?show=completion_upper_secondary.10")
        chart = page.locator(".chart-figure svg")
        box = chart.bounding_box()
        texts = chart.locator("text")
        assert texts.count() > 5
        for i in range(texts.count()):
            t = texts.nth(i).bounding_box()
            assert box["x"] - 0.5 <= t["x"] and t["x"] + t["width"] <= box["x"] + box["width"] + 0.5
            assert (
                box["y"] - 0.5 <= t["y"] and t["y"] + t["height"] <= box["y"] + box["height"] + 0.5
            )
        assert "104" not in chart.inner_html()
        assert "Heradshaugen ungdomsskule</text>" in chart.inner_html()
