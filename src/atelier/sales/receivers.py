"""Thin receivers for allauth's signals: each reads the request and calls one service.

* `user_logged_in`: the guest cart (cookie `CART_COOKIE`) joins the customer's cart.
* `email_confirmed`: earlier guest orders placed with that address join the account.
"""

from __future__ import annotations

from allauth.account.signals import email_confirmed, user_logged_in

CART_COOKIE = "atelier_cart"


def on_user_logged_in(sender, request, user, **kwargs) -> None:
    from atelier.sales.services import cart_merge_on_login

    token = request.COOKIES.get(CART_COOKIE, "") if request is not None else ""
    cart_merge_on_login(token=token, user=user)


def on_email_confirmed(sender, request, email_address, **kwargs) -> None:
    from atelier.sales.services import orders_claim_for_verified_email

    orders_claim_for_verified_email(user=email_address.user, email=email_address.email)


def connect() -> None:
    user_logged_in.connect(on_user_logged_in, dispatch_uid="sales.cart_merge_on_login")
    email_confirmed.connect(on_email_confirmed, dispatch_uid="sales.orders_claim")
