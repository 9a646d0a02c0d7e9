"""Signing in on a phone: the first thing anybody does with Lotline."""

from __future__ import annotations

from browser_steps import fits_the_screen, sign_in


def test_an_owner_signs_in_on_a_phone_and_sees_the_home_page(phone, owner, screenshot):
    phone.goto("/")
    assert "/login/" in phone.url  # every page but sign-in needs a login
    screenshot(phone, "sign-in")

    sign_in(phone, "olivia", "olivia-password")

    assert phone.get_by_role("search").is_visible()
    assert phone.get_by_role("button", name="Sign out olivia").is_visible()
    assert fits_the_screen(phone)
    screenshot(phone, "home")


def test_a_wrong_password_keeps_the_person_on_the_sign_in_page(phone, owner, screenshot):
    phone.goto("/login/")
    phone.get_by_label("User name").fill("olivia")
    phone.get_by_label("Password").fill("not-her-password")
    phone.get_by_role("button", name="Sign in").click()

    assert "/login/" in phone.url
    assert phone.locator(".errorlist").is_visible()
    screenshot(phone, "wrong-password")
