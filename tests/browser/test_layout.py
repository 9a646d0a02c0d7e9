"""How the pages sit on a phone and on a desktop, and what a keyboard does on them: radio buttons
beside their words, wide tables that scroll inside a focusable box (never cut off), a readable
"Received" column in a recall, a menu whose every entry is on the screen, a summary of a form's
problems above it, Enter that records a batch, arrow keys that do not reload the batch form, and a
skip link. Screenshots of each go to test-output/screenshots/."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from browser_steps import fits_the_screen, sign_in
from django.urls import reverse

from lotline.accounts.services import add_person
from lotline.catalog.recipes import RecipeLineIn, set_recipe
from lotline.lots.models import Lot
from lotline.web.nav import MENU

RECALL = reverse("recall") + "?supplier=VALLEY&item=STRAW&from=2026-03-01&to=2026-03-31"


@pytest.fixture(params=["phone", "desktop"])
def page(request, live_server, owner, story):
    """The owner, signed in, on a phone and then on a desktop, with the jam seller's story recorded."""
    page = request.getfixturevalue(request.param)
    sign_in(page, "olivia", "olivia-password")
    return page


@pytest.fixture
def phone_page(phone, owner, story):
    sign_in(phone, "olivia", "olivia-password")
    return phone


def box(locator) -> dict[str, float]:
    return locator.bounding_box()


def test_each_radio_button_sits_on_the_line_of_its_words(page, screenshot):
    page.goto(reverse("trace"))
    for words in ("Back: what went in", "Forward: where it went"):
        radio, label = page.get_by_label(words), page.locator("label.check", has_text=words)
        r, w = box(radio), box(label)
        assert r["x"] < w["x"] + 30, words  # at the start of its line, not above it
        assert w["y"] <= r["y"] and r["y"] + r["height"] <= w["y"] + w["height"], words
        assert w["height"] < 50, words  # one line of words, not the button on a line of its own
    screenshot(page, "trace-form")


def test_a_wide_table_on_a_phone_scrolls_inside_a_focusable_box_and_loses_no_column(phone_page, screenshot):
    page = phone_page
    page.goto(RECALL)
    assert fits_the_screen(page)
    for wrapper in page.locator("main div.scroll:has(table)").all():
        name = wrapper.get_attribute("aria-label")
        assert wrapper.get_attribute("tabindex") == "0" and wrapper.get_attribute("role") == "region" and name
        table = box(wrapper.locator("table"))
        assert wrapper.evaluate("e => e.scrollWidth") >= table["width"] - 1, name  # every column reachable
        assert wrapper.evaluate("e => getComputedStyle(e).overflowX") == "auto", name
    customers = page.get_by_role("region", name="Customers to contact")
    assert customers.evaluate("e => e.scrollWidth > e.clientWidth")  # wider than the phone: it scrolls
    customers.focus()
    page.keyboard.press("End")
    page.keyboard.press("ArrowRight")
    customers.get_by_role("columnheader", name="Received").scroll_into_view_if_needed()
    assert customers.evaluate("e => e.scrollLeft") > 0
    screenshot(page, "recall-customers-scrolled")
    customers.screenshot(path=str(screenshot(page, "recall-page").with_name("customers-table.png")))


def test_the_received_column_of_a_recall_stays_readable_on_a_phone(phone_page):
    phone_page.goto(RECALL)
    table = phone_page.get_by_role("region", name="Customers to contact")
    header = table.get_by_role("columnheader", name="Received")
    cell = table.locator("td", has_text="of SJ-").first
    char = phone_page.evaluate("""() => { const c = document.createElement("canvas").getContext("2d");
        c.font = getComputedStyle(document.body).font; return c.measureText("0").width; }""")
    assert box(header)["width"] >= 20 * char  # "24 units of SJ-20260304-A on 2026-03-07" on two lines
    assert box(cell)["width"] >= 20 * char
    assert box(table.get_by_role("columnheader", name="Contact"))["width"] >= 10 * char


def test_the_sign_out_button_fits_on_a_desktop_even_with_a_long_name(desktop, django_user_model, screenshot):
    add_person("maximiliane-van-der-westhuizen", "long-name-password", role="owner", actor="alice")
    sign_in(desktop, "maximiliane-van-der-westhuizen", "long-name-password")
    button = desktop.get_by_role("button", name="Sign out maximiliane-van-der-westhuizen")
    b = box(button)
    assert b["x"] >= 0 and b["x"] + b["width"] <= desktop.viewport_size["width"]
    assert button.evaluate("e => e.scrollWidth <= e.clientWidth")  # its words are not cut
    menu = desktop.locator("nav.menu")
    assert menu.evaluate("e => e.scrollWidth <= e.clientWidth")
    assert fits_the_screen(desktop)
    screenshot(desktop, "header")


