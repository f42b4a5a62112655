"""Order pages under /backoffice/orders/ (names in the "backoffice" namespace)."""

from django.urls import path

from atelier.backoffice import orders_mto_views as mto
from atelier.backoffice import orders_views as views

urlpatterns = [
    path("", views.order_list, name="order_list"),
    path("new/", views.quotation_new, name="quotation_new"),
    path("<str:number>/", views.order_detail, name="order_detail"),
    path("<str:number>/status/", views.order_transition, name="order_transition"),
    path("<str:number>/contact/", views.order_contact, name="order_contact"),
    path("<str:number>/billing/", views.order_billing, name="order_billing"),
    path("<str:number>/delivery/", views.order_delivery, name="order_delivery"),
    path(
        "<str:number>/shipping-address/",
        views.order_shipping_address,
        name="order_shipping_address",
    ),
    path("<str:number>/lines/", views.order_line_add, name="order_line_add"),
    path("<str:number>/lines/<str:ref>/", views.order_line_update, name="order_line_update"),
    path("<str:number>/payment-link/", views.order_payment_link, name="order_payment_link"),
    path(
        "<str:number>/invoices/<str:invoice_number>/",
        views.order_invoice,
        name="order_invoice",
    ),
    # Made to order (issue 8)
    path("<str:number>/made-to-order/", mto.order_made_to_order, name="order_made_to_order"),
    path(
        "<str:number>/lines/<str:ref>/finalise/",
        mto.order_line_finalise,
        name="order_line_finalise",
    ),
    path(
        "<str:number>/lines/<str:ref>/change/",
        mto.order_change_propose,
        name="order_change_propose",
    ),
    path(
        "<str:number>/changes/<str:change_ref>/accept/",
        mto.order_change_accept,
        name="order_change_accept",
    ),
    path(
        "<str:number>/changes/<str:change_ref>/cancel/",
        mto.order_change_cancel,
        name="order_change_cancel",
    ),
]
