"""The web chat in a real browser: Debian's Chromium driven by Playwright against `careerbot serve`.

Without a browser these tests skip with a line saying how to get one; on CI (CI=true) a missing browser
fails instead, so the browser tests cannot silently stop running there.
"""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

INSTALL = "pip install '.[test,web]' for the web chat tests"
playwright_api = pytest.importorskip("playwright.sync_api", reason=INSTALL)
pytest.importorskip("starlette", reason=INSTALL)

BROWSER_HINT = "no Chromium found: run 'apt-get install -y chromium' (or set CAREERBOT_CHROMIUM to a browser)"
ANSWER_TIMEOUT_MS = 15_000


def _chromium() -> str | None:
    candidates = [os.environ.get("CAREERBOT_CHROMIUM", ""), "/usr/bin/chromium"]
    candidates += [shutil.which(name) or "" for name in ("chromium", "chromium-browser", "google-chrome")]
    return next((path for path in candidates if path and Path(path).is_file()), None)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    """`careerbot serve` on a free local port, as a user starts it."""
    port = _free_port()
    env = {**os.environ, "CAREERBOT_SECRET": "browser-test-secret-0123456789"}
    process = subprocess.Popen(
        [sys.executable, "-m", "chatbot", "serve", "--port", str(port)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}/"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                with urllib.request.urlopen(url + "healthz", timeout=1) as response:
                    if response.status == 200:
                        break
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    pytest.fail("careerbot serve did not start")
                time.sleep(0.2)
        yield url
    finally:
        process.terminate()
        process.wait(timeout=10)


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    path = _chromium()
    if path is None:
        if os.environ.get("CI"):
            pytest.fail(BROWSER_HINT)
        pytest.skip(BROWSER_HINT)
    with playwright_api.sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=path)
        yield launched
        launched.close()


@pytest.fixture
def page(browser: Any, server: str) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.add_init_script("window.print = () => { document.body.dataset.printed = 'yes'; };")
    page.set_default_timeout(ANSWER_TIMEOUT_MS)
    page.goto(server)
    yield page
    context.close()


def _say(page: Any, text: str) -> Any:
    """Type a message, press Enter, and return the bot's answer to it."""
    answers = page.locator(".msg.bot")
    before = answers.count()
    page.get_by_label("Message").fill(text)
    page.get_by_label("Message").press("Enter")
    answers.nth(before).wait_for()
    return answers.nth(before)


def _click_and_wait(page: Any, button: Any) -> Any:
    answers = page.locator(".msg.bot")
    before = answers.count()
    button.click()
    answers.nth(before).wait_for()
    return answers.nth(before)


def test_a_typed_question_gets_an_answer_with_a_role_card(page: Any) -> None:
    """Typing a question and pressing Enter shows the question, the answer and the role's card."""
    answer = _say(page, "tell me what a medical biller does")
    assert page.locator(".msg.user").last.inner_text().endswith("tell me what a medical biller does")
    assert "Medical biller" in answer.locator(".text").inner_text()
    card = answer.locator(".card")
    assert card.locator("h3").inner_text() == "Medical biller"
    assert re.search(r"\$[\d,]+ a year", card.inner_text())
    assert "May 2024" in card.inner_text() and "bls.gov" in card.inner_text()


def test_markup_typed_by_a_user_is_shown_as_text(page: Any) -> None:
    """An HTML tag with a script handler shows as the characters typed: no image element, no dialog."""
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    typed = "<img src=x onerror=alert(1)>"
    _say(page, typed)
    assert page.locator(".msg.user p").last.inner_text() == typed
    assert page.locator("#log img").count() == 0
    page.wait_for_timeout(300)  # give an injected handler the time it would need to fire
    assert dialogs == []


def test_a_comparison_shows_a_table_and_a_pay_chart(page: Any) -> None:
    """Two roles side by side: a real table with a row per role and an SVG bar per role."""
    answer = _say(page, "PA vs NP")
    table = answer.locator("table")
    assert table.locator("tbody tr").count() == 2
    headers = table.locator("thead th").all_inner_texts()
    assert "Median pay" in headers and "Growth" in headers
    assert "May 2024" in table.inner_text()
    chart = answer.locator("svg.chart")
    assert chart.locator("rect.bar").count() == 2
    assert "Median yearly pay" in (chart.locator("text.foot").text_content() or "")


