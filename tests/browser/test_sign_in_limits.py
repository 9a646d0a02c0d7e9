"""After too many wrong passwords the sign-in page says so, and when to try again."""

from __future__ import annotations

from browser_steps import fits_the_screen

from lotline.accounts.signin import PER_NAME


def test_the_sixth_try_says_when_to_try_again(phone, owner, screenshot):
    for password in ["not-her-password"] * PER_NAME + ["olivia-password"]:
        phone.goto("/login/")
        phone.get_by_label("User name").fill("olivia")
        phone.get_by_label("Password").fill(password)
        phone.get_by_role("button", name="Sign in").click()
        phone.locator(".errorlist").wait_for()

    assert "/login/" in phone.url
    said = "Too many failed sign-ins for this user name. Try again after"
    assert phone.locator("form").get_by_text(said).is_visible()
    assert fits_the_screen(phone)
    screenshot(phone, "sign-in-locked")
