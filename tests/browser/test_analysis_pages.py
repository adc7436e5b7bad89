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
        pages.goto("/o/demo/explore/?show=completion_upper_secondary.0")
        chart = page.locator(".chart-figure svg:visible")
        box = chart.bounding_box()
        # The plot takes the page's width on a wide screen, not a corner of it.
        room = page.locator("main").bounding_box()["width"]
        assert box["width"] >= (0.6 if viewport == DESKTOP else 0.85) * room, (box, room)
        texts = chart.locator("text")
        assert texts.count() > 5
        for i in range(texts.count()):
            t = texts.nth(i).bounding_box()
            assert box["x"] - 0.5 <= t["x"] and t["x"] + t["width"] <= box["x"] + box["width"] + 0.5
            assert (
                box["y"] - 0.5 <= t["y"] and t["y"] + t["height"] <= box["y"] + box["height"] + 0.5
            )
        # No share over 100 on the axis.
        assert not [t for t in texts.all_text_contents() if t.startswith("104")]
        assert "Heradshaugen ungdomsskule</text>" in chart.inner_html()


# The scrolling boxes of tables that hold more than the box shows, with no hint saying so.
CUT_OFF = """
() => { document.querySelectorAll('details').forEach(d => { d.open = true; });
  return [...document.querySelectorAll('.table-wrap')].filter(b =>
    b.scrollWidth > b.clientWidth + 1 && !document.querySelector(`[data-scroll-hint="${b.id}"]`)
  ).map(b => b.getAttribute('aria-label') || b.id); }
"""


def test_on_a_phone_no_table_is_cut_off_and_every_column_is_readable(pages, transactional_db):
    """The data sheet's «compared with the nation», the profiles' criteria and the people's
    role, school, status and «remove role» all within a 390 px screen (issue 19)."""
    build_demo()
    page = pages.page
    _log_in(pages, "admin@demo.example", "demo", "nn")
    page.set_viewport_size(PHONE)
    pages.goto("/o/demo/overview/")
    sheets = page.eval_on_selector_all(
        ".overview-table a[href$='/sheet/']", "links => links.map(a => a.getAttribute('href'))"
    )
    criteria = page.locator("#profiles-table ~ tbody ul.changes, table:has(#profiles-table) ul")
    assert criteria.count() > 0
    assert min(criteria.nth(i).bounding_box()["width"] for i in range(criteria.count())) > 200
    assert page.evaluate(CUT_OFF) == []
    for href in sheets[:3]:
        pages.goto(href)
        assert page.evaluate(CUT_OFF) == [], href
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    pages.goto("/o/demo/people/")
    assert page.evaluate(CUT_OFF) == []
    remove = page.get_by_role("link", name="Fjern rolla").first
    box = remove.bounding_box()
    assert box and box["x"] + box["width"] <= PHONE["width"]