def test_a_stand_in_figure_is_marked_in_the_chart(page: Any) -> None:
    """A figure from a wider group (coders are counted with records specialists) is hatched and starred."""
    answer = _say(page, "compare a medical coder with a physician assistant")
    assert answer.locator("rect.bar.marked").count() >= 1
    assert "*" in answer.locator(".notes").inner_text()


def test_the_quiz_can_be_taken_by_clicking(page: Any) -> None:
    """The quiz starts from a button and each question is answered with an option button."""
    _click_and_wait(page, page.get_by_role("button", name="Which job fits me?"))
    for _ in range(10):
        options = page.locator(".msg.bot").last.locator("button.option")
        if options.count() == 0:
            break
        _click_and_wait(page, options.first)
    result = page.locator(".msg.bot").last
    assert "Roles that fit" in result.inner_text()
    assert result.locator("table tbody tr").count() >= 1


def test_a_follow_up_button_asks_that_question(page: Any) -> None:
    """A suggested follow-up is a button; clicking it asks about the role in focus."""
    _say(page, "what is the job of a medical coder")
    button = page.locator(".msg.bot").last.get_by_role("button", name="How much do they make?")
    answer = _click_and_wait(page, button)
    assert "Medical coder pay" in answer.inner_text()


def test_a_clarifying_question_offers_its_choices_as_buttons(page: Any) -> None:
    """'Which nurse?' lists the nurses as buttons; a click answers with the number."""
    answer = _say(page, "how much does a nurse make?")
    options = answer.locator("button.option")
    assert options.count() == 3
    chosen = options.nth(1).inner_text().split(". ", 1)[1]
    reply = _click_and_wait(page, options.nth(1))
    assert page.locator(".msg.user p").last.inner_text() == "2"
    assert chosen.split(" / ")[0] in reply.inner_text()
    assert options.nth(0).is_disabled()  # an answered question's choices no longer send numbers


def test_the_page_fits_a_phone(browser: Any, server: str) -> None:
    """At 375 px wide the page does not scroll sideways, even with a comparison table on screen."""
    context = browser.new_context(viewport={"width": 375, "height": 740}, is_mobile=True)
    page = context.new_page()
    page.set_default_timeout(ANSWER_TIMEOUT_MS)
    page.goto(server)
    _say(page, "coder vs biller vs medical records specialist")
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    send = page.get_by_role("button", name="Send").bounding_box()
    assert send is not None and send["x"] + send["width"] <= 375
    context.close()


def test_keyboard_only_use(page: Any) -> None:
    """Tab reaches the message box, Enter sends, and focus returns to the box for the next message."""
    for _ in range(12):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.id") == "message":
            break
    assert page.evaluate("document.activeElement.id") == "message"
    page.keyboard.type("how much do phlebotomists make")
    page.keyboard.press("Enter")
    page.locator(".msg.bot").nth(1).wait_for()
    assert "Phlebotomist pay" in page.locator(".msg.bot").nth(1).inner_text()
    assert page.evaluate("document.activeElement.id") == "message"


def test_print_handout_and_start_over(page: Any) -> None:
    """Print handout prints the handout of the roles on screen; Start over clears the conversation."""
    _say(page, "describe the work of a phlebotomist")
    _say(page, "and a medical coder?")
    page.get_by_role("button", name="Print handout").click()
    frame = page.frame_locator("#handout-frame")
    frame.locator("body[data-printed=yes]").wait_for(state="attached")  # loaded first: no race on a busy CI
    assert frame.locator("h1").all_inner_texts() == ["Phlebotomist", "Medical coder"]
    page.emulate_media(media="print")
    assert not page.locator("#chat").is_visible()  # the chat prints as a transcript, without the box
    page.emulate_media(media="screen")
    page.get_by_role("button", name="Start over").click()
    assert page.locator(".msg.user").count() == 0
    answer = _say(page, "what is their pay like")  # no role in focus any more
    assert "Phlebotomist" not in answer.inner_text()


def test_the_transcript_is_a_live_log(page: Any) -> None:
    """Screen readers hear new messages: the transcript is role=log with aria-live."""
    log = page.get_by_role("log")
    assert log.get_attribute("aria-live") == "polite"
    assert page.get_by_role("textbox", name="Message").is_visible()
