from django.contrib.sitemaps.views import sitemap
from django.urls import path

from atelier.storefront import (
    account_views,
    cart_views,
    change_views,
    checkout_views,
    tracking_views,
    views,
)
from atelier.storefront.sitemaps import SITEMAPS, robots_txt

app_name = "storefront"
urlpatterns = [
    path("", views.home, name="home"),
    path("category/<slug:slug>/", views.category, name="category"),
    path("collections/", views.collections, name="collections"),
    path("collections/<slug:slug>/", views.collection, name="collection"),
    path("products/<slug:slug>/", views.product, name="product"),
    path("products/<slug:slug>/price/", views.product_price, name="product_price"),
    path("search/", views.search, name="search"),
    path("region/", views.set_region, name="region"),
    path("sitemap.xml", sitemap, {"sitemaps": SITEMAPS}, name="sitemap"),
    path("robots.txt", robots_txt, name="robots"),
]

# --- Cart, checkout, orders and the customer's account (issue 4) -----------------------
urlpatterns += [
    path("cart/", cart_views.cart_page, name="cart"),
    path("cart/add/", cart_views.cart_add, name="cart_add"),
    path("cart/lines/<int:line_id>/", cart_views.cart_line_update, name="cart_line_update"),
    path("cart/lines/<int:line_id>/remove/", cart_views.cart_line_remove, name="cart_line_remove"),
    path("cart/discount/", cart_views.cart_discount, name="cart_discount"),
    path("cart/discount/remove/", cart_views.cart_discount_remove, name="cart_discount_remove"),
    path("cart/loyalty/", cart_views.cart_loyalty, name="cart_loyalty"),
    path("checkout/", checkout_views.checkout, name="checkout"),
    path("orders/<str:number>/", checkout_views.order_page, name="order"),
    path("orders/<str:number>/pay/", checkout_views.order_pay, name="order_pay"),
    path("orders/<str:number>/tracking/", tracking_views.order_tracking, name="order_tracking"),
    path(
        "orders/<str:number>/lines/<str:ref>/change/",
        change_views.line_change,
        name="order_line_change",
    ),
    path(
        "orders/<str:number>/invoices/<str:invoice_number>/",
        checkout_views.order_invoice,
        name="order_invoice",
    ),
    path("account/", account_views.account, name="account"),
    path("account/addresses/", account_views.addresses, name="account_addresses"),
    path("account/notifications/", account_views.notifications, name="account_notifications"),
    path(
        "account/addresses/<int:address_id>/",
        account_views.address_edit,
        name="account_address_edit",
    ),
    path(
        "account/addresses/<int:address_id>/delete/",
        account_views.address_delete,
        name="account_address_delete",
    ),
]