def test_every_menu_entry_is_on_the_screen_of_a_phone(phone_page, screenshot):
    page = phone_page
    width = page.viewport_size["width"]
    links = page.locator("nav.menu a")
    assert links.count() == len(MENU)  # an owner's: every entry
    for link in [*links.all(), page.get_by_role("button", name="Sign out olivia")]:
        b = box(link)
        assert b["x"] >= 0 and b["x"] + b["width"] <= width, link.inner_text()
    assert fits_the_screen(page)
    screenshot(page, "menu")
    page.locator("nav.menu").get_by_role("link", name="People").click()
    page.wait_for_url(re.compile("/people/"))


def test_a_form_sent_back_has_a_summary_of_its_problems_at_the_top(page, screenshot):
    page.goto(reverse("receive"))
    with page.expect_navigation():
        page.get_by_role("button", name="Receive", exact=True).click()
    summary = page.get_by_role("alert")
    assert summary.get_by_role("heading").inner_text() == "3 things to fix"
    assert box(summary)["y"] < box(page.locator("form.stack"))["y"]
    links = summary.get_by_role("link")
    assert links.all_inner_texts() == ["Ingredient: This field is required.", "Supplier: This field is required.",
                                       "Quantity: This field is required."]
    assert page.locator("label:has([name=quantity]) .errorlist").is_visible()  # and next to the field
    screenshot(page, "receive-refused")
    links.last.click()
    assert page.evaluate("document.activeElement.name") == "quantity"


def test_a_batch_line_problem_is_in_the_summary_and_links_to_the_line(phone_page, jam_recipe, screenshot):
    page = phone_page
    page.goto(reverse("batch_new") + "?product=SJ")
    page.locator("[name=line_lot]").first.fill("NO-SUCH-LOT")
    with page.expect_navigation():
        page.get_by_role("button", name="Record the batch").click()
    link = page.get_by_role("alert").get_by_role("link", name=re.compile("^Strawberries NO-SUCH-LOT: "))
    link.click()
    assert page.evaluate("document.activeElement.value") == "NO-SUCH-LOT"
    screenshot(page, "batch-refused")


@pytest.fixture
def jam_recipe(story) -> None:
    set_recipe("SJ", [RecipeLineIn("STRAW", Decimal(8), "kg"), RecipeLineIn("SUGAR", Decimal(4), "kg")],
               batch_quantity=Decimal(40), actor="olivia")


def test_enter_in_a_field_of_the_batch_form_records_the_batch(phone_page, jam_recipe):
    page = phone_page
    page.goto(reverse("batch_new") + "?product=SJ")
    page.locator("[name=quantity_produced]").fill("40")
    with page.expect_navigation():
        page.locator("[name=made_by]").press("Enter")
    assert "/batch/made/" in page.url
    assert Lot.objects.filter(item__code="SJ", kind="batch").count() == 3  # the story's two, and this one


def test_arrow_keys_on_the_product_list_fill_in_the_recipe_once_on_leaving_it(desktop, owner, jam_recipe,
                                                                               screenshot):
    sign_in(desktop, "olivia", "olivia-password")
    desktop.goto(reverse("batch_new"))
    fills = []
    desktop.on("request", lambda r: fills.append(r) if r.method == "POST" and "batch/new" in r.url else None)
    desktop.get_by_role("heading", name="Record a batch").click()
    desktop.keyboard.press("Tab")  # onto the product list, from the keyboard
    product = desktop.locator("[name=product]")
    assert desktop.evaluate("document.activeElement.name") == "product"
    while product.input_value() != "SJ":
        desktop.keyboard.press("ArrowDown")
    with desktop.expect_response(lambda r: "batch/new" in r.url and r.request.method == "POST"):
        desktop.keyboard.press("Tab")
    desktop.locator("[name=line_lot][value^='STRAW-']").wait_for()
    assert len(fills) == 1  # not one per key
    assert product.input_value() == "SJ"
    screenshot(desktop, "batch-filled-from-the-keyboard")


def test_a_product_chosen_with_a_tap_fills_in_the_recipe_at_once(phone_page, jam_recipe):
    phone_page.goto(reverse("batch_new"))
    phone_page.locator("[name=product]").select_option("SJ")
    phone_page.locator("[name=line_lot][value^='STRAW-']").wait_for()


def test_the_first_tab_reaches_a_skip_link_to_the_page(page, screenshot):
    page.goto(reverse("home"))
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Skip to the page")
    assert page.evaluate("document.activeElement.textContent") == "Skip to the page"
    assert skip.is_visible() and box(skip)["y"] >= 0
    screenshot(page, "skip-link")
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"
